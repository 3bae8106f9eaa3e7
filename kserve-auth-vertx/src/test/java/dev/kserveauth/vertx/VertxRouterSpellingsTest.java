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

import dev.kserveauth.testing.http.RouteSpellings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@code vertx-web} column of route-spellings.yaml, checked against vertx-web's real Router with
 * the routes a KServe model server registers (no kserve-auth in front): a trailing '/' and an
 * encoded '?' / '#' / ';' in a path parameter still reach the route, which is why kserve-auth refuses
 * them. Runs against Vert.x 5 too ({@code -Pvertx5}).
 */
class VertxRouterSpellingsTest {
  static Vertx vertx;
  static HttpServer server;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Router r = Router.router(vertx);
    // V1 predict first: vertx-web has no literal ':' in a path template, a KServe server uses a regex
    route(r.routeWithRegex("/v1/models/([^/]+):predict"), "v1-predict");
    route(r.route("/v1/models"), "v1-list");
    route(r.route("/v1/models/:model"), "v1-model");
    route(r.route("/v2"), "v2-server");
    route(r.route("/v2/models/:model"), "v2-model");
    route(r.route("/v2/models/:model/infer"), "v2-infer");
    route(r.route("/v2/models/:model/versions/:version"), "v2-version");
    route(r.route("/v2/models/:model/versions/:version/infer"), "v2-version-infer");
    route(r.route("/openai/v1/completions"), "openai-completions");
    route(r.route("/openai/v1/chat/completions"), "openai-chat");
    route(r.route("/health"), "health");
    r.route().handler(ctx -> ctx.response().setStatusCode(404).end());
    server = vertx.createHttpServer().requestHandler(r).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static void route(io.vertx.ext.web.Route route, String name) {
    route.handler(ctx -> ctx.response().putHeader("X-Route", name).end());
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @TestFactory
  Stream<DynamicTest> vertxWebDispatchesAsTheTableSays() {
    return RouteSpellings.check("vertx-web", RouteSpellings.overHttp(server::actualPort));
  }
}
