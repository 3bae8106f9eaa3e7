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
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>A decision that completes after {@code doFilter} returned (that body read, an external
 * authorizer answering later) continues the application by an ASYNC dispatch of the request as
 * allowed: the specification does not allow continuing a filter chain after {@code doFilter} returned,
 * and Tomcat recycles it. Map the filter for {@link DispatcherType#REQUEST} and {@link
 * DispatcherType#ASYNC} ({@code <dispatcher>REQUEST</dispatcher><dispatcher>ASYNC</dispatcher>}): on
 * that dispatch it checks again that the request is routed where it was decided. Every REQUEST
 * dispatch is decided; an ASYNC dispatch of a request this filter allowed (its own, or one the
 * application starts) is not decided again and sees the request as allowed.
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

  private volatile KServeAuth auth;
  private final AtomicBoolean unmappedWarned = new AtomicBoolean();
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
      KServeAuth loaded = FilterSettings.load(config::getInitParameter);
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
    HttpServletRequest next;
    try {
      boolean async = req.getDispatcherType() == DispatcherType.ASYNC;
      AuthenticatedRequest allowed = async ? AuthenticatedRequest.in(req) : null;
      if (allowed != null && allowed.result() != null) {
        next = continued(a, allowed, req, res);
      } else if (async && req.getAttribute(RESULT_ATTRIBUTE) instanceof AuthResult.Proceed p) {
        // the application dispatched the container's request: the request as allowed, wrapped again
        next = AuthenticatedRequest.of(req, p,
            req.getAttribute(AuthenticatedRequest.BODY_ATTRIBUTE) instanceof byte[] b ? b : null);
      } else {
        next = decide(a, req, res);
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
    if (next != null) {
      chain.doFilter(next, res);
    }
  }

  /**
   * An ASYNC dispatch of a request this filter allowed, not decided again: the filter's own dispatch
   * (continuing a decision that completed later) is checked to be routed where it was decided; one the
   * application starts passes as it is. Null once a reject is written.
   */
  private static HttpServletRequest continued(KServeAuth a, AuthenticatedRequest allowed, HttpServletRequest req,
      HttpServletResponse res) throws IOException {
    RequestView decided = allowed.takeContinuation();
    if (decided != null && a.checkRouted(allowed.result(), routedPath(req), decided) instanceof AuthResult.Reject r) {
      write(allowed.bodyRead() ? null : req, res, r);
      return null;
    }
    return req;
  }

  /**
   * Decides; writes the reject and returns null, or returns the request for the application. The body
   * is never read up front: the facade authenticates first and asks for it ({@link
   * AuthResult.NeedsBody}) only when the decision needs the model an OpenAI-compatible body names.
   * With async support, a decision that is not in yet or needs that body goes on in an async cycle
   * ({@link AsyncDecision}) and null is returned; without it, the filter waits and reads blocking,
   * with the same size and time bounds.
   */
  private HttpServletRequest decide(KServeAuth a, HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    RequestView view = ServletRequests.view(req, null);
    AuthResult result;
    if (a.authorizerNames().isEmpty()) {
      result = a.authorize(view);
    } else { // an external authorizer may be asked
      CompletableFuture<AuthResult> f = a.authorizeAsync(view).toCompletableFuture();
      if (!f.isDone() && req.isAsyncSupported()) {
        AsyncDecision.start(a, req, res, view, f, unmappedWarned);
        return null;
      }
      result = f.join(); // never completes exceptionally; bounded by the facade's authorizerTimeout
    }
    byte[] body = null;
    if (result instanceof AuthResult.NeedsBody nb) {
      if (req.isAsyncSupported()) {
        AsyncDecision.start(a, req, res, view, CompletableFuture.completedFuture(result), unmappedWarned);
        return null;
      }
      body = BodyReader.readBlocking(a, req, res, nb);
      if (body == null) {
        return null;
      }
      result = a.authorizeWithBody(nb, body);
    }
    AuthResult.Proceed p = allowed(a, req, res, view, result, body);
    return p == null ? null : admit(AuthenticatedRequest.pending(req), res, p, body);
  }

  /**
   * A final result, checked to be routed where it was decided: the allow, or null once the reject is
   * written ({@code body}: the body the filter read, so nothing is left unread).
   */
  static AuthResult.Proceed allowed(KServeAuth a, HttpServletRequest req, HttpServletResponse res, RequestView view,
      AuthResult result, byte[] body) throws IOException {
    AuthResult checked = result instanceof AuthResult.Proceed p ? a.checkRouted(p, routedPath(req), view) : result;
    if (checked instanceof AuthResult.Proceed p) {
      return p;
    }
    // a second NeedsBody never happens
    write(body == null ? req : null, res, checked instanceof AuthResult.Reject r ? r : a.internalError());
    return null;
  }

  /** The allow applied: the request as the application sees it, and an external authorizer's response headers. */
  static AuthenticatedRequest admit(AuthenticatedRequest wrapper, HttpServletResponse res, AuthResult.Proceed p,
      byte[] body) {
    wrapper.allow(p, body);
    for (Map.Entry<String, String> h : p.responseHeaders().entrySet()) {
      res.addHeader(h.getKey(), h.getValue());
    }
    return wrapper;
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
