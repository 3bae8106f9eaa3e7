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
package dev.kserveauth.vertx;

import dev.kserveauth.AuthResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * Reads a body the decision needs (the caller is already authenticated, see
 * {@link AuthResult.NeedsBody}): at most {@code maxBytes} (else 413), within {@code timeout} (else 408,
 * a Vert.x timer), all on the request's event loop. Once read, the body is handed to vertx-web as a
 * {@code BodyHandler} would: {@code ctx.body()} holds it, and a {@code BodyHandler} mounted after
 * this handler sees the body handled and moves on.
 */
final class BodyReader {
  private final KServeAuthHandlerImpl handler;
  private final RoutingContext ctx;
  private final AuthResult.NeedsBody pending;
  private final Buffer body = Buffer.buffer();
  private long timer = -1;
  private boolean done;

  private BodyReader(KServeAuthHandlerImpl handler, RoutingContext ctx, AuthResult.NeedsBody pending) {
    this.handler = handler;
    this.ctx = ctx;
    this.pending = pending;
  }

  static void start(KServeAuthHandlerImpl handler, RoutingContext ctx, AuthResult.NeedsBody pending) {
    HttpServerRequest req = ctx.request();
    AuthResult.Reject tooLarge = handler.auth().checkBodySize(pending.request(), declaredLength(req));
    if (tooLarge != null) {
      KServeAuthHandlerImpl.reject(ctx, tooLarge, true);
      return;
    }
    BodyReader r = new BodyReader(handler, ctx, pending);
    if (req.isEnded()) {
      r.end(); // nothing more will arrive (e.g. an empty body already seen)
      return;
    }
    r.timer = ctx.vertx().setTimer(Math.max(1, pending.timeout().toMillis()), id -> r.timedOut());
    req.handler(r::chunk).endHandler(v -> r.end()).exceptionHandler(r::failed);
    if (req.version() != HttpVersion.HTTP_1_0
        && req.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
      ctx.response().writeContinue(); // the client waits for it before it sends the body (as BodyHandler does)
    }
    req.resume();
  }

  /** The declared Content-Length, -1 when absent or unparseable (Vert.x refuses such a request itself). */
  private static long declaredLength(HttpServerRequest req) {
    try {
      String declared = req.getHeader(HttpHeaders.CONTENT_LENGTH);
      return declared == null ? -1 : Long.parseLong(declared.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Hands the body to vertx-web as BodyHandler does, so a later BodyHandler does not wait for a read that is over. */
  static void handOver(RoutingContext ctx, Buffer body) {
    if (ctx instanceof RoutingContextInternal internal) {
      internal.setBody(body);
      internal.visitHandler(RoutingContextInternal.BODY_HANDLER);
    }
  }

  private boolean finish() {
    if (done) {
      return false;
    }
    done = true;
    if (timer >= 0) {
      ctx.vertx().cancelTimer(timer);
    }
    return true;
  }

  private void chunk(Buffer chunk) {
    if (done) {
      return;
    }
    if (body.length() + chunk.length() > pending.maxBytes()) {
      finish();
      ctx.request().pause(); // read no more of it
      KServeAuthHandlerImpl.reject(ctx, handler.auth().bodyTooLarge(pending.request()), true);
      return;
    }
    body.appendBuffer(chunk);
  }

  private void end() {
    if (finish()) {
      handler.decideWithBody(ctx, pending, body);
    }
  }

  private void timedOut() {
    if (finish()) {
      ctx.request().pause();
      KServeAuthHandlerImpl.reject(ctx, handler.auth().bodyTimeout(pending.request()), true);
    }
  }

  private void failed(Throwable t) {
    if (finish() && !ctx.response().ended()) {
      ctx.fail(400, t);
    }
  }
}
