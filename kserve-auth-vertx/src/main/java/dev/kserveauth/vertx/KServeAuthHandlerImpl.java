/*
 * Copyright 2026 the kserve-auth authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.kserveauth.vertx;

import dev.kserveauth.AuthResult;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.http.RequestHeaders;
import dev.kserveauth.http.RequestHeadersBuilder;
import dev.kserveauth.http.RequestParsing;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.authn.Principal;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class KServeAuthHandlerImpl implements KServeAuthHandler {
  private static final Logger LOG = LoggerFactory.getLogger(KServeAuthHandler.class);

  private final KServeAuth auth;

  KServeAuthHandlerImpl(KServeAuth auth) {
    this.auth = Objects.requireNonNull(auth, "auth");
  }

  @Override
  public void handle(RoutingContext ctx) {
    step(ctx, () -> decide(ctx));
  }

  /** Runs one step of the decision, failing closed; goes on to the next handler when it says so. */
  private void step(RoutingContext ctx, java.util.function.BooleanSupplier decision) {
    boolean proceed;
    try {
      proceed = decision.getAsBoolean();
    } catch (RuntimeException e) {
      LOG.error("kserve-auth handler failed before the application; denying", e);
      reject(ctx, auth.internalError());
      return;
    }
    if (proceed) {
      ctx.next(); // outside the try: the application's failures are vertx-web's to handle
    }
  }

  /** Returns true when the request may continue now; false when answered or continued later. */
  private boolean decide(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    byte[] body = null;
    String rawPath = req.path();
    if (rawPath == null) {
      rawPath = "";
    }
    boolean paused = false;
    if (auth.needsBody(req.method().name(), rawPath)) {
      RequestBody rb = ctx.body();
      if (rb != null && rb.available()) { // a BodyHandler mounted before this handler already buffered it
        Buffer b = rb.buffer();
        body = b == null ? new byte[0] : b.getBytes();
        AuthResult.Reject tooLarge = auth.checkBodySize(view(req, rawPath, null), body.length);
        if (tooLarge != null) {
          reject(ctx, tooLarge);
          return false;
        }
      } else if (!req.isEnded()) {
        // hold the body while authenticating (maybe asynchronously): it is read only if the decision needs it
        req.pause();
        paused = true;
      }
    }
    RequestView view = view(req, rawPath, body);
    if (RequestParsing.absoluteFormDiffers(req.uri(), view.host())) {
      reject(ctx, auth.authorityMismatch(view)); // Vert.x routes on Host, the absolute URI names another
      return false;
    }
    CompletableFuture<AuthResult> f = auth.authorizeAsync(view).toCompletableFuture();
    if (f.isDone()) {
      return settle(ctx, view, f.join(), paused);
    }
    if (!paused && !req.isEnded()) {
      // decided later (e.g. a first JWKS fetch): a body arriving meanwhile must wait for the next handler
      req.pause();
      paused = true;
    }
    Context vctx = ctx.vertx().getOrCreateContext();
    boolean wasPaused = paused;
    f.whenComplete((result, err) -> vctx.runOnContext(v -> continueWith(ctx, view, result, wasPaused)));
    return false;
  }

  /** On the request's context, later: settle the result and go on to the next handler when allowed. */
  private void continueWith(RoutingContext ctx, RequestView view, AuthResult result, boolean paused) {
    step(ctx, () -> settle(ctx, view, result, paused));
  }

  /**
   * A {@link AuthResult.NeedsBody} starts reading the body; anything else is applied. Returns true
   * when the request may go on to the next handler now. A request paused here is resumed before it
   * goes on, so a later {@code BodyHandler} or the application reads its body as if this handler
   * were not there (they set their handlers in the same event-loop turn; data waits in the request).
   */
  private boolean settle(RoutingContext ctx, RequestView view, AuthResult result, boolean paused) {
    if (result instanceof AuthResult.NeedsBody nb) {
      BodyReader.start(this, ctx, nb);
      return false;
    }
    boolean proceed = apply(ctx, view, result);
    if (proceed && paused) {
      ctx.request().resume();
    }
    return proceed;
  }

  /** The decision once the body is in (called by {@link BodyReader}, on the request's context). */
  void decideWithBody(RoutingContext ctx, AuthResult.NeedsBody nb, Buffer body) {
    CompletableFuture<AuthResult> f;
    try {
      f = auth.authorizeWithBodyAsync(nb, body.getBytes()).toCompletableFuture();
    } catch (RuntimeException e) {
      f = CompletableFuture.completedFuture(null); // apply() fails closed
    }
    if (f.isDone()) {
      applyWithBody(ctx, nb, body, f.join());
      return;
    }
    // an external authorizer is asked: never block the event loop, go on on the request's context
    Context vctx = ctx.vertx().getOrCreateContext();
    f.whenComplete((result, err) -> vctx.runOnContext(v -> applyWithBody(ctx, nb, body, result)));
  }

  private void applyWithBody(RoutingContext ctx, AuthResult.NeedsBody nb, Buffer body, AuthResult result) {
    step(ctx, () -> {
      boolean proceed = apply(ctx, nb.request(), result);
      if (proceed) {
        BodyReader.handOver(ctx, body);
      }
      return proceed;
    });
  }

  KServeAuth auth() {
    return auth;
  }

  /** Applies a result; returns true when the request may go on to the next handler. */
  private boolean apply(RoutingContext ctx, RequestView view, AuthResult result) {
    if (result == null) { // authorizeAsync never completes exceptionally; be safe anyway
      reject(ctx, auth.internalError());
      return false;
    }
    if (result instanceof AuthResult.Reject r) {
      reject(ctx, r);
      return false;
    }
    AuthResult.Proceed p = (AuthResult.Proceed) result;
    if (auth.checkRouted(p, ctx.normalizedPath(), view) instanceof AuthResult.Reject mismatch) {
      reject(ctx, mismatch);
      return false;
    }
    HttpServerRequest req = ctx.request();
    MultiMap headers = req.headers();
    for (String name : p.headersToRemove()) {
      headers.remove(name);
    }
    Map<String, String> set = p.headersToSet();
    if (!set.isEmpty()) { // usually empty: spare the bound method reference
      set.forEach(headers::set);
    }
    for (String param : p.queryParamsToRemove()) {
      req.params().remove(param);
      ctx.queryParams().remove(param);
    }
    Principal principal = p.principal();
    if (principal != null) {
      VertxCompat.setUser(ctx, Users.toUser(principal));
      ctx.put(PRINCIPAL_KEY, principal);
    }
    ctx.put(DECISION_KEY, p.decision());
    ctx.put(RESULT_KEY, p);
    Map<String, String> response = p.responseHeaders();
    if (!response.isEmpty()) { // an external authorizer's headers on allow
      response.forEach(ctx.response()::putHeader);
    }
    return true;
  }

  static void reject(RoutingContext ctx, AuthResult.Reject r) {
    reject(ctx, r, false);
  }

  /**
   * Writes a reject. With {@code bodyUnread}, an HTTP/1.x response says {@code Connection: close}: the
   * rest of the body is never read, so the connection cannot carry another request.
   */
  static void reject(RoutingContext ctx, AuthResult.Reject r, boolean bodyUnread) {
    HttpServerResponse res = ctx.response();
    if (res.headWritten()) {
      ctx.fail(r.status());
      return;
    }
    res.setStatusCode(r.status());
    for (Map.Entry<String, String> h : r.headers().entrySet()) {
      res.putHeader(h.getKey(), h.getValue());
    }
    HttpServerRequest req = ctx.request();
    boolean close = req.version() != io.vertx.core.http.HttpVersion.HTTP_2 && !req.isEnded()
        && (bodyUnread || mayHaveBody(req));
    if (close) {
      res.putHeader("Connection", "close");
    }
    byte[] body = r.body();
    res.putHeader("Content-Length", String.valueOf(body.length));
    if (close) {
      // the unread body would be taken for the next request: end the connection once the answer is out
      HttpConnection c = req.connection();
      res.end(Buffer.buffer(body)).onComplete(done -> {
        if (c != null) {
          c.close();
        }
      });
    } else {
      res.end(Buffer.buffer(body));
    }
  }

  private static boolean mayHaveBody(HttpServerRequest req) {
    String length = req.getHeader("Content-Length");
    return length != null && !length.equals("0") || req.getHeader("Transfer-Encoding") != null;
  }

  /**
   * The peer address as the server sees it. vertx-web's request wrapper answers {@code remoteAddress()}
   * through its forwarded-header parser (which also builds the absolute URI and authority), and that
   * parser replaces the connection's address only for a {@code Forwarded} or {@code X-Forwarded-For}
   * header, and only when the router allows forwarding. Without either header the connection's
   * address is the same answer, at a fraction of the cost.
   */
  private static SocketAddress remoteAddress(HttpServerRequest req, RequestHeaders headers) {
    if (headers.containsKey("forwarded") || headers.containsKey("x-forwarded-for")) {
      return req.remoteAddress();
    }
    HttpConnection c = req.connection();
    return c == null ? req.remoteAddress() : c.remoteAddress();
  }

  /**
   * Formatting an address as text on every request shows in profiles; a connection keeps one
   * {@code SocketAddress} for its life, so the text is remembered per instance. Direct-mapped by
   * identity, immutable entries: racy reads and writes are safe, a miss only formats again.
   */
  private static final AddressText[] ADDRESS_TEXT = new AddressText[64];

  private record AddressText(SocketAddress address, String text) {}

  static String hostAddress(SocketAddress address) {
    if (address == null) {
      return "";
    }
    int slot = System.identityHashCode(address) & (ADDRESS_TEXT.length - 1);
    AddressText t = ADDRESS_TEXT[slot];
    if (t != null && t.address == address) {
      return t.text;
    }
    String text = address.hostAddress();
    text = text == null ? "" : text;
    ADDRESS_TEXT[slot] = new AddressText(address, text);
    return text;
  }

  /**
   * The authority the router routes on: {@code request.authority()} (the HTTP/2 {@code :authority}
   * or the {@code Host} header, through vertx-web's forwarded-header handling when the router allows
   * it), not the {@code Host} header alone, which an HTTP/2 request does not carry. The same call
   * exists in Vert.x 4.5 and 5.
   */
  static String authority(HttpServerRequest req, RequestHeaders headers) {
    HostAndPort a = req.authority();
    return RequestParsing.routedAuthority(headers.get("host"), a == null ? null : a.host(), a == null ? -1 : a.port());
  }

  static RequestView view(HttpServerRequest req, String rawPath, byte[] body) {
    RequestHeadersBuilder b = RequestHeaders.builder();
    for (Map.Entry<String, String> e : req.headers()) {
      b.add(e.getKey(), e.getValue());
    }
    RequestHeaders headers = b.build();
    String remote = hostAddress(remoteAddress(req, headers));
    int localPort = req.localAddress() == null ? -1 : req.localAddress().port();
    return new RequestView(req.method().name(), rawPath, authority(req, headers), headers,
        RequestParsing.parseQuery(req.query()), RequestParsing.parseCookies(headers.get("cookie")), remote, localPort,
        body);
  }
}
