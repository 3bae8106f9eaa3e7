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
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a body the decision needs, bounded: at most {@link AuthResult.NeedsBody#maxBytes()} bytes
 * (else 413) within {@link AuthResult.NeedsBody#timeout()} (else 408). With Servlet async I/O, so a
 * slow client holds no thread (a shared timer enforces the deadline), for an {@link AsyncDecision};
 * or blocking ({@link #readBlocking}) where the chain does not support async.
 */
final class BodyReader implements ReadListener {

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

  private final AsyncDecision decision;
  private final AuthResult.NeedsBody pending;
  private final ServletInputStream in;
  private final ByteArrayOutputStream out;
  private final byte[] buf = new byte[8192];
  private final AtomicBoolean done = new AtomicBoolean();
  private volatile ScheduledFuture<?> deadline;

  private BodyReader(AsyncDecision decision, AuthResult.NeedsBody pending, ServletInputStream in, long declared) {
    this.decision = decision;
    this.pending = pending;
    this.in = in;
    this.out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
  }

  /** Reads with async I/O inside the decision's async cycle; the decision goes on once the body is in. */
  static void start(AsyncDecision decision, AuthResult.NeedsBody pending, ServletInputStream in, long declared) {
    BodyReader r = new BodyReader(decision, pending, in, declared);
    r.deadline = Timer.INSTANCE.schedule(r::timedOut, pending.timeout().toMillis(), TimeUnit.MILLISECONDS);
    in.setReadListener(r);
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
          decision.reject(decision.auth.bodyTooLarge(pending.request()), true);
        }
        return;
      }
      out.write(buf, 0, n);
    }
  }

  @Override
  public void onAllDataRead() {
    if (finish()) {
      decision.bodyRead(pending, out.toByteArray());
    }
  }

  @Override
  public void onError(Throwable t) {
    if (finish()) {
      decision.clientGone(t);
    }
  }

  private void timedOut() {
    if (finish()) {
      decision.reject(decision.auth.bodyTimeout(pending.request()), true);
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

  /**
   * The blocking read, for chains without async support: the deadline is checked after every read
   * (each read is bounded by the container's idle timeout). Null once a reject is written.
   */
  static byte[] readBlocking(KServeAuth a, HttpServletRequest req, HttpServletResponse res, AuthResult.NeedsBody nb)
      throws IOException {
    long declared = req.getContentLengthLong();
    AuthResult.Reject reject = a.checkBodySize(nb.request(), declared);
    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 1024);
    byte[] buf = new byte[8192];
    long deadline = System.nanoTime() + nb.timeout().toNanos();
    InputStream in = req.getInputStream();
    int n;
    while (reject == null && (n = in.read(buf)) >= 0) {
      if (out.size() + n > nb.maxBytes()) {
        reject = a.bodyTooLarge(nb.request());
      } else if (System.nanoTime() - deadline > 0) {
        reject = a.bodyTimeout(nb.request());
      } else {
        out.write(buf, 0, n);
      }
    }
    if (reject != null) {
      KServeAuthFilter.write(req, res, reject);
      return null;
    }
    return out.toByteArray();
  }
}
