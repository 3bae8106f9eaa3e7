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

import dev.kserveauth.KServeAuth;
import dev.kserveauth.policy.Decision;
import dev.kserveauth.testing.http.EchoApp;
import dev.kserveauth.testing.http.HttpConformance;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authorization.RoleBasedAuthorization;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthorizationHandler;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A real Vert.x HTTP server with vertx-web: the kserve-auth handler, BodyHandler (or the other way round), then the echo application. */
final class VertxServer implements HttpConformance.Target, AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  final AtomicInteger hits = new AtomicInteger();
  final List<String> paths = Collections.synchronizedList(new ArrayList<>());
  final List<String> eventLoopViolations = Collections.synchronizedList(new ArrayList<>());

  /** The recommended wiring: the kserve-auth handler first, then BodyHandler. */
  VertxServer(KServeAuth auth) throws Exception {
    this(auth, false);
  }

  /** With {@code bodyHandlerFirst}, the older wiring: BodyHandler buffers every body before the decision. */
  VertxServer(KServeAuth auth, boolean bodyHandlerFirst) throws Exception {
    Router router = Router.router(vertx);
    if (bodyHandlerFirst) {
      router.route().handler(BodyHandler.create());
    }
    router.route().handler(KServeAuthHandler.create(auth));
    if (!bodyHandlerFirst) {
      // only where a body is expected: BodyHandler answers 500 to a form body on GET, HEAD, OPTIONS or TRACE
      router.route().method(HttpMethod.POST).method(HttpMethod.PUT).method(HttpMethod.PATCH)
          .method(HttpMethod.DELETE).handler(BodyHandler.create());
    }
    router.route("/admin-only/*").handler(AuthorizationHandler.create(RoleBasedAuthorization.create("admin")));
    router.route().handler(this::echo);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void echo(RoutingContext ctx) {
    hits.incrementAndGet();
    String path = URLDecoder.decode(ctx.normalizedPath().replace("+", "%2B"), StandardCharsets.UTF_8);
    paths.add(path);
    User user = ctx.user();
    List<String> roles = new ArrayList<>();
    if (user != null) {
      for (String r : EchoApp.ROLES) {
        if (RoleBasedAuthorization.create(r).match(user)) {
          roles.add(r);
        }
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String n : ctx.request().headers().names()) {
      headers.put(n.toLowerCase(Locale.ROOT), ctx.request().getHeader(n));
    }
    Decision d = ctx.get(KServeAuthHandler.DECISION_KEY);
    String body = ctx.body().available() && ctx.body().buffer() != null ? ctx.body().asString() : "";
    byte[] out = EchoApp.render(path, user == null ? null : user.principal().getString("sub"), roles, headers,
        ctx.request().query(), new ArrayList<>(ctx.queryParams().names()), body, d == null ? null : d.rule());
    ctx.response().putHeader("Content-Type", "application/json").end(io.vertx.core.buffer.Buffer.buffer(out));
  }

  @Override
  public int port() {
    return server.actualPort();
  }

  @Override
  public int appHits() {
    return hits.get();
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
