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
package dev.kserveauth.servlet;

import dev.kserveauth.AuthResult;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.http.RequestAttributes;
import dev.kserveauth.http.RequestView;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Jakarta Servlet 6 filter that puts {@link KServeAuth} in front of a model server: 401 with an
 * RFC 6750 challenge for missing or invalid credentials where access needs them, 400 for malformed
 * credentials and ambiguous paths, 403 for a known principal that is denied; otherwise the request
 * goes on with {@code getUserPrincipal()} / {@code isUserInRole()} answered from the token, the
 * {@code outputClaimToHeaders} / {@code outputPayloadToHeader} headers set (incoming copies always
 * stripped), the token removed unless {@code forwardOriginalToken}, and the principal and decision in
 * request attributes {@link #PRINCIPAL_ATTRIBUTE} and {@link #DECISION_ATTRIBUTE}.
 *
 * <pre>{@code
 * ServletContextHandler ctx = new ServletContextHandler();
 * FilterHolder filter = new FilterHolder(new KServeAuthFilter(auth));
 * filter.setAsyncSupported(true);
 * ctx.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
 * }</pre>
 *
 * <p>From {@code web.xml}, the no-argument constructor reads init-params (see {@link FilterSettings}):
 * {@code requestAuthentication} (file), {@code policies} (comma-separated files or directories),
 * {@code publicPaths} (comma-separated Istio patterns), {@code watch} ({@code true} to reload on
 * change), {@code realm}. For OpenAI-compatible routes whose decision needs the model named in the
 * body (a policy reads {@code kserve.model}), the body is read after authentication, bounded in size
 * ({@code maxBodyBytes}, else 413) and time ({@code bodyTimeout}, else 408), and replayed to the
 * application. Mark the filter and the servlet async-supported
 * ({@code FilterHolder.setAsyncSupported(true)}, {@code <async-supported>true</async-supported>}) so
 * that read holds no thread while a slow client sends; without it the filter reads blocking.
 *
 * <p>Map the filter for {@link DispatcherType#REQUEST} and {@link DispatcherType#ASYNC}
 * ({@code <dispatcher>REQUEST</dispatcher><dispatcher>ASYNC</dispatcher>}). A decision that completes
 * after {@code doFilter} returned (that body read, an external authorizer answering later) continues
 * the application by an ASYNC dispatch back into this filter, which then runs the chain: the
 * specification does not allow continuing a filter chain after {@code doFilter} returned, and Tomcat
 * recycles it. Every REQUEST dispatch is decided; an ASYNC dispatch the application starts itself is
 * not decided again (it sees the request as first allowed). If the ASYNC dispatch does not reach the
 * filter, the request ends with the internal-error reject (the application, entered by the container,
 * can read nothing of the request and write nothing), and the filter decides on the request's thread
 * from then on (logged as an error).
 *
 * @since 0.1
 */
public class KServeAuthFilter implements Filter {

  /** Request attribute holding the verified {@link dev.kserveauth.authn.Principal} (absent when anonymous). */
  public static final String PRINCIPAL_ATTRIBUTE = RequestAttributes.PRINCIPAL;
  /** Request attribute holding the {@link dev.kserveauth.policy.Decision}. */
  public static final String DECISION_ATTRIBUTE = RequestAttributes.DECISION;
  /** Request attribute holding the whole {@link AuthResult}. */
  public static final String RESULT_ATTRIBUTE = RequestAttributes.RESULT;

  private static final Logger LOG = LoggerFactory.getLogger(KServeAuthFilter.class);

  /** The body the filter read for a decision, kept for an ASYNC dispatch the application starts itself. */
  private static final String BODY_ATTRIBUTE = KServeAuthFilter.class.getName() + ".body";

  private volatile KServeAuth auth;
  private volatile AsyncContinuation continuation;
  private AutoCloseable owned;

  /** For {@code web.xml}: configured from init-params in {@link #init(FilterConfig)}. */
  public KServeAuthFilter() {}

  /**
   * Configured from code.
   *
   * @param auth the facade every request is decided by
   */
  public KServeAuthFilter(KServeAuth auth) {
    this.auth = Objects.requireNonNull(auth, "auth");
    this.continuation = new AsyncContinuation(auth);
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    if (auth != null) {
      return;
    }
    try {
      KServeAuth loaded = FilterSettings.load(config::getInitParameter);
      continuation = new AsyncContinuation(loaded);
      auth = loaded;
      owned = loaded;
    } catch (RuntimeException e) {
      throw new ServletException("kserve-auth filter '" + config.getFilterName() + "': " + e.getMessage(), e);
    }
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse res)) {
      throw new ServletException("kserve-auth filter handles HTTP requests only");
    }
    KServeAuth a = auth;
    if (a == null) {
      throw new ServletException("kserve-auth filter was not initialized");
    }
    HttpServletRequest wrapped;
    try {
      AsyncContinuation.Outcome continued;
      if (req.getDispatcherType() != DispatcherType.ASYNC) {
        wrapped = decide(a, req, res);
      } else if ((continued = AsyncContinuation.reentry(req)) != null) {
        wrapped = admit(a, req, res, continued.view(), continued.result(), continued.body());
      } else {
        HttpServletRequest allowed = allowedBefore(req);
        wrapped = allowed != null ? allowed : decide(a, req, res);
      }
    } catch (IOException e) {
      throw e; // the client went away while the body was read
    } catch (RuntimeException e) {
      LOG.error("kserve-auth filter failed before the application; denying", e);
      if (!res.isCommitted()) {
        write(req, res, a.internalError());
      }
      return;
    }
    if (wrapped != null) {
      chain.doFilter(wrapped, res);
    }
  }

  /**
   * An ASYNC dispatch the application started itself, of a request this filter allowed: not decided
   * again; the request as allowed (wrapped again when the application dispatched the container's
   * request). Null for a request this filter never allowed (the caller decides it).
   */
  private static HttpServletRequest allowedBefore(HttpServletRequest req) {
    if (req instanceof AuthenticatedRequest
        || req instanceof ServletRequestWrapper w && w.isWrapperFor(AuthenticatedRequest.class)) {
      return req;
    }
    if (req.getAttribute(RESULT_ATTRIBUTE) instanceof AuthResult.Proceed p) {
      return new AuthenticatedRequest(req, p, req.getAttribute(BODY_ATTRIBUTE) instanceof byte[] b ? b : null);
    }
    return null;
  }

  /**
   * Decides; writes the reject and returns null, or returns the request for the application. The body
   * is never read up front: the facade authenticates first and asks for it ({@link
   * AuthResult.NeedsBody}) only when the decision needs the model an OpenAI-compatible body names.
   * Then it is read without holding a thread ({@link BodyReader}), or, where the chain does not
   * support async, blocking with the same size and time bounds; null is returned and the chain goes
   * on once the body is in.
   */
  private AuthenticatedRequest decide(KServeAuth a, HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    RequestView view = ServletRequests.view(req, null);
    AuthResult result;
    if (a.authorizerNames().isEmpty()) {
      result = a.authorize(view);
    } else {
      // an external authorizer may be asked: wait for it without holding this thread
      java.util.concurrent.CompletableFuture<AuthResult> f = a.authorizeAsync(view).toCompletableFuture();
      AsyncContinuation c = continuation;
      if (!f.isDone() && c.usable(req)) {
        AsyncDecision.start(a, c, req, res, view, f);
        return null;
      }
      result = f.join(); // never completes exceptionally; bounded by the facade's authorizerTimeout
    }
    if (result instanceof AuthResult.NeedsBody nb) {
      AsyncContinuation c = continuation;
      if (c.usable(req)) {
        AuthResult.Reject tooLarge = a.checkBodySize(view, req.getContentLengthLong());
        if (tooLarge != null) {
          write(req, res, tooLarge);
        } else {
          BodyReader.start(a, c, req, res, nb); // the chain goes on by an ASYNC dispatch once the body is in
        }
        return null;
      }
      byte[] body = readFor(a, req, res, view, nb);
      return body == null ? null : proceedOrReject(a, req, res, view, a.authorizeWithBody(nb, body), body);
    }
    return proceedOrReject(a, req, res, view, result, null);
  }

  /**
   * For {@link AsyncDecision}, inside an async cycle already started, on a container thread: applies
   * a result, reading a body the decision needs (blocking, bounded). Calls {@link
   * AsyncContinuation#resume} with the allowed result, or with null once a reject is written.
   */
  static void settleAsync(KServeAuth a, jakarta.servlet.AsyncContext async, HttpServletRequest req,
      HttpServletResponse res, RequestView view, AuthResult result) throws IOException {
    byte[] body = null;
    if (result instanceof AuthResult.NeedsBody nb) {
      body = readFor(a, req, res, view, nb);
      if (body == null) {
        AsyncContinuation.resume(async, null, view, null);
        return;
      }
      result = a.authorizeWithBody(nb, body);
    }
    AsyncContinuation.resume(async, allowed(a, req, res, result, body != null), view, body);
  }

  /**
   * Reads a body the decision needs on this thread, bounded in size and time; null once a reject is
   * written.
   */
  private static byte[] readFor(KServeAuth a, HttpServletRequest req, HttpServletResponse res, RequestView view,
      AuthResult.NeedsBody nb) throws IOException {
    AuthResult.Reject tooLarge = a.checkBodySize(view, req.getContentLengthLong());
    if (tooLarge != null) {
      write(req, res, tooLarge);
      return null;
    }
    byte[] body = readBounded(req, nb);
    if (body == TOO_LARGE || body == TOO_SLOW) {
      write(req, res, body == TOO_LARGE ? a.bodyTooLarge(view) : a.bodyTimeout(view));
      return null;
    }
    return body;
  }

  /** What {@link #readBounded} answers for a body over the limit and for one past the deadline (by identity). */
  private static final byte[] TOO_LARGE = new byte[0];
  private static final byte[] TOO_SLOW = new byte[0];

  /** Applies a final result: writes the reject and returns null, or returns the request for the application. */
  private static AuthenticatedRequest proceedOrReject(KServeAuth a, HttpServletRequest req, HttpServletResponse res,
      RequestView view, AuthResult result, byte[] body) throws IOException {
    AuthResult.Proceed p = allowed(a, req, res, result, body != null);
    return p == null ? null : admit(a, req, res, view, p, body);
  }

  /** A final result: the allow, or null once the reject is written ({@code bodyRead}: nothing left unread). */
  static AuthResult.Proceed allowed(KServeAuth a, HttpServletRequest req, HttpServletResponse res, AuthResult result,
      boolean bodyRead) throws IOException {
    if (result instanceof AuthResult.Proceed p) {
      return p;
    }
    // a second NeedsBody never happens
    write(bodyRead ? null : req, res, result instanceof AuthResult.Reject r ? r : a.internalError());
    return null;
  }

  /**
   * An allow, on the request the container routes (on the request's thread, or on the ASYNC dispatch
   * that continues it): checked to be routed where it was decided, then the request for the
   * application; null once a reject is written.
   */
  private static AuthenticatedRequest admit(KServeAuth a, HttpServletRequest req, HttpServletResponse res,
      RequestView view, AuthResult.Proceed p, byte[] body) throws IOException {
    if (a.checkRouted(p, routedPath(req), view) instanceof AuthResult.Reject mismatch) {
      write(body == null ? req : null, res, mismatch);
      return null;
    }
    AuthenticatedRequest wrapped = new AuthenticatedRequest(req, p, body);
    if (p.principal() != null) {
      wrapped.setAttribute(PRINCIPAL_ATTRIBUTE, p.principal());
    }
    wrapped.setAttribute(DECISION_ATTRIBUTE, p.decision());
    wrapped.setAttribute(RESULT_ATTRIBUTE, p);
    if (body != null) {
      wrapped.setAttribute(BODY_ATTRIBUTE, body);
    }
    for (Map.Entry<String, String> h : p.responseHeaders().entrySet()) { // an external authorizer's, on allow
      res.addHeader(h.getKey(), h.getValue());
    }
    return wrapped;
  }

  @Override
  public void destroy() {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        LOG.warn("closing kserve-auth resources failed: {}", e.toString());
      }
    }
  }

  /** The container routes on context path + servlet path + path info; null when it cannot say (ambiguous URI). */
  private static String routedPath(HttpServletRequest req) {
    try {
      String info = req.getPathInfo();
      return req.getContextPath() + req.getServletPath() + (info == null ? "" : info);
    } catch (RuntimeException ambiguous) {
      return null; // Jetty throws for ambiguous URIs
    }
  }

  /**
   * The blocking fallback for chains without async support: at most {@code maxBytes}, and the
   * deadline checked after every read (each read is bounded by the container's idle timeout).
   * {@link #TOO_LARGE} or {@link #TOO_SLOW} when it is.
   */
  private static byte[] readBounded(HttpServletRequest req, AuthResult.NeedsBody nb) throws IOException {
    long declared = req.getContentLengthLong();
    int max = nb.maxBytes();
    long deadline = System.nanoTime() + nb.timeout().toNanos();
    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
    byte[] buf = new byte[8192];
    InputStream in = req.getInputStream();
    int n;
    while ((n = in.read(buf)) >= 0) {
      if (out.size() + n > max) {
        return TOO_LARGE;
      }
      out.write(buf, 0, n);
      if (System.nanoTime() - deadline > 0) {
        return TOO_SLOW;
      }
    }
    return out.toByteArray();
  }

  /**
   * Writes a reject. When {@code unread} (the request) may still carry a body nobody read, the
   * response says {@code Connection: close}: the reject is complete before the body arrives, and a
   * container that then drops the connection (Jetty 12 does) would otherwise break the client's next
   * request on a connection it believes is still open.
   */
  static void write(HttpServletRequest unread, HttpServletResponse res, AuthResult.Reject r) throws IOException {
    if (res.isCommitted()) {
      throw new IllegalStateException("response already committed");
    }
    res.resetBuffer();
    res.setStatus(r.status());
    for (Map.Entry<String, String> h : r.headers().entrySet()) {
      res.setHeader(h.getKey(), h.getValue());
    }
    if (unread != null && mayHaveBody(unread) && unread.getProtocol() != null
        && unread.getProtocol().startsWith("HTTP/1.")) {
      res.setHeader("Connection", "close");
    }
    byte[] body = r.body();
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
    res.flushBuffer();
  }

  private static boolean mayHaveBody(HttpServletRequest req) {
    return req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null;
  }
}
