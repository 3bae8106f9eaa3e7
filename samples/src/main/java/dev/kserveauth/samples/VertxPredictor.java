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
package dev.kserveauth.samples;

import dev.kserveauth.KServeAuth;
import dev.kserveauth.vertx.KServeAuthHandler;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.TimeUnit;

/**
 * A KServe custom predictor on Vert.x 4.5 (vertx-web), protected by a route handler. Copy this
 * class: the only auth-specific line is {@code router.route().handler(authHandler)}, mounted before
 * {@code BodyHandler}; the handlers after it see only requests the policy allowed. The auth handler
 * never blocks the event loop.
 *
 * <pre>{@code
 * KServeAuth auth = KServeAuth.builder()
 *     .authenticator(RequestAuthenticator.builder().rulesFrom(Path.of("/etc/kserve-auth/authn.yaml")).build())
 *     .policies(Path.of("/etc/kserve-auth/policies"))
 *     .build();
 * VertxPredictor p = VertxPredictor.start(Vertx.vertx(), "0.0.0.0", 8080, auth, new ModelServer(List.of("iris"), null));
 * }</pre>
 */
public final class VertxPredictor implements AutoCloseable {

  /** Largest request body the predictor buffers. */
  public static final long MAX_BODY_BYTES = 8L * 1024 * 1024;

  private final HttpServer server;

  private VertxPredictor(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts an HTTP server with kserve-auth's {@link KServeAuthHandler} in front of every route.
   *
   * @param vertx the Vert.x instance
   * @param host the address to bind
   * @param port the port, or 0 for a free one
   * @param auth the facade deciding every request (asynchronously: the event loop never blocks)
   * @param models what answers the allowed requests
   * @return the running predictor
   * @throws Exception when the server cannot listen
   */
  public static VertxPredictor start(Vertx vertx, String host, int port, KServeAuth auth, ModelServer models)
      throws Exception {
    return start(vertx, host, port, KServeAuthHandler.create(auth), models);
  }

  /**
   * Starts an HTTP server with {@code authHandler} in front of every route and the model behind it.
   *
   * @param vertx the Vert.x instance
   * @param host the address to bind
   * @param port the port, or 0 for a free one
   * @param authHandler the kserve-auth handler (or any handler that decides access)
   * @param models what answers the allowed requests
   * @return the running predictor
   * @throws Exception when the server cannot listen
   */
  public static VertxPredictor start(Vertx vertx, String host, int port, Handler<RoutingContext> authHandler,
      ModelServer models) throws Exception {
    Router router = Router.router(vertx);
    // The one line that protects every route: authenticate, decide, then ctx.next() or answer 401/403.
    // First, before any body is buffered: a caller who fails authentication costs no body at all; the
    // handler reads (bounded) only the body of an OpenAI route whose decision needs the model.
    router.route().handler(authHandler);
    // Then the body, only for the methods that carry one (BodyHandler answers 500 to a form body on
    // GET or OPTIONS).
    router.route().method(HttpMethod.POST).method(HttpMethod.PUT).method(HttpMethod.PATCH).method(HttpMethod.DELETE)
        .handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
    router.route().handler(ctx -> {
      // normalizedPath() is the path vertx-web routes on (and the auth handler decided on).
      Buffer body = ctx.body().buffer();
      ModelServer.Reply reply = models.handle(ctx.request().method().name(), ctx.normalizedPath(),
          body == null ? new byte[0] : body.getBytes());
      ctx.response().setStatusCode(reply.status()).putHeader("Content-Type", reply.contentType()).end(reply.body());
    });
    HttpServer server = vertx.createHttpServer()
        .requestHandler(router)
        .listen(port, host)
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return new VertxPredictor(server);
  }

  /** The port the server listens on. */
  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
