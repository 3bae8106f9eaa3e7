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
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a body the decision needs with Servlet async I/O, so a slow client holds no thread: at most
 * {@link AuthResult.NeedsBody#maxBytes()} bytes (else 413), within {@link AuthResult.NeedsBody#timeout()}
 * (else 408, from a shared timer). Once the body is in, the facade decides: a reject is written and
 * the cycle completed, an allow is continued by {@link AsyncContinuation} (an ASYNC dispatch back into
 * the filter, which runs the chain).
 */
final class BodyReader implements ReadListener {
  private static final Logger LOG = LoggerFactory.getLogger(KServeAuthFilter.class);

  /** One daemon thread for every deadline of every filter; a cancelled deadline leaves the queue at once. */
  private static final class Timer {
    static final ScheduledExecutorService INSTANCE = create();

    private static ScheduledExecutorService create() {
      ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
        Thread th = new Thread(r, "kserve-auth-body-timeout");
        th.setDaemon(true);
        return th;
      });
      t.setRemoveOnCancelPolicy(true);
      return t;
    }
  }

  private final KServeAuth auth;
  private final HttpServletRequest req;
  private final HttpServletResponse res;
  private final AuthResult.NeedsBody pending;
  private final AsyncContext async;
  private final ServletInputStream in;
  private final ByteArrayOutputStream out;
  private final byte[] buf = new byte[8192];
  private final AtomicBoolean done = new AtomicBoolean();
  private volatile ScheduledFuture<?> deadline;

  private BodyReader(KServeAuth auth, HttpServletRequest req, HttpServletResponse res,
      AuthResult.NeedsBody pending, AsyncContext async, ServletInputStream in) {
    this.auth = auth;
    this.req = req;
    this.res = res;
    this.pending = pending;
    this.async = async;
    this.in = in;
    long declared = req.getContentLengthLong();
    this.out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
  }

  static void start(KServeAuth auth, AsyncContinuation continuation, HttpServletRequest req, HttpServletResponse res,
      AuthResult.NeedsBody pending) throws IOException {
    AsyncContext async = continuation.begin(req, res); // the deadline below bounds the read
    BodyReader r = new BodyReader(auth, req, res, pending, async, req.getInputStream());
    r.deadline = Timer.INSTANCE.schedule(r::timedOut, pending.timeout().toMillis(), TimeUnit.MILLISECONDS);
    r.in.setReadListener(r);
  }

  @Override
  public void onDataAvailable() throws IOException {
    while (!done.get() && in.isReady()) {
      int n = in.read(buf);
      if (n < 0) {
        return; // onAllDataRead follows
      }
      if (out.size() + n > pending.maxBytes()) {
        if (finish()) {
          reject(auth.bodyTooLarge(pending.request()), true);
        }
        return;
      }
      out.write(buf, 0, n);
    }
  }

  @Override
  public void onAllDataRead() {
    if (!finish()) {
      return;
    }
    byte[] body = out.toByteArray();
    java.util.concurrent.CompletableFuture<AuthResult> f;
    try {
      f = auth.authorizeWithBodyAsync(pending, body).toCompletableFuture();
    } catch (RuntimeException e) {
      AsyncDecision.failed(auth, async, req, res, e);
      return;
    }
    if (f.isDone()) {
      proceed(f.join(), body);
    } else { // an external authorizer is asked: go on on a container thread once it answered
      f.whenComplete((r, e) -> async.start(() -> proceed(r, body)));
    }
  }

  private void proceed(AuthResult result, byte[] body) {
    try {
      AsyncContinuation.resume(async, KServeAuthFilter.allowed(auth, req, res,
          result == null ? auth.internalError() : result, true), pending.request(), body);
    } catch (IOException | RuntimeException e) {
      AsyncDecision.failed(auth, async, null, res, e);
    }
  }

  @Override
  public void onError(Throwable t) {
    if (finish()) {
      LOG.debug("reading the body of {} {} failed: {}", req.getMethod(), req.getRequestURI(), t.toString());
      async.complete();
    }
  }

  private void timedOut() {
    if (finish()) {
      reject(auth.bodyTimeout(pending.request()), true);
    }
  }

  /** True for the one caller that ends the read. */
  private boolean finish() {
    if (!done.compareAndSet(false, true)) {
      return false;
    }
    ScheduledFuture<?> d = deadline;
    if (d != null) {
      d.cancel(false);
    }
    return true;
  }

  private void reject(AuthResult.Reject r, boolean bodyUnread) {
    try {
      KServeAuthFilter.write(bodyUnread ? req : null, res, r);
    } catch (IOException | RuntimeException e) {
      LOG.debug("writing the reject failed: {}", e.toString());
    } finally {
      async.complete();
    }
  }
}
