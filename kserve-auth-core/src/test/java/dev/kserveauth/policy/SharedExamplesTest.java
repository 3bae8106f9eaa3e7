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
package dev.kserveauth.policy;

import dev.kserveauth.AuthResult;
import static dev.kserveauth.policy.Requests.ISS;
import static dev.kserveauth.policy.Requests.principal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.route.KServeRoutes;
import dev.kserveauth.authn.Principal;
import dev.kserveauth.testing.SharedTestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The user's own policy files in {@code shared/examples/policies} load unchanged and keep Istio's
 * literal meaning: a {@code requestPrincipals} entry is {@code <iss>/<sub>} (not a role) and a
 * {@code *} in the middle of a path is a literal.
 */
class SharedExamplesTest {

  static Path dir;

  /** Per test, so that a run without the shared data counts every test it skips. */
  @BeforeEach
  void locate() {
    dir = SharedTestData.folder("examples/policies");
  }

  static PolicyEngine engine(String file) {
    return PolicyEngine.builder().policies(PolicySet.load(dir.resolve(file))).build();
  }

  static Principal sub(String subject, Object... kv) {
    return principal(ISS, subject, kv);
  }

  @Test
  void everyFileAndTheWholeDirectoryLoad() {
    PolicySet all = PolicySet.load(dir);
    assertThat(all.ids()).contains(
        "seed-jwt-and-rbac.yaml#ml-models/kserve-rbac",
        "seed-advanced-patterns.yaml#ml-models/abac-policy",
        "seed-advanced-patterns.yaml#ml-models/time-based-access",
        "seed-advanced-patterns.yaml#ml-models/model-specific-access",
        "seed-kubeflow-m2m.yaml#kubeflow-user-example-com/ns-owner-access-istio");
    assertThat(all.skipped()).hasSize(2).allMatch(s -> s.contains("RequestAuthentication"));
  }

  @Test
  void requestPrincipalsIsIssuerSlashSubjectNotARole() {
    PolicyEngine e = engine("seed-jwt-and-rbac.yaml");
    // A data scientist by role (sub user123): the data-scientist rule names sub "data-scientist".
    Principal dsByRole = sub("user123", "role", "data-scientist");
    assertThat(AuthResult.statusOf(e.decide(Requests.req(dsByRole, "POST", "/v1/models/sklearn-iris:predict")), true)).isEqualTo(403);
    // The admin token's subject is literally "admin", so rule 0 applies to it.
    Decision admin = e.decide(Requests.req(sub("admin", "role", "admin"), "DELETE", "/v1/models/sklearn-iris"));
    assertThat(admin.allowed()).isTrue();
    assertThat(admin.rule()).isEqualTo("seed-jwt-and-rbac.yaml#ml-models/kserve-rbac#rules[0]");
    // The role claim alone does not make an admin.
    assertThat(e.decide(Requests.req(sub("someone", "role", "admin"), "DELETE", "/v1/models/sklearn-iris"))
        .allowed()).isFalse();
  }

  @Test
  void middleStarPathIsLiteral() {
    PolicyEngine e = engine("seed-jwt-and-rbac.yaml");
    Principal literalDs = sub("data-scientist");
    assertThat(e.decide(Requests.req(literalDs, "POST", "/v1/models/sklearn-iris:predict")).allowed()).isFalse();
    Decision literal = e.decide(Requests.req(literalDs, "POST", "/v1/models/*:predict"));
    assertThat(literal.allowed()).isTrue();
    assertThat(literal.rule()).isEqualTo("seed-jwt-and-rbac.yaml#ml-models/kserve-rbac#rules[1]");
    // "/v1/models/*" ends with '*': a prefix, so model developers do get predict.
    assertThat(e.decide(Requests.req(sub("model-developer"), "POST", "/v1/models/x:predict")).rule())
        .isEqualTo("seed-jwt-and-rbac.yaml#ml-models/kserve-rbac#rules[2]");
  }

