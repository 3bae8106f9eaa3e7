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
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a decision that is not ready yet (an external authorizer a CUSTOM policy asks, a first
 * JWKS fetch) without holding a container thread: the request goes into Servlet async mode, and once
 * the facade answers, the result is applied on a container thread ({@link AsyncContext#start}): a
 * reject is written and the cycle completed, an allow is continued by {@link AsyncContinuation} (an
 * ASYNC dispatch back into the filter, which runs the chain).
 */
final class AsyncDecision {
  private static final Logger LOG = LoggerFactory.getLogger(KServeAuthFilter.class);

  private AsyncDecision() {}

  static void start(KServeAuth auth, AsyncContinuation continuation, HttpServletRequest req, HttpServletResponse res,
      RequestView view, CompletableFuture<AuthResult> decision) {
    AsyncContext async = continuation.begin(req, res);
    decision.whenComplete((result, err) -> async.start(() -> {
      try {
        KServeAuthFilter.settleAsync(auth, async, req, res, view, result == null ? auth.internalError() : result);
      } catch (IOException | RuntimeException e) {
        failed(auth, async, req, res, e);
      }
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
      try {
        async.complete();
      } catch (IllegalStateException alreadyDispatched) {
        LOG.debug("the async cycle was already dispatched or completed: {}", alreadyDispatched.toString());
      }
    }
  }
}
