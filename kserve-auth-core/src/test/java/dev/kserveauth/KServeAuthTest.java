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
package dev.kserveauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kserveauth.audit.AuditEvent;
import dev.kserveauth.audit.AuditSink;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.policy.Decision;
import dev.kserveauth.policy.Effect;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.testing.http.TableAuthenticator;
import dev.kserveauth.authn.Principal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class KServeAuthTest {

  static final Principal DS = TableAuthenticator.principal("user123", "data-scientist", "ml-platform");
  static final Principal ADMIN = TableAuthenticator.principal("admin", "admin", "ml-platform");

  /** admin may do anything; data-scientist may POST to non-production models; explicit deny on "/deny". */
  static final PolicyEngine ENGINE = r -> {
    if (r.path().startsWith("/deny")) {
      return new Decision(Effect.DENY, "ns/deny", "ns/deny#rules[0]", List.of("denied by policy ns/deny"),
          List.of(), List.of());
    }
    if (r.principal() != null && (r.principal().hasRole("admin")
        || r.principal().hasRole("data-scientist") && r.method().equals("POST") && !r.path().contains("production"))) {
      return new Decision(Effect.ALLOW, "ns/allow", "ns/allow#rules[0]", List.of("allowed"), List.of(), List.of());
    }
    return new Decision(Effect.DENY, null, null, List.of("no ALLOW policy matched"),
        List.of(), List.of());
  };

  final List<AuditEvent> events = new CopyOnWriteArrayList<>();
  final TableAuthenticator authenticator = new TableAuthenticator(Map.of("ds", DS, "admin", ADMIN));

  KServeAuth auth() {
    return KServeAuth.builder().authenticator(authenticator).policyEngine(ENGINE).publicPaths("/health", "/metrics*")
        .auditSink(events::add).auditClaims("team", "email").redactClaims("email").build();
  }

  static RequestView req(String method, String path, String authorization) {
    return new RequestView(method, path, "localhost", authorization == null ? Map.of()
        : Map.of("Authorization", List.of(authorization), "User-Agent", List.of("test/1")),
        Map.of(), Map.of(), "127.0.0.1", 8080, null);
  }

  @Test
  void noTokenDeniedIs401WithRealmOnlyChallenge() {
    AuthResult r = auth().authorize(req("POST", "/v1/models/iris:predict", null));
    assertThat(r).isInstanceOf(AuthResult.Reject.class);
    AuthResult.Reject rej = (AuthResult.Reject) r;
    assertThat(rej.status()).isEqualTo(401);
    assertThat(rej.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"kserve\"")
        .containsEntry("Content-Type", "application/json");
    assertThat(rej.bodyText()).isEqualTo("{\"error\":\"authentication required\"}");
  }

  @Test
  void aDisabledSinkIsNeverHandedAnEventAndDecisionsStayTheSame() {
    java.util.concurrent.atomic.AtomicInteger recorded = new java.util.concurrent.atomic.AtomicInteger();
    AuditSink off = new AuditSink() {
      @Override
      public void record(AuditEvent event) {
        recorded.incrementAndGet();
      }

      @Override
      public boolean isEnabled() {
        return false;
      }
    };
    KServeAuth a = KServeAuth.builder().authenticator(authenticator).policyEngine(ENGINE).auditSink(off).build();
    assertThat(a.authorize(req("POST", "/v1/models/iris:predict", "Bearer ds")).allowed()).isTrue();
    assertThat(((AuthResult.Reject) a.authorize(req("POST", "/deny/x", "Bearer ds"))).status()).isEqualTo(403);
    assertThat(((AuthResult.Reject) a.authorize(req("POST", "/v1/models/iris:predict", null))).status())
        .isEqualTo(401);
    assertThat(recorded).hasValue(0);
    assertThat(AuditSink.none().isEnabled()).isFalse();
  }

  @Test
  void invalidTokenIs401InvalidTokenBeforeAnyPolicy() {
    AuthResult.Reject r = (AuthResult.Reject) auth().authorize(req("POST", "/deny/x", "Bearer expired"));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.headers().get("WWW-Authenticate"))
        .isEqualTo("Bearer realm=\"kserve\", error=\"invalid_token\", error_description=\"Jwt is expired\"");
    assertThat(r.decision().policy()).isNull();
    assertThat(events).singleElement().extracting(AuditEvent::event).isEqualTo("authentication_failed");
  }

  @Test
  void malformedCredentialsAre400InvalidRequest() {
    AuthResult.Reject r = (AuthResult.Reject) auth().authorize(req("POST", "/v1/models/iris:predict", "Basic abc"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.headers().get("WWW-Authenticate")).contains("error=\"invalid_request\"");
  }

  @Test
  void knownPrincipalDeniedIs403() {
    AuthResult.Reject r = (AuthResult.Reject) auth().authorize(req("DELETE", "/v1/models/iris", "Bearer ds"));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.headers().get("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
    assertThat(r.bodyText()).isEqualTo("{\"error\":\"access denied\"}");
  }

  @Test
  void allowedProceedsWithPrincipalAndHeaderInstructions() {
    AuthResult r = auth().authorize(req("POST", "/v1/models/x/../iris:predict", "Bearer ds"));
    assertThat(r).isInstanceOf(AuthResult.Proceed.class);
    AuthResult.Proceed p = (AuthResult.Proceed) r;
    assertThat(p.principal()).isEqualTo(DS);
    assertThat(p.path()).isEqualTo("/v1/models/iris:predict");
    assertThat(p.headersToSet()).containsEntry("x-user", "user123");
    assertThat(p.headersToRemove()).containsExactlyInAnyOrder("x-user", "authorization");
    assertThat(p.decision().rule()).isEqualTo("ns/allow#rules[0]");
  }

  @Test
  void forwardOriginalTokenKeepsAuthorization() {
    authenticator.forward = true;
    AuthResult.Proceed p = (AuthResult.Proceed) auth().authorize(req("POST", "/v1/models/iris:predict", "Bearer ds"));
    assertThat(p.headersToRemove()).containsExactly("x-user");
  }

  @Test
  void ambiguousPathIs400AndNeverReachesEngine() {
    AtomicReference<String> seen = new AtomicReference<>();
    KServeAuth a = KServeAuth.builder().authenticator(authenticator).policyEngine(r -> {
      seen.set(r.path());
      return ENGINE.decide(r);
    }).auditSink(AuditSink.none()).build();
    AuthResult.Reject r = (AuthResult.Reject) a.authorize(req("POST", "/v1/models/x%2F..%2Fproduction:predict", "Bearer admin"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.bodyText()).contains("encoded path separator");
    assertThat(seen.get()).isNull();
  }

  @Test
  void publicPathsAndPreflightSkip() {
    KServeAuth a = auth();
    assertThat(a.authorize(req("GET", "/health", "Bearer expired")).allowed()).isTrue();
    assertThat(a.authorize(req("GET", "/metrics/x", null)).allowed()).isTrue();
    assertThat(a.authorize(req("GET", "/healthz", null)).allowed()).isFalse();
    RequestView notPreflight = new RequestView("OPTIONS", "/v1/models/iris:predict", "h", Map.of(), Map.of(), Map.of(),
        "127.0.0.1", 80, null);
    assertThat(a.authorize(notPreflight).allowed()).isFalse();
  }

  static RequestView preflight(String authorization) {
    Map<String, List<String>> h = new java.util.LinkedHashMap<>();
    h.put("Origin", List.of("https://ui"));
    h.put("Access-Control-Request-Method", List.of("POST"));
    if (authorization != null) {
      h.put("Authorization", List.of(authorization));
    }
    return new RequestView("OPTIONS", "/v1/models/iris:predict", "h", h, Map.of(), Map.of(), "127.0.0.1", 80, null);
  }

  @Test
  void aCorsPreflightIsDecidedAsAnonymousByDefaultAsIstioDoes() {
    KServeAuth a = auth();
    AuthResult anonymous = a.authorize(preflight(null));
    assertThat(anonymous).isInstanceOf(AuthResult.Reject.class);
    assertThat(((AuthResult.Reject) anonymous).status()).isEqualTo(401);
    // its token is not authenticated: not the admin's grant, and not a 401 invalid_token for a bad one
    AuthResult withAdmin = a.authorize(preflight("Bearer admin"));
    assertThat(withAdmin.allowed()).isFalse();
    assertThat(withAdmin.principal()).isNull();
    assertThat(((AuthResult.Reject) a.authorize(preflight("Bearer garbage"))).headers().get("WWW-Authenticate"))
        .isEqualTo("Bearer realm=\"kserve\"");
    assertThat(a.authorizeAsync(preflight("Bearer admin")).toCompletableFuture().join().allowed()).isFalse();
    // a policy that allows OPTIONS for anyone lets it through, as an AuthorizationPolicy would
    PolicyEngine allowOptions = r -> r.method().equals("OPTIONS") && r.principal() == null
        ? new Decision(Effect.ALLOW, "ns/cors", "ns/cors#rules[0]", List.of("allowed"), List.of(), List.of())
        : ENGINE.decide(r);
    KServeAuth b = KServeAuth.builder().authenticator(authenticator).policyEngine(allowOptions).build();
    assertThat(b.authorize(preflight("Bearer admin")).allowed()).isTrue();
    assertThat(b.authorize(preflight("Bearer admin")).decision().policy()).isEqualTo("ns/cors");
  }

  @Test
  void skippingCorsPreflightsEntirelyIsAnExplicitOptIn() {
    KServeAuth a = KServeAuth.builder().authenticator(authenticator).policyEngine(ENGINE).skipCorsPreflight(true)
        .auditSink(events::add).build();
    AuthResult r = a.authorize(preflight(null));
    assertThat(r.allowed()).isTrue();
    assertThat(r.decision().reasons()).containsExactly("CORS preflight");
    assertThat(events).extracting(AuditEvent::event).containsExactly("skipped");
  }

  @Test
  void unexpectedExceptionsFailClosed() {
    AuthResult.Reject r = (AuthResult.Reject) auth().authorize(req("POST", "/v1/models/iris:predict", "Bearer boom"));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.bodyText()).doesNotContain("Exception").doesNotContain("boom");
    KServeAuth throwing = KServeAuth.builder().authenticator(authenticator).policyEngine(x -> {
      throw new IllegalStateException("bug");
    }).auditSink(AuditSink.none()).build();
    AuthResult.Reject r2 = (AuthResult.Reject) throwing.authorize(req("POST", "/v1/models/iris:predict", "Bearer admin"));
    assertThat(r2.status()).isEqualTo(403);
    assertThat(r2.bodyText()).doesNotContain("bug");
  }

  @Test
  void missingPolicySetIs500() {
    KServeAuth a = KServeAuth.builder().authenticator(authenticator).policyEngine(() -> null)
        .auditSink(AuditSink.none()).build();
    AuthResult.Reject r = (AuthResult.Reject) a.authorize(req("POST", "/v1/models/iris:predict", "Bearer admin"));
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.bodyText()).isEqualTo("{\"error\":\"authorization is not configured\"}");
  }

  @Test
  void asyncGivesTheSameAnswersAndNeverFails() throws Exception {
    KServeAuth a = auth();
    for (String[] c : new String[][] {{"POST", "/v1/models/iris:predict", null}, {"POST", "/v1/models/iris:predict", "Bearer ds"},
        {"DELETE", "/v1/models/iris", "Bearer ds"}, {"POST", "/x", "Bearer expired"}, {"POST", "/x", "Bearer boom"},
        {"POST", "/a//b", "Bearer ds"}}) {
      AuthResult sync = a.authorize(req(c[0], c[1], c[2]));
      AuthResult async = a.authorizeAsync(req(c[0], c[1], c[2])).toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(async.getClass()).isEqualTo(sync.getClass());
      if (sync instanceof AuthResult.Reject s) {
        AuthResult.Reject x = (AuthResult.Reject) async;
        assertThat(x.status()).isEqualTo(s.status());
        assertThat(x.headers()).isEqualTo(s.headers());
        assertThat(x.body()).isEqualTo(s.body());
      }
    }
  }

  @Test
  void auditHasSeedFieldsRedactsClaimsAndNeverTheToken() {
    String token = "ds";
    auth().authorize(req("POST", "/v1/models/iris:predict", "Bearer " + token));
    AuditEvent e = events.get(0);
    assertThat(e.userId()).isEqualTo("user123");
    assertThat(e.result()).isEqualTo("allow");
    assertThat(e.action()).isEqualTo("POST /v1/models/iris:predict");
    assertThat(e.claims()).containsEntry("team", "ml-platform").containsEntry("email", "[REDACTED]");
    String json = AuditSink.toJson(e);
    assertThat(json).contains("\"user_id\":\"user123\"", "\"role\":[\"data-scientist\"]",
        "\"action\":\"POST /v1/models/iris:predict\"", "\"result\":\"allow\"", "\"policy\":\"ns/allow\"",
        "\"rule\":\"ns/allow#rules[0]\"", "\"ip_address\":\"127.0.0.1\"", "\"user_agent\":\"test/1\"",
        "\"claims\":{\"team\":\"ml-platform\",\"email\":\"[REDACTED]\"}")
        .doesNotContain("user123@company.com").doesNotContain("Bearer");
  }

  @Test
  void builderRejectsDoubleSettingAndMissingParts() {
    assertThatThrownBy(() -> KServeAuth.builder().realm("a").realm("b")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("realm");
    assertThatThrownBy(() -> KServeAuth.builder().policyEngine(ENGINE).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("authenticator");
    assertThatThrownBy(() -> KServeAuth.builder().authenticator(authenticator).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("policyEngine");
  }

  @Test
  void metricsFollowEachDecision() {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry reg = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    KServeAuth a = KServeAuth.builder().authenticator(authenticator).policyEngine(ENGINE).auditSink(AuditSink.none())
        .metrics(dev.kserveauth.metrics.MicrometerAuthMetrics.create(reg)).build();
    a.authorize(req("POST", "/v1/models/iris:predict", "Bearer ds"));
    a.authorize(req("DELETE", "/v1/models/iris", "Bearer ds"));
    a.authorize(req("POST", "/v1/models/iris:predict", "Bearer expired"));
    a.authorize(req("POST", "/v1/models/iris:predict", null));
    assertThat(reg.get("jwt_validation").tag("status", "valid").counter().count()).isEqualTo(2);
    assertThat(reg.get("jwt_validation").tag("status", "invalid").counter().count()).isEqualTo(1);
    assertThat(reg.get("jwt_validation").tag("status", "absent").counter().count()).isEqualTo(1);
    assertThat(reg.get("rbac_authorization").tag("decision", "allow").tag("transport", "http").counter().count()).isEqualTo(1);
    assertThat(reg.get("rbac_authorization").tag("decision", "deny").tag("transport", "http").counter().count()).isEqualTo(2);
    assertThat(reg.get("rbac_role_usage").tag("role", "data-scientist").counter().count()).isEqualTo(2);
    assertThat(reg.get("jwt_token_expiration").summary().count()).isEqualTo(2);
  }

  @Test
  void openAiBodiesAreCheckedBeforeDeciding() {
    KServeAuth a = auth();
    java.util.function.Function<String, AuthResult> call = body -> a.authorize(new RequestView("POST",
        "/openai/v1/completions", "h", Map.of("Authorization", List.of("Bearer ds")), Map.of(), Map.of(), "127.0.0.1",
        80, body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    assertThat(call.apply("{\"model\":\"m\",\"prompt\":[1,{\"model\":\"x\"}]}").allowed()).isTrue();
    assertThat(((AuthResult.Reject) call.apply("{\"model\":\"m\",\"model\":\"x\"}")).status()).isEqualTo(400);
    assertThat(((AuthResult.Reject) call.apply("{\"model\":7}")).status()).isEqualTo(400);
    assertThat(((AuthResult.Reject) call.apply("{\"model\":\"m\"} {}")).status()).isEqualTo(400);
    assertThat(((AuthResult.Reject) call.apply("[]")).status()).isEqualTo(400);
    assertThat(call.apply(null)).isInstanceOf(AuthResult.NeedsBody.class);
    assertThat(events).anySatisfy(e -> assertThat(e.model()).isEqualTo("m"));
  }

  static RequestView openAi(String authorization, byte[] body) {
    return new RequestView("POST", "/openai/v1/completions", "h",
        authorization == null ? Map.of() : Map.of("Authorization", List.of(authorization)), Map.of(), Map.of(),
        "127.0.0.1", 80, body);
  }

  @Test
  void aBodyIsAskedForOnlyAfterAuthenticationAndOnlyWhenTheDecisionReadsTheModel() {
    AtomicReference<dev.kserveauth.route.KServeRoute> seen = new AtomicReference<>();
    PolicyEngine readsModel = new PolicyEngine() { // the default dependsOnModel(): true
      @Override
      public Decision decide(dev.kserveauth.policy.AccessRequest r) {
        seen.set(r.route());
        return "production".equals(r.route().model())
            ? new Decision(Effect.DENY, "ns/deny", "ns/deny#rules[0]", List.of("denied"), List.of(), List.of())
            : ENGINE.decide(r);
      }
    };
    KServeAuth a = KServeAuth.builder().authenticator(authenticator).policyEngine(readsModel).maxBodyBytes(64)
        .bodyTimeout(java.time.Duration.ofMillis(1500)).auditSink(events::add).build();
    // a failed token: answered at once, no body asked for
    AuthResult bad = a.authorize(openAi("Bearer expired", null));
    assertThat(bad).isInstanceOf(AuthResult.Reject.class);
    assertThat(((AuthResult.Reject) bad).status()).isEqualTo(401);
    assertThat(a.authorizeAsync(openAi("Bearer expired", null)).toCompletableFuture().join())
        .isInstanceOf(AuthResult.Reject.class);
    assertThat(seen.get()).isNull();
    // a good token: the body is asked for, bounded, and the second step decides with it
    AuthResult.NeedsBody nb = (AuthResult.NeedsBody) a.authorize(openAi("Bearer ds", null));
    assertThat(nb.allowed()).isFalse();
    assertThat(nb.principal()).isEqualTo(DS);
    assertThat(nb.maxBytes()).isEqualTo(64);
    assertThat(nb.timeout()).isEqualTo(java.time.Duration.ofMillis(1500));
    assertThat(seen.get()).isNull();
    AuthResult denied = a.authorizeWithBody(nb, "{\"model\":\"production\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(((AuthResult.Reject) denied).status()).isEqualTo(403);
    assertThat(seen.get().model()).isEqualTo("production");
    AuthResult allowed = a.authorizeWithBody((AuthResult.NeedsBody) a.authorizeAsync(openAi("Bearer ds", null))
        .toCompletableFuture().join(), "{\"model\":\"iris\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(allowed.allowed()).isTrue();
    assertThat(allowed.principal()).isEqualTo(DS);
    assertThat(((AuthResult.Reject) a.authorizeWithBody(nb, "{\"model\":7}".getBytes(StandardCharsets.UTF_8)))
        .status()).isEqualTo(400);
    assertThat(a.bodyTimeout(openAi(null, null)).status()).isEqualTo(408);
    assertThat(a.bodyTimeout(openAi(null, null)).bodyText()).isEqualTo("{\"error\":\"request body not received in time\"}");
    assertThat(a.bodyTooLarge(openAi(null, null)).status()).isEqualTo(413);
    // anonymous callers are decided too, so their body is asked for when the policies read the model
    assertThat(a.authorize(openAi(null, null))).isInstanceOf(AuthResult.NeedsBody.class);

    // policies that never read kserve.model: decided at once, the body is the application's alone
    PolicyEngine blind = new PolicyEngine() {
      @Override
      public Decision decide(dev.kserveauth.policy.AccessRequest r) {
        return ENGINE.decide(r);
      }

      @Override
      public boolean dependsOnModel() {
        return false;
      }
    };
    KServeAuth b = KServeAuth.builder().authenticator(authenticator).policyEngine(blind).build();
    assertThat(b.authorize(openAi("Bearer ds", null)).allowed()).isTrue();
    assertThat(((AuthResult.Reject) b.authorize(openAi(null, null))).status()).isEqualTo(401);
  }

  @Test
  void openAiBodyNamingTheModelTwiceIs400AndNeverReachesEngine() {
    AtomicReference<Object> seen = new AtomicReference<>();
    KServeAuth a = KServeAuth.builder().authenticator(authenticator).policyEngine(r -> {
      seen.set(r.route());
      return ENGINE.decide(r);
    }).auditSink(AuditSink.none()).build();
    byte[] body = "{\"model\":\"iris\",\"model\":\"production-fraud\"}".getBytes(StandardCharsets.UTF_8);
    RequestView twice = new RequestView("POST", "/openai/v1/chat/completions", "localhost",
        Map.of("Authorization", List.of("Bearer ds")), Map.of(), Map.of(), "127.0.0.1", 8080, body);
    AuthResult.Reject r = (AuthResult.Reject) a.authorize(twice);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.bodyText()).contains("more than once");
    assertThat(seen.get()).isNull();
    AuthResult.Reject async = (AuthResult.Reject) a.authorizeAsync(twice).toCompletableFuture().join();
    assertThat(async.status()).isEqualTo(400);
  }

  /** Envoy's jwt_authn removes a rule's output headers from the request before RBAC sees it. */
  @Test
  void policiesNeverSeeACallerSuppliedCopyOfAnOutputHeader() {
    PolicyEngine byHeader = r -> r.headers().getOrDefault("x-user", List.of()).equals(List.of("admin"))
        ? new Decision(Effect.ALLOW, "ns/h", "ns/h#rules[0]", List.of("allowed"), List.of(), List.of())
        : new Decision(Effect.DENY, null, null, List.of("no"), List.of(), List.of());
    KServeAuth a = KServeAuth.builder().authenticator(authenticator).policyEngine(byHeader)
        .auditSink(AuditSink.none()).build();
    RequestView spoofAnonymous = new RequestView("POST", "/v1/models/iris:predict", "localhost",
        Map.of("X-User", List.of("admin")), Map.of(), Map.of(), "127.0.0.1", 8080, null);
    assertThat(((AuthResult.Reject) a.authorize(spoofAnonymous)).status()).isEqualTo(401);
    RequestView spoofWithToken = new RequestView("POST", "/v1/models/iris:predict", "localhost",
        Map.of("Authorization", List.of("Bearer ds"), "x-user", List.of("admin")), Map.of(), Map.of(), "127.0.0.1",
        8080, null);
    assertThat(((AuthResult.Reject) a.authorize(spoofWithToken)).status()).isEqualTo(403);
    // the value set from the verified token is what the policy sees
    RequestView admin = new RequestView("POST", "/v1/models/iris:predict", "localhost",
        Map.of("Authorization", List.of("Bearer admin"), "x-user", List.of("someone-else")), Map.of(), Map.of(),
        "127.0.0.1", 8080, null);
    assertThat(a.authorize(admin)).isInstanceOf(AuthResult.Proceed.class);
  }

  @Test
  void openAiRoutesNeedTheBody() {
    KServeAuth a = auth();
    assertThat(a.needsBody("POST", "/openai/v1/chat/completions")).isTrue();
    assertThat(a.needsBody("POST", "/v1/models/iris:predict")).isFalse();
    assertThat(a.needsBody("POST", "/openai%2F")).isFalse();
    assertThat(a.needsBody("GET", "/openai/v1/chat/completions")).isFalse();
    assertThat(a.needsBody("POST", "/openai/v1/chat/%63ompletions")).isTrue(); // decided on the decoded path
    assertThat(new String(a.bodyTooLarge(req("POST", "/openai/v1/completions", null)).body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"error\":\"request body too large\"}");
  }
}
