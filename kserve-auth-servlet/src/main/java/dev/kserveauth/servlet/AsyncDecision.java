package dev.kserveauth.servlet;

import dev.kserveauth.AuthResult;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.http.RequestView;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a decision that is not ready yet (an external authorizer a CUSTOM policy asks, a first
 * JWKS fetch) without holding a container thread: the request goes into Servlet async mode, and once
 * the facade answers, the result is applied and the chain runs on a container thread
 * ({@link AsyncContext#start}) inside this async cycle. The application's {@code startAsync()} takes
 * the cycle over; otherwise it is completed when the chain returns.
 */
final class AsyncDecision {
  private static final Logger LOG = LoggerFactory.getLogger(KServeAuthFilter.class);

  private AsyncDecision() {}

  static void start(KServeAuth auth, HttpServletRequest req, HttpServletResponse res, FilterChain chain,
      RequestView view, CompletableFuture<AuthResult> decision) {
    AsyncContext async = req.startAsync(req, res);
    async.setTimeout(0); // the facade bounds the wait (authorizerTimeout); the application then has no limit from us
    decision.whenComplete((result, err) -> async.start(() -> {
      AuthenticatedRequest wrapped;
      try {
        wrapped = KServeAuthFilter.settle(auth, req, res, view, result == null ? auth.internalError() : result);
      } catch (IOException | RuntimeException e) {
        failed(auth, async, req, res, e);
        return;
      }
      runChain(async, wrapped, chain, req, res);
    }));
  }

  /** The facade failed before the application: fail closed (403) if nothing was written yet. */
  static void failed(KServeAuth auth, AsyncContext async, HttpServletRequest req, HttpServletResponse res,
      Exception e) {
    LOG.error("kserve-auth filter failed before the application; denying", e);
    try {
      if (!res.isCommitted()) {
        KServeAuthFilter.write(req, res, auth.internalError());
      }
    } catch (IOException | RuntimeException ignored) {
      // the client is gone
    } finally {
      async.complete();
    }
  }

  /**
   * Runs the chain for an allowed request inside the async cycle; a {@code null} request (a reject
   * was written) completes the cycle.
   */
  static void runChain(AsyncContext async, AuthenticatedRequest wrapped, FilterChain chain, HttpServletRequest req,
      HttpServletResponse res) {
    if (wrapped == null) {
      async.complete();
      return;
    }
    wrapped.continueIn(async);
    try {
      chain.doFilter(wrapped, res);
    } catch (Exception | Error e) {
      LOG.error("the application failed on {} {}", req.getMethod(), req.getRequestURI(), e);
      if (!res.isCommitted()) {
        res.setStatus(500);
      }
    } finally {
      if (!wrapped.asyncTakenOver()) {
        async.complete();
      }
    }
  }
}
