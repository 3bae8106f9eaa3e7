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

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.audit.AuditSink;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.policy.Decision;
import dev.kserveauth.policy.Effect;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.testing.http.RawHttp;
import dev.kserveauth.testing.http.TableAuthenticator;
import dev.kserveauth.authn.AuthenticationOutcome;
import dev.kserveauth.authn.Principal;
import dev.kserveauth.authn.RequestAuthenticator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The handler on a real Vert.x server. */
class KServeAuthHandlerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Principal DS = TableAuthenticator.principal("user123", "data-scientist", "ml-platform");
  static final Principal ADMIN = TableAuthenticator.principal("admin", "admin", "ml-platform");
  static final PolicyEngine ENGINE = r -> r.principal() != null && !r.path().contains("production")
      ? new Decision(Effect.ALLOW, "p", "p#rules[0]", List.of(), List.of(), List.of())
      : new Decision(Effect.DENY, null, null, List.of("no ALLOW policy matched"), List.of(), List.of());
  static final List<String> authThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
  static VertxServer server;

  /** Completes later on a non-Vert.x thread, like a JWKS fetch would; records that the caller was not blocked. */
  static final class SlowAuthenticator implements RequestAuthenticator {
    final TableAuthenticator table = new TableAuthenticator(Map.of("ds", DS, "admin", ADMIN));

    @Override
    public AuthenticationOutcome authenticate(RequestView request) {
      throw new AssertionError("the Vert.x handler must not call the blocking path");
    }

    @Override
    public CompletionStage<AuthenticationOutcome> authenticateAsync(RequestView request) {
      authThreads.add(Thread.currentThread().getName());
      return CompletableFuture.supplyAsync(() -> table.authenticate(request),
          CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
    }

    @Override
    public Set<String> outputHeaderNames() {
      return table.outputHeaderNames();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    KServeAuth auth = KServeAuth.builder().authenticator(new SlowAuthenticator()).policyEngine(ENGINE)
        .publicPaths("/health").auditSink(AuditSink.none()).maxBodyBytes(64).build();
    server = new VertxServer(auth);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  RawHttp.Response send(String method, String target, String... headers) throws Exception {
    return RawHttp.send(server.port(), method, target, List.of(headers), null);
  }

  @Test
  void allowedRequestSetsUserRolesDataAndStripsHeaders() throws Exception {
    RawHttp.Response r = send("POST", "/v1/models/iris:predict?a=1", "Authorization: Bearer ds", "X-User: admin");
    assertThat(r.status()).isEqualTo(200);
    JsonNode app = JSON.readTree(r.body());
    assertThat(app.get("user").asText()).isEqualTo("user123");
    assertThat(app.get("roles").toString()).isEqualTo("[\"data-scientist\"]");
    assertThat(app.path("headers").get("x-user").asText()).isEqualTo("user123");
    assertThat(app.path("headers").has("authorization")).isFalse();
    assertThat(app.get("rule").asText()).isEqualTo("p#rules[0]");
    assertThat(authThreads).allMatch(t -> t.contains("eventloop"));
  }

  @Test
  void vertxAuthorizationHandlerSeesTheRoles() throws Exception {
    assertThat(send("GET", "/admin-only/x", "Authorization: Bearer ds").status()).isEqualTo(403);
    assertThat(send("GET", "/admin-only/x", "Authorization: Bearer admin").status()).isEqualTo(200);
  }

  @Test
  void rejectsHaveTheFacadeBytes() throws Exception {
    int before = server.appHits();
    RawHttp.Response none = send("POST", "/v1/models/iris:predict");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"kserve\"");
    assertThat(none.header("Content-Type")).isEqualTo("application/json");
    assertThat(none.bodyText()).isEqualTo("{\"error\":\"authentication required\"}");
    assertThat(send("POST", "/v1/models/production:predict", "Authorization: Bearer ds").status()).isEqualTo(403);
    assertThat(send("POST", "/v1/models/iris:predict", "Authorization: Bearer old").header("WWW-Authenticate"))
        .contains("error=\"invalid_token\"");
    assertThat(server.appHits()).isEqualTo(before);
  }

  @Test
  void pathTricksNeverReachADeniedModel() throws Exception {
    for (String t : List.of("/v1/models/x/../production:predict", "/v1/models/x/%2e%2e/production:predict",
        "/v1/models/x%2F..%2Fproduction:predict", "/v1/models//production:predict",
        "/v1/models/iris;x=/../production:predict", "/v1/models/%70roduction:predict",
        "/v1/models/x/..%2Fproduction:predict", "/v1/models/x\\..\\production")) {
      RawHttp.Response r = send("POST", t, "Authorization: Bearer ds");
      assertThat(r.status()).as(t).isIn(400, 403);
    }
    assertThat(server.paths).noneMatch(p -> p.contains("production"));
  }

  @Test
  void openAiBodyIsDecidedOnAndStillReadable() throws Exception {
    RawHttp.Response ok = RawHttp.send(server.port(), "POST", "/openai/v1/completions",
        List.of("Authorization: Bearer ds"), "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(JSON.readTree(ok.body()).get("body").asText()).isEqualTo("{\"model\":\"m\"}");
    RawHttp.Response big = RawHttp.send(server.port(), "POST", "/openai/v1/completions",
        List.of("Authorization: Bearer ds"), new byte[100]);
    assertThat(big.status()).isEqualTo(413);
  }

  @Test
  void publicPathAndMalformedAuthorization() throws Exception {
    assertThat(send("GET", "/health").status()).isEqualTo(200);
    for (String h : List.of("Authorization: Basic Zm9vOmJhcg==", "Authorization: Bearer", "Authorization: ",
        "Authorization: Bearer a b c", "Authorization: Bearer " + "x".repeat(6000))) {
      assertThat(send("POST", "/v1/models/iris:predict", h).status()).as(h).isIn(400, 401, 431);
    }
  }

  @Test
  void userCarriesClaimsRolesAndPermissions() {
    Principal p = Principal.fromClaims(Map.of("iss", "https://i", "sub", "s1", "role", "admin",
        "permissions", List.of("model:predict"), "realm_access", Map.of("roles", List.of("r1")), "exp", 4_000_000_000L));
    io.vertx.ext.auth.User u = Users.toUser(p);
    assertThat(u.principal().getString("sub")).isEqualTo("s1");
    assertThat(u.principal().getString("username")).isEqualTo("s1");
    assertThat(u.principal().getJsonObject("realm_access").getJsonArray("roles").getString(0)).isEqualTo("r1");
    assertThat(u.principal().encode()).contains("\"realm_access\":{\"roles\":[\"r1\"]}");
    assertThat(io.vertx.ext.auth.authorization.RoleBasedAuthorization.create("admin").match(u)).isTrue();
    assertThat(io.vertx.ext.auth.authorization.RoleBasedAuthorization.create("r1").match(u)).isTrue();
    assertThat(io.vertx.ext.auth.authorization.PermissionBasedAuthorization.create("model:predict").match(u)).isTrue();
    assertThat(io.vertx.ext.auth.authorization.RoleBasedAuthorization.create("nobody").match(u)).isFalse();
    // a role is not a permission of the same name
    assertThat(io.vertx.ext.auth.authorization.PermissionBasedAuthorization.create("admin").match(u)).isFalse();
    List<io.vertx.ext.auth.authorization.Authorization> set = authorizationsOf(u);
    assertThat(set).doesNotHaveDuplicates().hasSize(p.roles().size() + p.permissions().size())
        .contains(io.vertx.ext.auth.authorization.RoleBasedAuthorization.create("r1"),
            io.vertx.ext.auth.authorization.PermissionBasedAuthorization.create("model:predict"));
  }

  /** Our provider's authorizations: {@code get} on Vert.x 4, {@code forEach(providerId, ...)} on Vert.x 5. */
  @SuppressWarnings("unchecked")
  static List<io.vertx.ext.auth.authorization.Authorization> authorizationsOf(io.vertx.ext.auth.User u) {
    Object authz = u.authorizations();
    List<io.vertx.ext.auth.authorization.Authorization> out = new java.util.ArrayList<>();
    try {
      try {
        out.addAll((Set<io.vertx.ext.auth.authorization.Authorization>) authz.getClass().getMethod("get", String.class)
            .invoke(authz, KServeAuthHandler.PROVIDER_ID));
      } catch (NoSuchMethodException e) {
        java.util.function.Consumer<io.vertx.ext.auth.authorization.Authorization> add = out::add;
        authz.getClass().getMethod("forEach", String.class, java.util.function.Consumer.class)
            .invoke(authz, KServeAuthHandler.PROVIDER_ID, add);
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  @Test
  void eachUserGetsItsOwnAuthorizationObjects() {
    Principal p = TableAuthenticator.principal("u", "admin", "t");
    io.vertx.ext.auth.User a = Users.toUser(p);
    io.vertx.ext.auth.User b = Users.toUser(p);
    // Vert.x authorizations are mutable (setResource); one request changing its user's must not reach another's
    assertThat(authorizationsOf(a)).isNotEmpty();
    for (io.vertx.ext.auth.authorization.Authorization x : authorizationsOf(a)) {
      assertThat(authorizationsOf(b)).noneMatch(y -> y == x);
    }
    a.principal().put("sub", "changed");
    assertThat(b.principal().getString("sub")).isEqualTo("u");
  }

  @Test
  void changesToOneUsersJsonNeverReachAnotherUserOfTheSamePrincipal() {
    Principal p = Principal.fromClaims(Map.of("iss", "https://i", "sub", "s1", "roles", List.of("admin", "viewer"),
        "permissions", List.of("model:predict"), "exp", 4_000_000_000L));
    io.vertx.ext.auth.User a = Users.toUser(p);
    String principalJson = a.principal().encode();
    String attributesJson = a.attributes().encode();
    io.vertx.ext.auth.User b = Users.toUser(p);
    a.principal().remove("iss");
    a.principal().fieldNames().remove("username");
    a.principal().put("extra", 1);
    a.attributes().getJsonArray("roles").add("root");
    a.attributes().getJsonArray("roles").remove(0);
    a.attributes().getJsonArray("permissions").clear();
    assertThat(a.principal().containsKey("iss")).isFalse();
    assertThat(a.principal().fieldNames()).doesNotContain("username").contains("extra");
    assertThat(a.attributes().getJsonArray("roles").getList()).contains("root").hasSize(p.roles().size());
    assertThat(a.attributes().getJsonArray("permissions").isEmpty()).isTrue();
    assertThat(b.principal().encode()).isEqualTo(principalJson);
    assertThat(b.attributes().encode()).isEqualTo(attributesJson);
    assertThat(Users.toUser(p).principal().encode()).isEqualTo(principalJson);
    b.principal().clear();
    assertThat(b.principal().isEmpty()).isTrue();
    assertThat(Users.toUser(p).principal().getString("sub")).isEqualTo("s1");
  }

  @Test
  void policiesSeeThePeerAddressTheRouterReports() throws Exception {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    PolicyEngine recording = r -> {
      seen.add(r.sourceIp());
      return new Decision(Effect.ALLOW, "p", "p#rules[0]", List.of(), List.of(), List.of());
    };
    KServeAuth auth = KServeAuth.builder().authenticator(new TableAuthenticator(Map.of())).policyEngine(recording)
        .auditSink(AuditSink.none()).build();
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      int[] ports = new int[2];
      for (int i = 0; i < 2; i++) {
        io.vertx.ext.web.Router router = io.vertx.ext.web.Router.router(vertx);
        if (i == 1) {
          router.allowForward(io.vertx.ext.web.AllowForwardHeaders.X_FORWARD);
        }
        router.route().handler(KServeAuthHandler.create(auth));
        router.route().handler(ctx -> ctx.response().end("ok"));
        ports[i] = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
      }
      String xff = "X-Forwarded-For: 10.1.2.3";
      assertThat(RawHttp.send(ports[0], "GET", "/v1/models", List.of(), null).status()).isEqualTo(200);
      assertThat(RawHttp.send(ports[0], "GET", "/v1/models", List.of(xff), null).status()).isEqualTo(200);
      assertThat(RawHttp.send(ports[1], "GET", "/v1/models", List.of(), null).status()).isEqualTo(200);
      assertThat(RawHttp.send(ports[1], "GET", "/v1/models", List.of(xff), null).status()).isEqualTo(200);
      assertThat(RawHttp.send(ports[1], "GET", "/v1/models", List.of("Forwarded: for=10.4.5.6"), null).status())
          .isEqualTo(200);
      // forwarding headers count only where the router trusts them (vertx-web's allowForward)
      assertThat(seen).containsExactly("127.0.0.1", "127.0.0.1", "127.0.0.1", "10.1.2.3", "127.0.0.1");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
