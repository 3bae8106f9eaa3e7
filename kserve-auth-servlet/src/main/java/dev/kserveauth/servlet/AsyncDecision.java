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
import dev.kserveauth.http.RequestView;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A decision that goes on without holding a container thread: an external authorizer a CUSTOM policy
 * asks, a first JWKS fetch, or an OpenAI body read with async I/O ({@link BodyReader}). The async cycle
 * starts with the request wrapped as pending ({@link AuthenticatedRequest#pending}); once the facade
 * answers, on a container thread ({@link AsyncContext#start}) or the read listener's, a reject is
 * written and the cycle completed, and an allow fills the wrapper in and dispatches it
 * ({@link AsyncContext#dispatch()}): the container carries the request, as allowed, to the
 * application. The original {@code FilterChain} is never called after {@code doFilter} returned
 * (Tomcat recycles it then; the Servlet specification does not allow it).
 */
final class AsyncDecision {
  private static final Logger LOG = LoggerFactory.getLogger(KServeAuthFilter.class);

  final KServeAuth auth;
  private final HttpServletRequest req;
  private final HttpServletResponse res;
  private final RequestView view;
  private final AuthenticatedRequest wrapper;
  private final AsyncContext async;

  private AsyncDecision(KServeAuth auth, HttpServletRequest req, HttpServletResponse res, RequestView view,
      AtomicBoolean warned) {
    this.auth = auth;
    this.req = req;
    this.res = res;
    this.view = view;
    this.wrapper = AuthenticatedRequest.pending(req);
    this.async = req.startAsync(wrapper, res);
    async.setTimeout(0); // no timeout from us: the decision's own bounds (authorizer, body read) apply
    // added now: the specification allows it only during the dispatch that started the cycle
    async.addListener(new UnmappedWarning(wrapper, warned));
  }

  /**
   * Starts the async cycle; the decision goes on when {@code decision} completes (at once if it has).
   * {@code warned}: the filter's, set once it warned that it is not mapped for ASYNC.
   */
  static void start(KServeAuth auth, HttpServletRequest req, HttpServletResponse res, RequestView view,
      CompletableFuture<AuthResult> decision, AtomicBoolean warned) {
    new AsyncDecision(auth, req, res, view, warned).when(decision, null);
  }

  private void when(CompletableFuture<AuthResult> decision, byte[] body) {
    if (decision.isDone() && !decision.isCompletedExceptionally()) {
      settle(decision.join(), body);
    } else {
      decision.whenComplete((result, err) -> async.start(() -> settle(result, body)));
    }
  }

  /** Applies a result: reads the body it needs, writes a reject, or continues an allow by dispatch. */
  private void settle(AuthResult result, byte[] body) {
    try {
      if (result instanceof AuthResult.NeedsBody nb && body == null) {
        AuthResult.Reject tooLarge = auth.checkBodySize(view, req.getContentLengthLong());
        if (tooLarge != null) {
          reject(tooLarge, true);
        } else {
          BodyReader.start(this, nb, req.getInputStream(), req.getContentLengthLong());
        }
        return;
      }
      AuthResult.Proceed p = KServeAuthFilter.allowed(auth, req, res, view, result == null ? auth.internalError()
          : result, body);
      if (p == null) {
        async.complete();
        return;
      }
      KServeAuthFilter.admit(wrapper, res, p, body).continuing(view);
      async.dispatch();
    } catch (IOException | RuntimeException e) {
      failed(e, body == null);
    }
  }

  /** The body is in (from {@link BodyReader}): decided with it. */
  void bodyRead(AuthResult.NeedsBody pending, byte[] body) {
    CompletableFuture<AuthResult> f;
    try {
      f = auth.authorizeWithBodyAsync(pending, body).toCompletableFuture();
    } catch (RuntimeException e) {
      failed(e, false);
      return;
    }
    when(f, body);
  }

  /** Writes a reject and completes the cycle ({@code bodyUnread}: the connection cannot carry another request). */
  void reject(AuthResult.Reject r, boolean bodyUnread) {
    try {
      KServeAuthFilter.write(bodyUnread ? req : null, res, r);
    } catch (IOException | RuntimeException e) {
      LOG.debug("writing the reject failed: {}", e.toString());
    } finally {
      complete();
    }
  }

  /** The client went away while its body was read: nothing to answer. */
  void clientGone(Throwable t) {
    LOG.debug("reading the body of {} {} failed: {}", req.getMethod(), req.getRequestURI(), t.toString());
    complete();
  }

  /** The facade failed before the application: fail closed (403) if nothing was written yet. */
  private void failed(Exception e, boolean bodyUnread) {
    LOG.error("kserve-auth filter failed before the application; denying", e);
    if (res.isCommitted()) {
      complete();
    } else {
      reject(auth.internalError(), bodyUnread);
    }
  }

  /** Warns (once per filter) when the filter's own ASYNC dispatch did not pass through the filter. */
  private record UnmappedWarning(AuthenticatedRequest wrapper, AtomicBoolean warned) implements AsyncListener {
    @Override
    public void onComplete(AsyncEvent event) {
      if (wrapper.takeContinuation() != null && !warned.getAndSet(true)) {
        LOG.warn("kserve-auth filter is not mapped for DispatcherType.ASYNC: a request decided asynchronously went"
            + " on without the filter checking the ASYNC dispatch's routing again. Map it for REQUEST and ASYNC"
            + " (<dispatcher>REQUEST</dispatcher><dispatcher>ASYNC</dispatcher>)");
      }
    }

    @Override
    public void onTimeout(AsyncEvent event) {}

    @Override
    public void onError(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {}
  }

  private void complete() {
    try {
      async.complete();
    } catch (IllegalStateException alreadyDispatched) {
      LOG.debug("the async cycle was already dispatched or completed: {}", alreadyDispatched.toString());
    }
  }
}
