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
package dev.kserveauth.spring.boot;

import dev.kserveauth.AuthResult;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.http.RequestHeaders;
import dev.kserveauth.http.RequestHeadersBuilder;
import dev.kserveauth.http.RequestParsing;
import dev.kserveauth.http.RequestPaths;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.spring.boot.internal.NettyRequests;
import dev.kserveauth.authn.Principal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A Spring WebFlux {@link WebFilter} that puts {@link KServeAuth} in front of the application: the same
 * decisions and the same response bytes as the servlet filter and the Vert.x handler, without ever
 * blocking the event loop (it calls {@link KServeAuth#authorizeAsync}).
 *
 * <p>A request the policies allow goes on with the headers kserve-auth strips removed and its
 * {@code outputClaimToHeaders} headers set, the token's query parameter removed (unless
 * {@code forwardOriginalToken}), {@code exchange.getPrincipal()} answering the verified
 * {@link Principal}, and the principal, decision and result in the exchange attributes
 * {@link #PRINCIPAL_ATTRIBUTE}, {@link #DECISION_ATTRIBUTE} and {@link #RESULT_ATTRIBUTE}. The body is
 * read only when the decision needs the model an OpenAI-compatible body names (after
 * authentication; at most {@link KServeAuth#maxBodyBytes()}, else 413, within
 * {@link KServeAuth#bodyTimeout()}, else 408) and is then replayed to the application. A path the
 * router would see differently from the one decided on is refused (400).
 *
 * <pre>{@code
 * @since 0.1
 * @Bean
 * KServeAuthWebFilter kserveAuthWebFilter(KServeAuth auth) {
 *   return new KServeAuthWebFilter(auth, KServeAuthProperties.DEFAULT_FILTER_ORDER);
 * }
 * }</pre>
 *
 * <p>The starter registers one by itself in a reactive application.
 */
public class KServeAuthWebFilter implements WebFilter, Ordered {

  /** Exchange attribute holding the verified {@link Principal} (absent when anonymous). */
  public static final String PRINCIPAL_ATTRIBUTE = "dev.kserveauth.principal";
  /** Exchange attribute holding the {@link dev.kserveauth.policy.Decision}. */
  public static final String DECISION_ATTRIBUTE = "dev.kserveauth.decision";
  /** Exchange attribute holding the whole {@link AuthResult}. */
  public static final String RESULT_ATTRIBUTE = "dev.kserveauth.result";

  private static final Logger LOG = LoggerFactory.getLogger(KServeAuthWebFilter.class);

  private final KServeAuth auth;
  private final int order;

  /**
   * A filter on the facade.
   *
   * @param auth the facade (shared, thread-safe)
   * @param order the filter's order (see {@link KServeAuthProperties#DEFAULT_FILTER_ORDER})
   */
  public KServeAuthWebFilter(KServeAuth auth, int order) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.order = order;
  }

  @Override
  public int getOrder() {
    return order;
  }

  /** A decision and, when it was read, the body (null: not read; unread: a body may still be on the wire). */
  private record Decided(AuthResult result, byte[] body, boolean bodyUnread) {}

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    RequestView view;
    Mono<Decided> decided;
    try {
      ServerHttpRequest req = exchange.getRequest();
      view = view(req);
      if (RequestParsing.absoluteFormDiffers(NettyRequests.rawTarget(req), view.host())) {
        // an absolute-form target naming another authority than the one decided on: not decided
        return reject(exchange, auth.authorityMismatch(view), mayHaveBody(req));
      }
      CompletableFuture<AuthResult> f = auth.authorizeAsync(view).toCompletableFuture();
      Mono<AuthResult> result = f.isDone()
          ? Mono.justOrEmpty(f.getNow(null))
          // decided later (a first JWKS fetch): go on off the HTTP client's thread, never on a blocking one
          : Mono.fromFuture(f).publishOn(Schedulers.parallel());
      decided = result
          .flatMap(r -> r instanceof AuthResult.NeedsBody nb ? readBody(req, nb) : Mono.just(new Decided(r, null, false)))
          .switchIfEmpty(Mono.fromSupplier(() -> new Decided(auth.internalError(), null, false)))
          .onErrorResume(e -> {
            LOG.error("kserve-auth filter failed before the application; denying", e);
            return Mono.just(new Decided(auth.internalError(), null, false));
          });
    } catch (RuntimeException e) {
      LOG.error("kserve-auth filter failed before the application; denying", e);
      return reject(exchange, auth.internalError(), false);
    }
    RequestView v = view;
    // the application's own failures (inside chain.filter) are WebFlux's to handle, not a deny
    return decided.flatMap(d -> apply(exchange, chain, v, d));
  }

  /** Reads a body the decision needs: bounded in size (413) and time (408), without blocking. */
  private Mono<Decided> readBody(ServerHttpRequest req, AuthResult.NeedsBody nb) {
    long declared = req.getHeaders().getContentLength();
    if (declared > nb.maxBytes()) {
      return Mono.just(new Decided(auth.bodyTooLarge(nb.request()), null, true));
    }
    return DataBufferUtils.join(req.getBody(), nb.maxBytes())
        .map(KServeAuthWebFilter::bytes)
        .defaultIfEmpty(new byte[0])
        .timeout(nb.timeout())
        .map(body -> new Decided(auth.authorizeWithBody(nb, body), body, false))
        .onErrorResume(DataBufferLimitException.class,
            e -> Mono.just(new Decided(auth.bodyTooLarge(nb.request()), null, true)))
        .onErrorResume(TimeoutException.class,
            e -> Mono.just(new Decided(auth.bodyTimeout(nb.request()), null, true)));
  }

  private static byte[] bytes(DataBuffer buffer) {
    try {
      byte[] b = new byte[buffer.readableByteCount()];
      buffer.read(b);
      return b;
    } finally {
      DataBufferUtils.release(buffer);
    }
  }

  private Mono<Void> apply(ServerWebExchange exchange, WebFilterChain chain, RequestView view, Decided d) {
    AuthResult result = d.result();
    if (result instanceof AuthResult.Reject r) {
      // a body read that was cut off (413, 408) cannot be drained: the connection closes
      return d.bodyUnread() ? write(exchange, r, true)
          : reject(exchange, r, d.body() == null && mayHaveBody(exchange.getRequest()));
    }
    if (!(result instanceof AuthResult.Proceed p)) {
      return reject(exchange, auth.internalError(), d.body() == null && mayHaveBody(exchange.getRequest()));
    }
    ServerHttpRequest req = exchange.getRequest();
    if (!RequestPaths.sameAs(p.path(), routedPath(req))) {
      return reject(exchange, auth.pathMismatch(view), d.body() == null && mayHaveBody(req));
    }
    ServerHttpRequest mutated = req;
    if (!p.queryParamsToRemove().isEmpty()) {
      URI uri = req.getURI();
      String query = RequestParsing.withoutParams(uri.getRawQuery(), p.queryParamsToRemove());
      String s = uri.toString();
      int q = s.indexOf('?');
      mutated = req.mutate()
          .uri(URI.create((q < 0 ? s : s.substring(0, q)) + (query == null || query.isEmpty() ? "" : "?" + query)))
          .build();
    }
    boolean headersChange = !p.headersToRemove().isEmpty() || !p.headersToSet().isEmpty();
    if (headersChange || d.body() != null) {
      mutated = new Decorated(mutated, headersChange ? headers(mutated.getHeaders(), p) : null, d.body(),
          exchange.getResponse().bufferFactory());
    }
    Principal principal = p.principal();
    ServerWebExchange.Builder eb = exchange.mutate().request(mutated);
    if (principal != null) {
      eb.principal(Mono.just(principal));
    }
    ServerWebExchange next = eb.build();
    Map<String, Object> attributes = next.getAttributes();
    if (principal != null) {
      attributes.put(PRINCIPAL_ATTRIBUTE, principal);
    }
    attributes.put(DECISION_ATTRIBUTE, p.decision());
    attributes.put(RESULT_ATTRIBUTE, p);
    return chain.filter(next);
  }

  /**
   * The request's headers without the ones kserve-auth strips and with the ones it sets. Built as a new
   * {@code HttpHeaders} through calls whose signatures Spring Framework 6 and 7 share, so one compiled
   * starter runs on Spring Boot 3 and 4 ({@code HttpHeaders.remove} changed its signature in 7).
   */
  private static HttpHeaders headers(HttpHeaders in, AuthResult.Proceed p) {
    HttpHeaders out = new HttpHeaders();
    in.forEach((name, values) -> {
      if (!p.headersToRemove().contains(name.toLowerCase(java.util.Locale.ROOT))) {
        out.addAll(name, values);
      }
    });
    p.headersToSet().forEach(out::set);
    return out;
  }

  /** The request the application sees: kserve-auth's headers, and the body it read, replayed. */
  private static final class Decorated extends ServerHttpRequestDecorator {
    private final HttpHeaders headers;
    private final byte[] body;
    private final DataBufferFactory buffers;

    Decorated(ServerHttpRequest delegate, HttpHeaders headers, byte[] body, DataBufferFactory buffers) {
      super(delegate);
      this.headers = headers;
      this.body = body;
      this.buffers = buffers;
    }

    @Override
    public HttpHeaders getHeaders() {
      return headers != null ? headers : super.getHeaders();
    }

    @Override
    public Flux<DataBuffer> getBody() {
      return body == null ? super.getBody() : Flux.defer(() -> Flux.just(buffers.wrap(body)));
    }
  }

  /**
   * The path WebFlux routes on: each segment as its path patterns match it (percent-decoded, without
   * {@code ;} parameters), so a spelling the router reads differently from kserve-auth is a mismatch.
   */
  static String routedPath(ServerHttpRequest req) {
    PathContainer path = req.getPath().pathWithinApplication();
    StringBuilder sb = new StringBuilder(path.value().length());
    for (PathContainer.Element e : path.elements()) {
      if (e instanceof PathContainer.PathSegment s) {
        if (!s.parameters().isEmpty()) {
          return null; // matrix parameters: never the path decided on
        }
        sb.append(s.valueToMatch());
      } else {
        sb.append(e.value());
      }
    }
    return sb.toString();
  }

  /**
   * Writes a reject: the status, the headers and the body bytes the facade made, nothing else. When a
   * body may still be on the wire unread, an HTTP/1.1 response says {@code Connection: close} (the
   * unread rest would otherwise be taken for the next request); an HTTP/2 stream drops the header.
   */
  private Mono<Void> reject(ServerWebExchange exchange, AuthResult.Reject r, boolean bodyUnread) {
    if (!bodyUnread) {
      return write(exchange, r, false);
    }
    // a body nobody will read: drain it (bounded in size and time) so the connection stays usable and the
    // client reads the answer; past the bounds, answer with Connection: close
    long declared = exchange.getRequest().getHeaders().getContentLength();
    if (declared > auth.maxBodyBytes()) {
      return write(exchange, r, true);
    }
    int max = auth.maxBodyBytes();
    long[] seen = {0};
    return exchange.getRequest().getBody()
        .doOnNext(b -> {
          seen[0] += b.readableByteCount();
          DataBufferUtils.release(b);
          if (seen[0] > max) {
            throw new IllegalStateException("body over the drain bound");
          }
        })
        .then()
        .timeout(auth.bodyTimeout())
        .then(Mono.defer(() -> write(exchange, r, false)))
        .onErrorResume(e -> write(exchange, r, true));
  }

  private Mono<Void> write(ServerWebExchange exchange, AuthResult.Reject r, boolean bodyUnread) {
    ServerHttpResponse res = exchange.getResponse();
    if (res.isCommitted()) {
      return Mono.error(new IllegalStateException("response already committed"));
    }
    res.setStatusCode(HttpStatusCode.valueOf(r.status()));
    for (Map.Entry<String, String> h : r.headers().entrySet()) {
      res.getHeaders().set(h.getKey(), h.getValue());
    }
    if (bodyUnread) {
      res.getHeaders().set("Connection", "close");
    }
    byte[] body = r.body();
    res.getHeaders().setContentLength(body.length);
    return res.writeWith(Mono.just(res.bufferFactory().wrap(body)));
  }

  private static boolean mayHaveBody(ServerHttpRequest req) {
    return req.getHeaders().getContentLength() > 0 || req.getHeaders().getFirst("Transfer-Encoding") != null;
  }

  /** The transport-neutral view: raw path, the authority WebFlux routes on, headers, query, cookies, peer. */
  RequestView view(ServerHttpRequest req) {
    RequestHeadersBuilder b = RequestHeaders.builder();
    req.getHeaders().forEach((name, values) -> {
      for (String v : values) {
        b.add(name, v);
      }
    });
    RequestHeaders headers = b.build();
    URI uri = req.getURI();
    String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
    InetSocketAddress remote = req.getRemoteAddress();
    String remoteText = remote == null || remote.getAddress() == null ? "" : remote.getAddress().getHostAddress();
    InetSocketAddress local = req.getLocalAddress();
    return new RequestView(req.getMethod().name(), rawPath, authority(uri, headers), headers,
        RequestParsing.parseQuery(uri.getRawQuery()), RequestParsing.parseCookies(headers.get("cookie")), remoteText,
        local == null ? -1 : local.getPort(), null);
  }

  /**
   * The authority WebFlux routes on is the request URI's (the HTTP/2 {@code :authority}, the
   * {@code Host} header, or an absolute-form target's). The {@code Host} header is kept as spelled
   * when it names that same host and port, so {@code hosts} rules see what the other adapters give
   * them; otherwise the URI's authority is decided on, as it is the one routed on.
   */
  static String authority(URI uri, RequestHeaders headers) {
    List<String> hosts = headers.get("host");
    String host = hosts == null || hosts.isEmpty() ? null : hosts.get(0);
    String name = uri.getHost();
    if (name == null) {
      return host;
    }
    int port = uri.getPort();
    if (host != null && sameAuthority(host, name, port, uri.getScheme())) {
      return host;
    }
    return port < 0 ? name : name + ":" + port;
  }

  private static boolean sameAuthority(String host, String name, int port, String scheme) {
    int close = host.startsWith("[") ? host.indexOf(']') : -1;
    int colon = host.indexOf(':', close < 0 ? 0 : close);
    String h = colon < 0 ? host : host.substring(0, colon);
    if (!h.equalsIgnoreCase(name)) {
      return false;
    }
    int defaultPort = "https".equals(scheme) ? 443 : 80;
    if (colon < 0) {
      return port < 0 || port == defaultPort;
    }
    try {
      int p = Integer.parseInt(host.substring(colon + 1));
      return p == port || port < 0 && p == defaultPort;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
