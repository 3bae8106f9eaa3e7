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
import dev.kserveauth.authz.CheckRequest;
import dev.kserveauth.authz.ExternalAuthorizer;
import dev.kserveauth.authz.ExternalDecision;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.policy.ExplainLevel;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.policy.PolicyException;
import dev.kserveauth.policy.PolicySet;
import dev.kserveauth.testing.SharedTestData;
import dev.kserveauth.testing.http.TableAuthenticator;
import dev.kserveauth.authn.Principal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Istio {@code action: CUSTOM} through the facade: when the provider is asked, and what its answer does. */
class ExternalAuthorizationTest {

  static final Principal DS = TableAuthenticator.principal("user123", "data-scientist", "ml-platform");

  static final String CUSTOM = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: ext-authz, namespace: istio-system}
      spec:
        action: CUSTOM
        provider:
          name: gate
        rules:
        - to:
          - operation:
              notPaths: ["/public/*"]
      """;
  static final String ALLOW_ALL = """
      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: allow-all, namespace: istio-system}
      spec:
        rules: [{}]
      """;
  static final String DENY_ADMIN = """
      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: deny-admin, namespace: istio-system}
      spec:
        action: DENY
        rules:
        - to:
          - operation:
              paths: ["/admin/*"]
      """;

  final List<AuditEvent> events = new CopyOnWriteArrayList<>();
  final List<CheckRequest> asked = new CopyOnWriteArrayList<>();
  final TableAuthenticator authenticator = new TableAuthenticator(Map.of("ds", DS));

  /** A provider that records what it is asked and answers by path. */
  ExternalAuthorizer gate(Function<CheckRequest, ExternalDecision> answer) {
    return check -> {
      asked.add(check);
      return CompletableFuture.supplyAsync(() -> answer.apply(check)); // completes on another thread
    };
  }

  KServeAuth auth(String yaml, ExternalAuthorizer gate) {
    PolicyEngine engine = PolicyEngine.builder().policies(PolicySet.parse(yaml, "authz.yaml"))
        .explain(ExplainLevel.FULL).build();
    return KServeAuth.builder().authenticator(authenticator).policyEngine(engine).authorizer("gate", gate)
        .authorizerTimeout(Duration.ofMillis(500)).auditSink(events::add).build();
  }

  static RequestView req(String method, String path, Map<String, List<String>> headers) {
    return new RequestView(method, path, "models.example.com", headers, Map.of("q", List.of("a b")), Map.of(),
        "10.0.0.7", 8080, null);
  }

  /** Both entry points, so sync and async cannot drift. */
  static AuthResult decide(KServeAuth a, RequestView r, boolean async) throws Exception {
    return async ? a.authorizeAsync(r).toCompletableFuture().get(5, TimeUnit.SECONDS) : a.authorize(r);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theRulesDecideWhetherTheProviderIsAsked(boolean async) throws Exception {
    KServeAuth a = auth(CUSTOM + ALLOW_ALL, gate(c -> ExternalDecision.deny(403, "no")));
    AuthResult pub = decide(a, req("GET", "/public/x", Map.of()), async);
    assertThat(pub.allowed()).isTrue();
    assertThat(asked).isEmpty();
    AuthResult other = decide(a, req("GET", "/v1/models/iris", Map.of()), async);
    assertThat(other.allowed()).isFalse();
    assertThat(asked).hasSize(1);
    CheckRequest c = asked.get(0);
    assertThat(c.provider()).isEqualTo("gate");
    assertThat(c.policy()).isEqualTo("authz.yaml#istio-system/ext-authz");
    assertThat(c.path()).isEqualTo("/v1/models/iris");
    assertThat(c.query()).isEqualTo("q=a+b");
    assertThat(c.route().model()).isEqualTo("iris");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aProviderDenyReachesTheCallerAsItIsBeforeAnyAllow(boolean async) throws Exception {
    KServeAuth a = auth(CUSTOM + ALLOW_ALL, gate(c -> ExternalDecision.deny(302,
        Map.of("Location", List.of("/oauth2/start?rd=%2F")), "login".getBytes(StandardCharsets.UTF_8),
        "login required")));
    AuthResult r = decide(a, req("GET", "/notebooks", Map.of()), async);
    assertThat(r).isInstanceOf(AuthResult.Reject.class);
    AuthResult.Reject rej = (AuthResult.Reject) r;
    assertThat(rej.status()).isEqualTo(302);
    assertThat(rej.headers()).containsExactly(Map.entry("location", "/oauth2/start?rd=%2F"));
    assertThat(rej.bodyText()).isEqualTo("login");
    assertThat(rej.decision().reasons().get(0)).contains("external authorizer 'gate'").contains("login required");
    AuditEvent ev = events.get(events.size() - 1);
    assertThat(ev.authorizer()).isEqualTo("gate: deny 302 (authz.yaml#istio-system/ext-authz)");
    assertThat(ev.status()).isEqualTo(302);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aProviderAllowCannotOverrideADenyPolicy(boolean async) throws Exception {
    KServeAuth a = auth(CUSTOM + ALLOW_ALL + DENY_ADMIN, gate(c -> ExternalDecision.allow()));
    AuthResult admin = decide(a, req("GET", "/admin/x", Map.of("authorization", List.of("Bearer ds"))), async);
    assertThat(asked).hasSize(1); // CUSTOM first
    assertThat(admin.allowed()).isFalse();
    assertThat(admin.decision().policy()).isEqualTo("authz.yaml#istio-system/deny-admin");
    assertThat(((AuthResult.Reject) admin).status()).isEqualTo(403);
    AuthResult ok = decide(a, req("GET", "/v1/models/iris", Map.of("authorization", List.of("Bearer ds"))), async);
    assertThat(ok.allowed()).isTrue();
    assertThat(ok.decision().reasons()).contains(
        "allowed by external authorizer 'gate' (CUSTOM policy authz.yaml#istio-system/ext-authz)");
    assertThat(events.get(events.size() - 1).authorizer()).isEqualTo("gate: allow (authz.yaml#istio-system/ext-authz)");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anInvalidTokenIsRefusedBeforeTheProviderIsAsked(boolean async) throws Exception {
    KServeAuth a = auth(CUSTOM + ALLOW_ALL, gate(c -> ExternalDecision.allow()));
    AuthResult r = decide(a, req("GET", "/v1/models/iris", Map.of("authorization", List.of("Bearer nobody"))), async);
    assertThat(((AuthResult.Reject) r).status()).isEqualTo(401);
    assertThat(asked).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aRequestThroughTheCustomStepIsCountedOnce(boolean async) throws Exception {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry reg =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    PolicyEngine engine = PolicyEngine.builder().policies(PolicySet.parse(CUSTOM + ALLOW_ALL, "authz.yaml")).build();
    KServeAuth a = KServeAuth.builder().authenticator(authenticator).policyEngine(engine)
        .authorizer("gate", gate(c -> ExternalDecision.allow())).auditSink(events::add)
        .metrics(dev.kserveauth.metrics.MicrometerAuthMetrics.create(reg)).build();
    // one allowed by the provider, one whose provider-set header makes it authenticated anew
    assertThat(decide(a, req("GET", "/v1/models/iris", Map.of("authorization", List.of("Bearer ds"))), async)
        .allowed()).isTrue();
    assertThat(reg.get("jwt_validation").tag("status", "valid").counter().count()).isEqualTo(1);
    assertThat(reg.get("rbac_authorization").tag("decision", "allow").tag("transport", "http").counter().count())
        .isEqualTo(1);
    assertThat(events).hasSize(1);
    KServeAuth reauth = KServeAuth.builder().authenticator(authenticator).policyEngine(engine)
        .authorizer("gate", gate(c -> ExternalDecision.allow(Map.of("authorization", List.of("Bearer ds")), Map.of())))
        .auditSink(AuditSink.none()).metrics(dev.kserveauth.metrics.MicrometerAuthMetrics.create(reg)).build();
    assertThat(decide(reauth, req("GET", "/v1/models/iris", Map.of()), async).principal().subject())
        .isEqualTo("user123");
    assertThat(reg.get("jwt_validation").tag("status", "absent").counter().count()).isEqualTo(1);
    assertThat(reg.get("jwt_validation").tag("status", "valid").counter().count()).isEqualTo(1);
    assertThat(reg.get("rbac_authorization").tag("decision", "allow").tag("transport", "http").counter().count())
        .isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theProviderSeesTheVerifiedPrincipalAndVerifiedClaimHeadersOnly(boolean async) throws Exception {
    KServeAuth a = auth(CUSTOM + ALLOW_ALL, gate(c -> ExternalDecision.allow()));
    decide(a, req("GET", "/v1/models/iris", Map.of("authorization", List.of("Bearer ds"),
        "x-user", List.of("admin"))), async);
    assertThat(asked.get(0).principal().subject()).isEqualTo("user123");
    assertThat(asked.get(0).headers().get("x-user")).containsExactly("user123"); // never the caller's copy
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void upstreamHeadersReachTheApplicationAndATokenTheProviderSetsIsAuthenticated(boolean async) throws Exception {
    // oauth2-proxy's flow: a request without a token is allowed by the provider, which injects one;
    // the DENY policy requiring a verified JWT then sees the injected token's principal (Istio runs
    // jwt_authn after ext_authz)
    String requireJwt = """
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: require-jwt, namespace: istio-system}
        spec:
          action: DENY
          rules:
          - from:
            - source:
                notRequestPrincipals: ["*"]
        """;
    KServeAuth a = auth(CUSTOM + ALLOW_ALL + requireJwt, gate(c -> ExternalDecision.allow(
        Map.of("authorization", List.of("Bearer ds"), "x-auth-request-email", List.of("user123@company.com"),
            "x-user", List.of("spoofed"), "content-length", List.of("0")),
        Map.of("set-cookie", List.of("session=1; HttpOnly")))));
    AuthResult r = decide(a, req("GET", "/v1/models/iris", Map.of("x-auth-request-email", List.of("evil"))), async);
    assertThat(r).isInstanceOf(AuthResult.Proceed.class);
    AuthResult.Proceed p = (AuthResult.Proceed) r;
    assertThat(p.principal().subject()).isEqualTo("user123");
    assertThat(p.headersToSet()).containsEntry("x-auth-request-email", "user123@company.com")
        .containsEntry("x-user", "user123") // the verified claim header wins over the provider's
        .doesNotContainKeys("content-length", "authorization"); // framing never; token removed (forward=false)
    assertThat(p.headersToRemove()).contains("x-auth-request-email", "authorization");
    assertThat(p.responseHeaders()).containsExactly(Map.entry("set-cookie", "session=1; HttpOnly"));
    // without the injected token the same request is denied by require-jwt
    asked.clear();
    KServeAuth plain = auth(CUSTOM + ALLOW_ALL + requireJwt, gate(c -> ExternalDecision.allow()));
    AuthResult denied = decide(plain, req("GET", "/v1/models/iris", Map.of()), async);
    assertThat(denied.allowed()).isFalse();
    assertThat(denied.decision().policy()).isEqualTo("authz.yaml#istio-system/require-jwt");
  }

  @ParameterizedTest
  @ValueSource(strings = {"throws", "fails", "null", "slow", "badHeader"})
  void providerFailuresFailClosedWith403(String how) throws Exception {
    ExternalAuthorizer broken = switch (how) {
      case "throws" -> c -> {
        throw new IllegalStateException("boom");
      };
      case "fails" -> c -> CompletableFuture.failedFuture(new java.io.IOException("refused"));
      case "null" -> c -> CompletableFuture.completedFuture(null);
      case "slow" -> c -> new CompletableFuture<>(); // never answers
      default -> c -> CompletableFuture.supplyAsync(() -> ExternalDecision.allow(
          Map.of("x-a", List.of("1\r\nx-injected: 1")), Map.of()));
    };
    KServeAuth a = auth(CUSTOM + ALLOW_ALL, broken);
    for (boolean async : new boolean[] {false, true}) {
      long t0 = System.nanoTime();
      AuthResult r = decide(a, req("GET", "/v1/models/iris", Map.of()), async);
      assertThat(r).isInstanceOf(AuthResult.Reject.class);
      AuthResult.Reject rej = (AuthResult.Reject) r;
      assertThat(rej.status()).isEqualTo(403);
      assertThat(rej.bodyText()).isEqualTo("{\"error\":\"access denied\"}");
      assertThat(rej.headers()).doesNotContainKey("x-injected");
      assertThat(rej.decision().reasons().get(0)).contains("external authorizer 'gate' failed");
      assertThat(events.get(events.size() - 1).authorizer()).startsWith("gate: error");
      assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(3));
    }
  }

  @Test
  void aSharedProviderFutureIsNeverCompletedByTheFacadeTimeout() throws Exception {
    CompletableFuture<ExternalDecision> shared = new CompletableFuture<>();
    KServeAuth a = auth(CUSTOM + ALLOW_ALL, c -> shared);
    AuthResult r = a.authorize(req("GET", "/v1/models/iris", Map.of()));
    assertThat(((AuthResult.Reject) r).status()).isEqualTo(403);
    assertThat(shared).isNotDone(); // another request waiting on it (single-flight) is not failed by ours
  }

  @Test
  void anUnknownProviderIsALoadErrorNamingItAndTheRegisteredOnes(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Path f = dir.resolve("authz.yaml");
    java.nio.file.Files.writeString(f, CUSTOM + ALLOW_ALL);
    assertThatThrownBy(() -> KServeAuth.builder().authenticator(authenticator).policies(f)
        .authorizer("kubernetes-rbac", c -> null).authorizer("oauth2-proxy", c -> null).build())
        .isInstanceOf(PolicyException.class)
        .hasMessageStartingWith("authz.yaml:7")
        .hasMessageContaining("provider 'gate', which is not registered (registered: [kubernetes-rbac, oauth2-proxy])");
    PolicyEngine engine = PolicyEngine.builder().policies(PolicySet.parse(CUSTOM + ALLOW_ALL, "authz.yaml")).build();
    assertThatThrownBy(() -> KServeAuth.builder().authenticator(authenticator).policyEngine(engine).build())
        .isInstanceOf(PolicyException.class).hasMessageContaining("registered: []");
    // registered: loads, and a reload to an unknown provider keeps the old set
    try (KServeAuth ok = KServeAuth.builder().authenticator(authenticator).policies(f)
        .authorizer("gate", gate(c -> ExternalDecision.allow())).build()) {
      java.nio.file.Files.writeString(f, CUSTOM.replace("name: gate", "name: other") + ALLOW_ALL);
      assertThat(ok.reloadPolicies()).isFalse();
      assertThat(ok.authorize(req("GET", "/v1/models/iris", Map.of())).allowed()).isTrue();
      assertThat(asked).hasSize(1);
    }
  }

  @Test
  void istioRestrictionsOnCustomPoliciesAreLoadErrors() {
    String two = CUSTOM + "---\n" + CUSTOM.replace("name: ext-authz", "name: ext-authz-2")
        .replace("name: gate", "name: other");
    assertThatThrownBy(() -> PolicyEngine.builder().policies(PolicySet.parse(two, "authz.yaml")).build())
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("names provider 'other' but CUSTOM policy authz.yaml#istio-system/ext-authz")
        .hasMessageContaining("one provider per workload");
    assertThatThrownBy(() -> PolicySet.parse(CUSTOM.replace("notPaths", "paths").replace("- to:",
        "- from:\n    - source:\n        requestPrincipals: [\"*\"]\n    to:"), "authz.yaml"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("requestPrincipals cannot be used with action CUSTOM");
    assertThatThrownBy(() -> PolicySet.parse(CUSTOM + "    when:\n    - key: request.auth.claims[group]\n"
        + "      values: [a]\n", "authz.yaml"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("request.auth.claims[group] cannot be used");
    assertThatThrownBy(() -> PolicySet.parse(CUSTOM.replace("  provider:\n    name: gate\n", ""), "authz.yaml"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("spec.provider.name is required");
    assertThatThrownBy(() -> PolicySet.parse(CUSTOM.substring(0, CUSTOM.indexOf("  rules:")), "authz.yaml"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("a CUSTOM policy without rules is meaningless");
    assertThatThrownBy(() -> PolicySet.parse(CUSTOM.replace("metadata: {name: ext-authz, namespace: istio-system}",
        "metadata: {name: x, annotations: {istio.io/dry-run: \"true\"}}"), "authz.yaml"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("dry-run");
    assertThatThrownBy(() -> PolicySet.parse(ALLOW_ALL + "  provider: {name: gate}\n", "authz.yaml"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("only valid with action CUSTOM");
  }

  /**
   * The Kubeflow ingress policies (kubeflow/manifests, oauth2-proxy istio-external-auth + the ingress
   * gateway's): oauth2-proxy is asked exactly for requests without an Authorization header outside
   * /dex and /oauth2; what it injects is then authenticated and the require-jwt DENY decides.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void kubeflowOauth2ProxyPoliciesDecideAsIstio(boolean async) throws Exception {
    Path dir = SharedTestData.folder("testdata/istio-envoy-conformance/cases/authz/policies/kubeflow");
    PolicySet set = PolicySet.load(dir.resolve("global-deny-all.yaml"), dir.resolve("istio-ingressgateway-allow-all.yaml"),
        dir.resolve("istio-ingressgateway-require-jwt.yaml"), dir.resolve("istio-ingressgateway-oauth2-proxy-CUSTOM.yaml"));
    PolicyEngine engine = PolicyEngine.builder().policies(set).build();
    assertThat(engine.providers()).containsExactly("oauth2-proxy");
    // oauth2-proxy: a session cookie is a login; without one, 302 to the login page
    ExternalAuthorizer oauth2Proxy = check -> {
      asked.add(check);
      String cookie = check.header("cookie");
      return CompletableFuture.completedFuture(cookie != null && cookie.contains("_oauth2_proxy=ds")
          ? ExternalDecision.allow(Map.of("authorization", List.of("Bearer ds")), Map.of())
          : ExternalDecision.deny(302, Map.of("location", List.of("/oauth2/start")), new byte[0], "no session"));
    };
    KServeAuth a = KServeAuth.builder().authenticator(authenticator).policyEngine(engine)
        .authorizer("oauth2-proxy", oauth2Proxy).build();
    // no token, no session: oauth2-proxy redirects to login
    AuthResult login = decide(a, req("GET", "/jupyter/", Map.of()), async);
    assertThat(((AuthResult.Reject) login).status()).isEqualTo(302);
    assertThat(((AuthResult.Reject) login).headers()).containsEntry("location", "/oauth2/start");
    // a session: oauth2-proxy injects the JWT; require-jwt passes, allow-all allows (kf-ingress-no-token-oauth2-proxy)
    AuthResult session = decide(a, req("GET", "/jupyter/", Map.of("cookie", List.of("_oauth2_proxy=ds"))), async);
    assertThat(session.allowed()).isTrue();
    assertThat(session.principal().subject()).isEqualTo("user123");
    assertThat(asked).hasSize(2);
    // /oauth2/* and /dex/* are not sent to oauth2-proxy (notPaths), and require-jwt excludes them too
    assertThat(decide(a, req("GET", "/oauth2/callback", Map.of()), async).allowed()).isTrue();
    assertThat(decide(a, req("GET", "/dex/auth/local", Map.of()), async).allowed()).isTrue();
    // a request with a verified token is not sent to oauth2-proxy (when: notValues ["*"] on authorization)
    assertThat(decide(a, req("GET", "/jupyter/", Map.of("authorization", List.of("Bearer ds"))), async).allowed())
        .isTrue();
    assertThat(asked).hasSize(2);
  }

  /** The compact format's equivalent: "these models are decided by Kubernetes RBAC". */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void compactCustomEntriesHandModelsToTheProvider(boolean async) throws Exception {
    String compact = """
        apiVersion: kserve-auth/v1
        kind: AccessPolicy
        metadata: {name: rbac}
        spec:
          roleClaims: [role]
          roles:
            data-scientist: {permissions: ["model:predict:dev-*"]}
          deny:
            - name: no-frozen
              models: ["fraud-frozen"]
          custom:
            - name: kubernetes
              provider: gate
              models: ["fraud-*"]
        """;
    KServeAuth a = auth(compact, gate(c -> c.route().model().equals("fraud-denied")
        ? ExternalDecision.deny(403, "RBAC: no get on inferenceservices/fraud-denied") : ExternalDecision.allow()));
    Map<String, List<String>> ds = Map.of("authorization", List.of("Bearer ds"));
    assertThat(decide(a, req("POST", "/v1/models/fraud-a:predict", ds), async).allowed()).isTrue(); // the grant
    AuthResult denied = decide(a, req("POST", "/v1/models/fraud-denied:predict", ds), async);
    assertThat(((AuthResult.Reject) denied).bodyText()).isEqualTo("RBAC: no get on inferenceservices/fraud-denied");
    AuthResult frozen = decide(a, req("POST", "/v1/models/fraud-frozen:predict", ds), async);
    assertThat(frozen.decision().policy()).isEqualTo("authz.yaml#rbac/deny/no-frozen"); // DENY after the provider
    assertThat(asked).hasSize(3);
    assertThat(decide(a, req("POST", "/v1/models/dev-a:predict", ds), async).allowed()).isTrue(); // roles
    assertThat(decide(a, req("POST", "/v1/models/other:predict", ds), async).allowed()).isFalse();
    assertThat(asked).hasSize(3);
    assertThatThrownBy(() -> PolicySet.parse(compact.replace("provider: gate\n      ", ""), "authz.yaml"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("spec.custom[0].provider is required");
  }

  @Test
  void anEngineSwappedInLaterWithAnUnregisteredProviderFailsClosed() {
    PolicyEngine plain = PolicyEngine.builder().policies(PolicySet.parse(ALLOW_ALL, "a.yaml")).build();
    PolicyEngine custom = PolicyEngine.builder().policies(PolicySet.parse(CUSTOM + ALLOW_ALL, "authz.yaml")).build();
    java.util.concurrent.atomic.AtomicReference<PolicyEngine> current = new java.util.concurrent.atomic.AtomicReference<>(plain);
    KServeAuth a = KServeAuth.builder().authenticator(authenticator).policyEngine(current::get).build();
    assertThat(a.authorize(req("GET", "/v1/models/iris", Map.of())).allowed()).isTrue();
    current.set(custom); // a supplier the builder could not check: CUSTOM must not be skipped
    AuthResult r = a.authorize(req("GET", "/v1/models/iris", Map.of()));
    assertThat(((AuthResult.Reject) r).status()).isEqualTo(403);
    assertThat(r.decision().reasons().get(0)).contains("external authorizer 'gate' failed");
  }
}
