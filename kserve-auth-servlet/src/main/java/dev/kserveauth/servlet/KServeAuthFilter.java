package dev.kserveauth.servlet;

import dev.kserveauth.AuthResult;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.http.RequestPaths;
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
 * change), {@code realm}. For OpenAI-compatible routes the body is read (bounded) so the model named
 * in it can be decided on, and replayed to the application.
 */
public class KServeAuthFilter implements Filter {

  /** Request attribute holding the verified {@link dev.kserveauth.token.Principal} (absent when anonymous). */
  public static final String PRINCIPAL_ATTRIBUTE = "dev.kserveauth.principal";
  /** Request attribute holding the {@link dev.kserveauth.policy.Decision}. */
  public static final String DECISION_ATTRIBUTE = "dev.kserveauth.decision";
  /** Request attribute holding the whole {@link AuthResult}. */
  public static final String RESULT_ATTRIBUTE = "dev.kserveauth.result";

  private static final Logger LOG = LoggerFactory.getLogger(KServeAuthFilter.class);

  private volatile KServeAuth auth;
  private AutoCloseable owned;

  /** For {@code web.xml}: configured from init-params in {@link #init(FilterConfig)}. */
  public KServeAuthFilter() {}

  /** Configured from code. */
  public KServeAuthFilter(KServeAuth auth) {
    this.auth = Objects.requireNonNull(auth, "auth");
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    if (auth != null) {
      return;
    }
    try {
      FilterSettings.Loaded loaded = FilterSettings.load(config::getInitParameter);
      auth = loaded.auth();
      owned = loaded.closeable();
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
      wrapped = decide(a, req, res);
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

  /** Decides; writes the reject and returns null, or returns the request for the application. */
  private AuthenticatedRequest decide(KServeAuth a, HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    byte[] body = null;
    if (a.needsBody(req.getMethod(), req.getRequestURI())) {
      body = readBounded(req, a.maxBodyBytes());
      if (body == null) {
        write(req, res, a.bodyTooLarge(ServletRequests.view(req, null)));
        return null;
      }
    }
    RequestView view = ServletRequests.view(req, body);
    AuthResult result = a.authorize(view);
    if (result instanceof AuthResult.Reject r) {
      write(body == null ? req : null, res, r);
      return null;
    }
    AuthResult.Proceed p = (AuthResult.Proceed) result;
    if (!sameServerPath(req, p.path())) {
      write(body == null ? req : null, res, a.pathMismatch(view));
      return null;
    }
    AuthenticatedRequest wrapped = new AuthenticatedRequest(req, p, body);
    if (p.principal() != null) {
      wrapped.setAttribute(PRINCIPAL_ATTRIBUTE, p.principal());
    }
    wrapped.setAttribute(DECISION_ATTRIBUTE, p.decision());
    wrapped.setAttribute(RESULT_ATTRIBUTE, p);
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

  /** The container routes on context path + servlet path + path info; it must be the path decided on. */
  private static boolean sameServerPath(HttpServletRequest req, String decided) {
    try {
      String info = req.getPathInfo();
      String server = req.getContextPath() + req.getServletPath() + (info == null ? "" : info);
      return RequestPaths.sameAs(decided, server);
    } catch (RuntimeException ambiguous) {
      return false; // Jetty throws for ambiguous URIs
    }
  }

  private static byte[] readBounded(HttpServletRequest req, int max) throws IOException {
    long declared = req.getContentLengthLong();
    if (declared > max) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
    byte[] buf = new byte[8192];
    try (InputStream in = req.getInputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (out.size() + n > max) {
          return null;
        }
        out.write(buf, 0, n);
      }
    }
    return out.toByteArray();
  }

  static void write(HttpServletResponse res, AuthResult.Reject r) throws IOException {
    write(null, res, r);
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
