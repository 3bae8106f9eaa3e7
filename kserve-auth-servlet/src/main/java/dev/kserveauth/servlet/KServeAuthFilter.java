package dev.kserveauth.servlet;

import dev.kserveauth.AuthResult;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.http.RequestAttributes;
import dev.kserveauth.http.RequestView;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
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
 * ctx.addFilter(new FilterHolder(new KServeAuthFilter(auth)), "/*", EnumSet.of(DispatcherType.REQUEST));
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
 */
public class KServeAuthFilter implements Filter {

  /** Request attribute holding the verified {@link dev.kserveauth.authn.Principal} (absent when anonymous). */
  public static final String PRINCIPAL_ATTRIBUTE = RequestAttributes.PRINCIPAL;
  /** Request attribute holding the {@link dev.kserveauth.policy.Decision}. */
  public static final String DECISION_ATTRIBUTE = RequestAttributes.DECISION;
  /** Request attribute holding the whole {@link AuthResult}. */
  public static final String RESULT_ATTRIBUTE = RequestAttributes.RESULT;

  private static final Logger LOG = LoggerFactory.getLogger(KServeAuthFilter.class);

  private volatile KServeAuth auth;
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
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    if (auth != null) {
      return;
    }
    try {
      auth = FilterSettings.load(config::getInitParameter);
      owned = auth;
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
    AuthenticatedRequest wrapped;
    try {
      wrapped = decide(a, req, res, chain);
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
   * Decides; writes the reject and returns null, or returns the request for the application. The body
   * is never read up front: the facade authenticates first and asks for it ({@link
   * AuthResult.NeedsBody}) only when the decision needs the model an OpenAI-compatible body names.
   * Then it is read without holding a thread ({@link BodyReader}), or, where the chain does not
   * support async, blocking with the same size and time bounds; null is returned and the chain goes
   * on once the body is in.
   */
  private AuthenticatedRequest decide(KServeAuth a, HttpServletRequest req, HttpServletResponse res,
      FilterChain chain) throws IOException {
    RequestView view = ServletRequests.view(req, null);
    AuthResult result;
    if (a.authorizerNames().isEmpty()) {
      result = a.authorize(view);
    } else {
      // an external authorizer may be asked: wait for it without holding this thread
      java.util.concurrent.CompletableFuture<AuthResult> f = a.authorizeAsync(view).toCompletableFuture();
      if (!f.isDone() && req.isAsyncSupported()) {
        AsyncDecision.start(a, req, res, chain, view, f);
        return null;
      }
      result = f.join(); // never completes exceptionally; bounded by the facade's authorizerTimeout
    }
    return settle(a, req, res, chain, view, result);
  }

  /**
   * Applies a result on the request's thread: reads a body the decision needs (blocking, bounded),
   * writes a reject (null) or returns the request for the application. For {@link AsyncDecision},
   * inside an async cycle already started.
   */
  static AuthenticatedRequest settle(KServeAuth a, HttpServletRequest req, HttpServletResponse res, RequestView view,
      AuthResult result) throws IOException {
    return settle(a, req, res, null, view, result);
  }

  /** As above; with a chain, a body is read with async I/O (null is returned, the chain goes on once it is in). */
  private static AuthenticatedRequest settle(KServeAuth a, HttpServletRequest req, HttpServletResponse res,
      FilterChain chain, RequestView view, AuthResult result) throws IOException {
    if (result instanceof AuthResult.NeedsBody nb) {
      AuthResult.Reject tooLarge = a.checkBodySize(view, req.getContentLengthLong());
      if (tooLarge != null) {
        write(req, res, tooLarge);
        return null;
      }
      if (chain != null && req.isAsyncSupported()) {
        BodyReader.start(a, req, res, chain, nb);
        return null;
      }
      byte[] body = readBounded(req, nb);
      if (body == TOO_LARGE || body == TOO_SLOW) {
        write(req, res, body == TOO_LARGE ? a.bodyTooLarge(view) : a.bodyTimeout(view));
        return null;
      }
      return proceedOrReject(a, req, res, view, a.authorizeWithBody(nb, body), body);
    }
    return proceedOrReject(a, req, res, view, result, null);
  }

  /** What {@link #readBounded} answers for a body over the limit and for one past the deadline (by identity). */
  private static final byte[] TOO_LARGE = new byte[0];
  private static final byte[] TOO_SLOW = new byte[0];

  /** Applies a final result: writes the reject and returns null, or returns the request for the application. */
  static AuthenticatedRequest proceedOrReject(KServeAuth a, HttpServletRequest req, HttpServletResponse res,
      RequestView view, AuthResult result, byte[] body) throws IOException {
    if (result instanceof AuthResult.Reject r) {
      write(body == null ? req : null, res, r);
      return null;
    }
    if (!(result instanceof AuthResult.Proceed p)) {
      write(body == null ? req : null, res, a.internalError()); // never happens: no second NeedsBody
      return null;
    }
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