  @Test
  void publicHealthChecks() {
    PolicyEngine e = engine("seed-jwt-and-rbac.yaml");
    assertThat(e.decide(Requests.req(null, "GET", "/health")).allowed()).isTrue();
    assertThat(e.decide(Requests.req(null, "GET", "/metrics")).allowed()).isTrue();
    assertThat(AuthResult.statusOf(e.decide(Requests.req(null, "POST", "/health")), false)).isEqualTo(401);
  }

  @Test
  void advancedPatternsKeepIstioMeaning() {
    PolicyEngine e = engine("seed-advanced-patterns.yaml");
    Principal ds = sub("user123", "role", "data-scientist", "team", "ml-platform");
    assertThat(AuthResult.statusOf(e.decide(Requests.req(ds, "POST", "/v1/models/sklearn-iris:predict")), true)).isEqualTo(403);
    Principal prodTeam = sub("user123", "team", "ml-platform", "model_type", "production");
    assertThat(e.decide(Requests.req(prodTeam, "POST", "/v1/models/sklearn-iris:predict")).policy())
        .isEqualTo("seed-advanced-patterns.yaml#ml-models/abac-policy");
    // "*/data-scientist": any issuer, subject exactly data-scientist, 09:00-17:00 UTC.
    assertThat(e.decide(Requests.req(sub("data-scientist"), "GET", "/v1/models/iris")).policy())
        .isEqualTo("seed-advanced-patterns.yaml#ml-models/time-based-access");
    assertThat(e.decide(Requests.req(sub("admin"), "POST", "/v1/models/production-fraud:predict")).rule())
        .isEqualTo("seed-advanced-patterns.yaml#ml-models/model-specific-access#rules[0]");
  }

  @Test
  void kubeflowPolicyNeedsPeerIdentity() {
    PolicySet set = PolicySet.load(dir.resolve("seed-kubeflow-m2m.yaml"));
    PolicyEngine noPeer = PolicyEngine.builder().policies(set).build();
    assertThat(noPeer.decide(Requests.req(null, "GET", "/healthz")).allowed()).isTrue();
    AccessRequest withHeader = Requests.req(null, "GET", "/api/x", Requests.WEDNESDAY_10_BERLIN,
        Map.of("kubeflow-userid", List.of("user@example.com")));
    assertThat(noPeer.decide(withHeader).allowed()).isFalse();

    PolicyEngine viaIngress = PolicyEngine.builder().policies(set).connectionResolver(r -> new ConnectionInfo(
        "spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account", null, null)).build();
    assertThat(viaIngress.decide(withHeader).rule())
        .isEqualTo("seed-kubeflow-m2m.yaml#kubeflow-user-example-com/ns-owner-access-istio#rules[0]");

    PolicyEngine notebook = PolicyEngine.builder().policies(set).connectionResolver(r -> new ConnectionInfo(
        "cluster.local/ns/kubeflow/sa/notebook-controller-service-account", null, null)).build();
    AccessRequest kernels = new AccessRequest(null, "GET", "/notebook/ns/nb/api/kernels", "h", 80, Map.of(),
        "10.0.0.1", null, KServeRoutes.parse("GET", "/notebook/ns/nb/api/kernels"), Requests.WEDNESDAY_10_BERLIN);
    assertThat(notebook.decide(kernels).rule())
        .isEqualTo("seed-kubeflow-m2m.yaml#kubeflow-user-example-com/ns-owner-access-istio#rules[3]");

    PolicyEngine sameNs = PolicyEngine.builder().policies(set).connectionResolver(r -> new ConnectionInfo(
        "cluster.local/ns/kubeflow-user-example-com/sa/default-editor", null, null)).build();
    assertThat(sameNs.decide(Requests.req(null, "POST", "/anything")).rule())
        .isEqualTo("seed-kubeflow-m2m.yaml#kubeflow-user-example-com/ns-owner-access-istio#rules[1]");
  }
}
