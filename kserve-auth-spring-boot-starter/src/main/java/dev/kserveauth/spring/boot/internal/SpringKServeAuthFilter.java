package dev.kserveauth.spring.boot.internal;

import dev.kserveauth.KServeAuth;
import dev.kserveauth.servlet.KServeAuthFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/**
 * The servlet filter the starter registers: {@link KServeAuthFilter}, with one difference. A body the
 * decision needs (OpenAI-compatible routes) is read on the request thread, bounded by
 * {@code kserve.auth.max-body-size} and {@code kserve.auth.body-timeout}, as Spring MVC reads a
 * {@code @RequestBody}, and the answer of an external authorizer (a CUSTOM policy's provider, e.g. a
 * SubjectAccessReview cache miss) is awaited on the request thread, bounded by the facade's
 * authorizer timeout: Tomcat recycles a request's {@code FilterChain} once the thread that started an
 * async cycle leaves it, so the chain cannot be continued from a {@code ReadListener} or
 * {@code AsyncContext.start} there. Every other request takes {@link KServeAuthFilter}'s path
 * unchanged; the application still sees an async-capable request. Internal.
 */
public final class SpringKServeAuthFilter extends KServeAuthFilter {
  private final KServeAuth auth;

  public SpringKServeAuthFilter(KServeAuth auth) {
    super(auth);
    this.auth = auth;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest req)
        || auth.authorizerNames().isEmpty() && !auth.needsBody(req.getMethod(), req.getRequestURI())) {
      super.doFilter(request, response, chain);
      return;
    }
    ReadOnThisThread r = new ReadOnThisThread(req);
    super.doFilter(r, response, (rq, rs) -> {
      r.decided = true; // from here on the application sees the container's answer
      chain.doFilter(rq, rs);
    });
  }

  /** Answers "not async-capable" while the filter decides, so that it reads the body and waits on this thread. */
  private static final class ReadOnThisThread extends HttpServletRequestWrapper {
    volatile boolean decided;

    ReadOnThisThread(HttpServletRequest request) {
      super(request);
    }

    @Override
    public boolean isAsyncSupported() {
      return decided && super.isAsyncSupported();
    }
  }
}
