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
package dev.kserveauth.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.testing.MutableClock;
import dev.kserveauth.authn.Principal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubjectAccessReviewAuthorizerTest {
  static final String NS = "team-a";
  @TempDir Path dir;
  FakeKubeApi api;
  MutableClock clock = MutableClock.at("2026-12-05T12:00:00Z");

  @BeforeEach
  void start() throws Exception {
    api = new FakeKubeApi(dir);
    api.bindServiceAccount(NS, "scorer", "sklearn-iris", "get");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  /** A verified bound service-account token's principal, as core builds it. */
  static Principal sa(String ns, String name, Instant exp) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", "https://kubernetes.default.svc.cluster.local");
    claims.put("sub", "system:serviceaccount:" + ns + ":" + name);
    claims.put("aud", List.of("kserve"));
    claims.put("exp", exp.getEpochSecond());
    claims.put("jti", "7d1b3a");
    claims.put("kubernetes.io", Map.of("namespace", ns,
        "serviceaccount", Map.of("name", name, "uid", "uid-" + name),
        "pod", Map.of("name", name + "-pod", "uid", "pod-uid-1"),
        "node", Map.of("name", "node-1", "uid", "node-uid-1")));
    return Principal.fromClaims(claims);
  }

  Principal scorer() {
    return sa(NS, "scorer", clock.instant().plus(Duration.ofHours(1)));
  }

  SubjectAccessReviewAuthorizerBuilder builder() {
    return SubjectAccessReviewAuthorizer.builder(api.api(NS)).clock(clock);
  }

  static RequestView request(String method, String path) {
    return new RequestView(method, path, "h", Map.of(), Map.of(), Map.of(), "127.0.0.1", 8080, null);
  }

  static SubjectAccessReviewAuthorizer.Result decide(SubjectAccessReviewAuthorizer sar, Principal p, RequestView r,
      String model) throws Exception {
    return sar.authorize(p, r, r.rawPath(), model).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void kserveDefaultsSendTheExactReviewTheApiServerDerivesForTheCallersToken() throws Exception {
    SubjectAccessReviewAuthorizer sar = builder().build();
    var r = decide(sar, scorer(), request("POST", "/v1/models/sklearn-iris:predict"), "sklearn-iris");
    assertThat(r.allowed()).isTrue();
    assertThat(r.status()).isEqualTo(200);
    assertThat(api.bodies).hasSize(1);
    assertThat(FakeKubeApi.JSON.readTree(api.bodies.get(0))).isEqualTo(FakeKubeApi.JSON.readTree("""
        {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{
          "resourceAttributes":{"namespace":"team-a","verb":"get","group":"serving.kserve.io","version":"v1beta1",
                                "resource":"inferenceservices","name":"sklearn-iris"},
          "user":"system:serviceaccount:team-a:scorer",
          "groups":["system:serviceaccounts","system:serviceaccounts:team-a","system:authenticated"],
          "extra":{"authentication.kubernetes.io/pod-name":["scorer-pod"],
                   "authentication.kubernetes.io/pod-uid":["pod-uid-1"],
                   "authentication.kubernetes.io/credential-id":["JTI=7d1b3a"],
                   "authentication.kubernetes.io/node-name":["node-1"],
                   "authentication.kubernetes.io/node-uid":["node-uid-1"]},
          "uid":"uid-scorer"}}"""));
    assertThat(api.authorizations).containsOnly("Bearer " + FakeKubeApi.LIBRARY_TOKEN);
  }

  @Test
  void anotherServiceAccountIsForbiddenWithKubeRbacProxysReason() throws Exception {
    SubjectAccessReviewAuthorizer sar = builder().build();
    var r = decide(sar, sa(NS, "intruder", clock.instant().plusSeconds(600)), request("POST", "/v1/models/sklearn-iris:predict"),
        "sklearn-iris");
    assertThat(r.allowed()).isFalse();
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.reason()).isEqualTo("Forbidden (user=system:serviceaccount:team-a:intruder, verb=get, "
        + "resource=inferenceservices, subresource=)");
    // the binding names one model: another model is denied to the bound SA too
    assertThat(decide(sar, scorer(), request("POST", "/v1/models/other:predict"), "other").status()).isEqualTo(403);
  }

  @Test
  void anonymousAndNonKubernetesCallersAreRefusedWithoutAReview() throws Exception {
    SubjectAccessReviewAuthorizer sar = builder().build();
    assertThat(decide(sar, null, request("GET", "/v1/models/sklearn-iris"), "sklearn-iris").status()).isEqualTo(401);
    Principal oidc = Principal.fromClaims(Map.of("iss", "https://idp", "sub", "alice"));
    var r = decide(sar, oidc, request("GET", "/v1/models/sklearn-iris"), "sklearn-iris");
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.reason()).contains("not a Kubernetes identity");
    // kubernetes.io claims that disagree with sub: not trusted
    Map<String, Object> forged = new LinkedHashMap<>(scorer().claims());
    forged.put("sub", "system:serviceaccount:kube-system:admin");
    assertThat(decide(sar, Principal.fromClaims(forged), request("GET", "/"), "sklearn-iris").status()).isEqualTo(403);
    assertThat(api.calls("subjectaccessreviews")).isZero();
  }

  @Test
  void thousandConcurrentColdRequestsFromOneCallerMakeExactlyOneReview() throws Exception {
    api.delayMillis.set(300);
    SubjectAccessReviewAuthorizer sar = builder().build();
    Principal p = scorer();
    RequestView req = request("POST", "/v1/models/sklearn-iris:predict");
    List<CompletableFuture<SubjectAccessReviewAuthorizer.Result>> all = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    List<CompletableFuture<SubjectAccessReviewAuthorizer.Result>> sync = java.util.Collections.synchronizedList(all);
    for (int t = 0; t < 8; t++) {
      Thread th = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 125; i++) {
          sync.add(sar.authorize(p, req, req.rawPath(), "sklearn-iris").toCompletableFuture());
        }
      });
      th.start();
      threads.add(th);
    }
    go.countDown();
    for (Thread th : threads) {
      th.join();
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    assertThat(all).hasSize(1000).allSatisfy(f -> assertThat(f.join().allowed()).isTrue());
    assertThat(api.calls("subjectaccessreviews")).isEqualTo(1);
  }

  @Test
  void allowedAnswersLastFiveMinutesDeniedOnesThirtySecondsNeverPastTheToken() throws Exception {
    SubjectAccessReviewAuthorizer sar = builder().build();
    RequestView req = request("GET", "/v1/models/sklearn-iris");
    Principal allowed = scorer();
    Principal denied = sa(NS, "intruder", clock.instant().plus(Duration.ofHours(1)));
    decide(sar, allowed, req, "sklearn-iris");
    decide(sar, denied, req, "sklearn-iris");
    assertThat(api.calls("subjectaccessreviews")).isEqualTo(2);
    clock.advance(Duration.ofSeconds(29));
    decide(sar, allowed, req, "sklearn-iris");
    decide(sar, denied, req, "sklearn-iris");
    assertThat(api.calls("subjectaccessreviews")).isEqualTo(2);
    clock.advance(Duration.ofSeconds(2)); // 31 s: the denial is asked again, the allowance is not
    decide(sar, allowed, req, "sklearn-iris");
    decide(sar, denied, req, "sklearn-iris");
    assertThat(api.calls("subjectaccessreviews")).isEqualTo(3);
    clock.advance(Duration.ofSeconds(270)); // 301 s
    decide(sar, allowed, req, "sklearn-iris");
    assertThat(api.calls("subjectaccessreviews")).isEqualTo(4);

    // a token valid for 60 more seconds: its allowance is kept 60 s, not 5 min
    Principal shortLived = sa(NS, "scorer", clock.instant().plusSeconds(60));
    SubjectAccessReviewAuthorizer fresh = builder().build();
    decide(fresh, shortLived, req, "sklearn-iris");
    clock.advance(Duration.ofSeconds(61));
    decide(fresh, shortLived, req, "sklearn-iris");
    assertThat(api.calls("subjectaccessreviews")).isEqualTo(6);
    assertThat(fresh.stats().reviews()).isEqualTo(2);
  }

  @Test
  void apiServerErrorsFailClosedWith503AndAreNeverCached() throws Exception {
    SubjectAccessReviewAuthorizer sar = builder().build();
    RequestView req = request("GET", "/v1/models/sklearn-iris");
    api.failStatus.set(500);
    var r = decide(sar, scorer(), req, "sklearn-iris");
    assertThat(r.allowed()).isFalse();
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    api.failStatus.set(0);
    assertThat(decide(sar, scorer(), req, "sklearn-iris").allowed()).isTrue(); // the failure was not kept
    assertThat(api.calls("subjectaccessreviews")).isEqualTo(1);
    assertThat(sar.stats().errors()).containsEntry("server", 1L);
  }

  @Test
  void a429IsHonouredUntilItsRetryAfterHasPassed() throws Exception {
    SubjectAccessReviewAuthorizer sar = builder().build();
    RequestView req = request("GET", "/v1/models/sklearn-iris");
    api.failStatus.set(429);
    api.retryAfter.set("7");
    var r = decide(sar, scorer(), req, "sklearn-iris");
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    api.failStatus.set(0);
    int before = api.authorizations.size();
    clock.advance(Duration.ofSeconds(5));
    var during = decide(sar, scorer(), req, "sklearn-iris");
    assertThat(during.status()).isEqualTo(503);
    assertThat(during.retryAfter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(api.authorizations).hasSize(before); // not asked while the Retry-After runs
    clock.advance(Duration.ofSeconds(3));
    assertThat(decide(sar, scorer(), req, "sklearn-iris").allowed()).isTrue();
    assertThat(sar.stats().errors()).containsEntry("throttled", 1L).containsEntry("backoff", 1L);
  }

  @Test
  void wrongCredentialsUnreachableServerAndUntrustedTlsFailClosed() throws Exception {
    RequestView req = request("GET", "/v1/models/sklearn-iris");
    Files.writeString(api.tokenFile(), "someone-elses-token");
    SubjectAccessReviewAuthorizer sar = builder().build();
    assertThat(decide(sar, scorer(), req, "sklearn-iris").status()).isEqualTo(503);
    assertThat(sar.stats().errors()).containsEntry("unauthorized", 1L);
    // the token file is re-read on every call: the rotated token is used at once
    Files.writeString(api.tokenFile(), FakeKubeApi.LIBRARY_TOKEN);
    assertThat(decide(sar, scorer(), req, "sklearn-iris").allowed()).isTrue();

    try (FakeKubeApi other = new FakeKubeApi(Files.createDirectory(dir.resolve("other")))) {
      KubernetesApi untrusted = KubernetesApi.builder().url(api.url()).caFile(other.caFile())
          .tokenFile(api.tokenFile()).namespace(NS).build();
      SubjectAccessReviewAuthorizer tls = SubjectAccessReviewAuthorizer.builder(untrusted).build();
      assertThat(decide(tls, scorer(), req, "sklearn-iris").status()).isEqualTo(503);
      assertThat(tls.stats().errors()).containsEntry("tls", 1L);
    }
    String url = api.url();
    api.stop();
    SubjectAccessReviewAuthorizer down = SubjectAccessReviewAuthorizer.builder(KubernetesApi.builder().url(url)
        .caFile(api.caFile()).tokenFile(api.tokenFile()).namespace(NS).build()).build();
    assertThat(decide(down, scorer(), req, "sklearn-iris").status()).isEqualTo(503);
    assertThat(down.stats().errors()).containsEntry("connect", 1L);
  }

  @Test
  void kubeRbacProxyRewritesReviewEveryValueAndNeedAtLeastOne() throws Exception {
    KubeRbacProxyConfig config = KubeRbacProxyConfig.parse("""
        authorization:
          rewrites:
            byQueryParameter:
              name: "namespace"
          resourceAttributes:
            apiVersion: v1
            resource: namespace
            subresource: metrics
            namespace: "{{ .Value }}"
        """, "config.yaml");
    api.bindings.add(new FakeKubeApi.Binding("ns-metrics", "ns1", List.of(new FakeKubeApi.Rule(List.of(""),
        List.of("namespace/metrics"), List.of("get"), List.of(), List.of())),
        List.of("system:serviceaccount:team-a:scorer"), List.of()));
    SubjectAccessReviewAuthorizer sar = builder().config(config).build();
    RequestView both = new RequestView("GET", "/metrics", "h", Map.of(), Map.of("namespace", List.of("ns1", "ns2")),
        Map.of(), "", 0, null);
    var r = decide(sar, scorer(), both, null);
    assertThat(r.status()).isEqualTo(403); // AND: ns2 is not granted
    assertThat(api.bodies).hasSize(2);
    JsonNode second = FakeKubeApi.JSON.readTree(api.bodies.get(1)).path("spec").path("resourceAttributes");
    assertThat(second.toString()).isEqualTo(
        "{\"namespace\":\"ns2\",\"verb\":\"get\",\"version\":\"v1\",\"resource\":\"namespace\",\"subresource\":\"metrics\"}");
    RequestView one = new RequestView("GET", "/metrics", "h", Map.of(), Map.of("namespace", List.of("ns1")), Map.of(),
        "", 0, null);
    assertThat(decide(sar, scorer(), one, null).allowed()).isTrue();
    var none = decide(sar, scorer(), request("GET", "/metrics"), null);
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.reason()).isEqualTo("Bad Request. The request or configuration is malformed.");
  }

  @Test
  void withoutResourceAttributesItIsANonResourceReviewWithTheMethodsVerb() throws Exception {
    SubjectAccessReviewAuthorizer sar = builder().config(KubeRbacProxyConfig.parse("authorization: {}\n", "c")).build();
    decide(sar, scorer(), request("POST", "/v2/models/m/infer"), "m");
    assertThat(FakeKubeApi.JSON.readTree(api.bodies.get(0)).path("spec").path("nonResourceAttributes").toString())
        .isEqualTo("{\"path\":\"/v2/models/m/infer\",\"verb\":\"create\"}");
    assertThat(SubjectAccessReviewAuthorizer.verbOf("PUT")).isEqualTo("update");
    assertThat(SubjectAccessReviewAuthorizer.verbOf("PATCH")).isEqualTo("patch");
    assertThat(SubjectAccessReviewAuthorizer.verbOf("DELETE")).isEqualTo("delete");
    assertThat(SubjectAccessReviewAuthorizer.verbOf("HEAD")).isEmpty();
  }

  @Test
  void staticAuthorizationsAllowWithoutAReview() throws Exception {
    SubjectAccessReviewAuthorizer sar = builder().config(KubeRbacProxyConfig.parse("""
        authorization:
          resourceAttributes:
            namespace: team-a
            apiGroup: serving.kserve.io
            resource: inferenceservices
            name: "{{.Model}}"
          static:
          - user:
              name: system:serviceaccount:team-a:batch
            resourceRequest: true
            resource: inferenceservices
            verb: create
        """, "c")).build();
    Principal batch = sa(NS, "batch", clock.instant().plusSeconds(600));
    assertThat(decide(sar, batch, request("POST", "/v1/models/x:predict"), "x").allowed()).isTrue();
    assertThat(api.calls("subjectaccessreviews")).isZero();
    assertThat(decide(sar, batch, request("GET", "/v1/models/x"), "x").status()).isEqualTo(403); // verb get: reviewed
    assertThat(api.calls("subjectaccessreviews")).isEqualTo(1);
  }

  @Test
  void configErrorsNameTheFileLineAndField() {
    assertThatThrownBy(() -> KubeRbacProxyConfig.parse("authorization:\n  resourceAttribute:\n    name: x\n", "cm.yaml"))
        .hasMessageStartingWith("cm.yaml:2:3: authorization.resourceAttribute: unknown key");
    assertThatThrownBy(() -> KubeRbacProxyConfig.parse("""
        authorization:
          resourceAttributes:
            name: "{{ .Values }}"
          rewrites:
            byHttpHeader: {name: x-ns}
        """, "cm.yaml")).hasMessageContaining("cm.yaml:3:").hasMessageContaining("{{.Values}}");
    assertThatThrownBy(() -> KubeRbacProxyConfig.parse("""
        authorization:
          static:
          - resourceRequest: true
            path: /metrics
        """, "cm.yaml")).hasMessageStartingWith("cm.yaml:3:5: authorization.static[0]: invalid static authorization");
    // Go's decoding matches keys case-insensitively: kube-rbac-proxy's own examples write User for the struct field
    KubeRbacProxyConfig c = KubeRbacProxyConfig.parse("authorization:\n  static:\n  - User: {name: u}\n    path: /m\n", "c");
    assertThat(c.staticRules().get(0).user()).isEqualTo("u");
  }
}
