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
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyEngineTest {

  static final String TIME_POLICY = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: hours, namespace: ns1}
      spec:
        rules:
        - to: [{operation: {paths: ["/v1/models/*"]}}]
          when: [{key: request.time, values: ["Mon-Fri 09:00-17:00 Europe/Berlin"]}]
      """;

  static final String RBAC = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: rbac, namespace: ns1}
      spec:
        rules:
        - to: [{operation: {methods: [GET], paths: ["/v1/models"]}}]
        - to: [{operation: {paths: ["/v1/models/*"]}}]
          when: [{key: "request.auth.claims[role]", values: ["admin"]}]
        - to: [{operation: {paths: ["/health"]}}]
      """;

  @Test
  void evaluationErrorFailsClosedAndIsCounted() {
    PolicyEngine e = PolicyEngine.builder().policies(PolicySet.parse(TIME_POLICY, "t.yaml")).build();
    AccessRequest bad = Requests.req(Requests.ds(), "POST", "/v1/models/x:predict", Instant.MAX, Map.of());
    Decision d = e.decide(bad);
    assertThat(d.allowed()).isFalse();
    assertThat(AuthResult.statusOf(d, bad.principal() != null)).isEqualTo(403);
    assertThat(d.reasons()).singleElement().asString().contains("evaluation error").contains("t.yaml#ns1/hours#rules[0]")
        .contains("fail closed");
    assertThat(e.evaluationErrors()).isEqualTo(1);
    // a normal request still works afterwards
    assertThat(e.decide(Requests.req(Requests.ds(), "POST", "/v1/models/x:predict")).allowed()).isTrue();
    assertThat(e.evaluationErrors()).isEqualTo(1);
  }

  @Test
  void throwingConnectionResolverDenies() {
    PolicyEngine e = PolicyEngine.builder().policies(PolicySet.parse(RBAC, "r.yaml"))
        .connectionResolver(r -> {
          throw new IllegalStateException("boom");
        }).build();
    Decision d = e.decide(Requests.req(null, "GET", "/health"));
    assertThat(d.allowed()).isFalse();
    assertThat(AuthResult.statusOf(d, false)).isEqualTo(401);
    assertThat(e.evaluationErrors()).isEqualTo(1);
  }

  @Test
  void explanationSaysWhenAPeerRuleFailsForWantOfAPeerIdentity() {
    String y = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: m2m, namespace: ml}
        spec:
          rules:
          - from: [{source: {principals: ["cluster.local/ns/kubeflow/sa/pipeline"]}}]
        """;
    PolicyEngine none = PolicyEngine.builder().policies(PolicySet.parse(y, "m.yaml"))
        .explain(ExplainLevel.FAILURES).build();
    assertThat(none.decide(Requests.req(Requests.ds(), "POST", "/v1/models/iris:predict")).explanation())
        .anyMatch(x -> x.contains("source.principal in [cluster.local/ns/kubeflow/sa/pipeline]")
            && x.contains("no mTLS peer identity"));
    PolicyEngine other = PolicyEngine.builder().policies(PolicySet.parse(y, "m.yaml"))
        .connectionResolver(r -> new ConnectionInfo("cluster.local/ns/other/sa/x", null, null))
        .explain(ExplainLevel.FAILURES).build();
    assertThat(other.decide(Requests.req(Requests.ds(), "POST", "/v1/models/iris:predict")).explanation())
        .anyMatch(x -> x.contains("source.principal in [cluster.local/ns/kubeflow/sa/pipeline]"))
        .noneMatch(x -> x.contains("no mTLS peer identity"));
  }

  @Test
  void explanationOffBuildsNothing() {
    PolicyEngine e = PolicyEngine.builder().policies(PolicySet.parse(RBAC, "r.yaml")).build();
    Decision d = e.decide(Requests.req(Requests.ds(), "DELETE", "/v1/models/iris"));
    assertThat(d.allowed()).isFalse();
    assertThat(d.explanation()).isEmpty();
    assertThat(d.reasons()).containsExactly("no ALLOW policy matched");
  }

  @Test
  void explanationFailuresSaysWhyEachCandidateFailed() {
    PolicyEngine e = PolicyEngine.builder().policies(PolicySet.parse(RBAC, "r.yaml"))
        .explain(ExplainLevel.FAILURES).build();
    Decision d = e.decide(Requests.req(Requests.ds(), "DELETE", "/v1/models/iris"));
    assertThat(d.explanation())
        .contains("r.yaml#ns1/rbac#rules[1] (r.yaml:7): ALLOW rule did not match: when[request.auth.claims[role]] "
            + "requires request.auth.claims[role] in [admin]")
        .anyMatch(x -> x.startsWith("2 of 3 ALLOW rules were not candidates"));
    // path "/v1/models" exact and "/health" are not candidates for /v1/models/iris
    assertThat(d.explanation()).noneMatch(x -> x.contains("rules[0]") || x.contains("rules[2]"));
    Decision ok = e.decide(Requests.req(Requests.admin(), "DELETE", "/v1/models/iris"));
    assertThat(ok.allowed()).isTrue();
    assertThat(ok.explanation()).isEmpty();
  }

  @Test
  void explanationFullCoversAllows() {
    PolicyEngine e = PolicyEngine.builder().policies(PolicySet.parse(RBAC, "r.yaml"))
        .explain(ExplainLevel.FULL).build();
    Decision ok = e.decide(Requests.req(Requests.admin(), "DELETE", "/v1/models/iris"));
    assertThat(ok.explanation()).contains("r.yaml#ns1/rbac#rules[1] (r.yaml:7): ALLOW rule matched");
  }

  @Test
  void decisionToStringIsSafe() {
    PolicyEngine e = PolicyEngine.builder().policies(PolicySet.parse(RBAC, "r.yaml")).build();
    Decision d = e.decide(Requests.req(Requests.principal(Requests.ISS, "u", "secret_claim", "s3cr3t"), "GET",
        "/v1/models"));
    assertThat(d.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void tenThousandRulesAreIndexed() {
    StringBuilder y = new StringBuilder("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: many, namespace: ns1}
        spec:
          rules:
        """);
    for (int i = 0; i < 10_000; i++) {
      y.append("  - when: [{key: kserve.model, values: [\"model-").append(i).append("-*\"]}, ")
          .append("{key: kserve.verb, values: [predict]}, ")
          .append("{key: \"request.auth.claims[role]\", values: [\"role-").append(i % 50).append("\"]}]\n");
    }
    PolicyEngine e = PolicyEngine.builder().policies(PolicySet.parse(y.toString(), "many.yaml"))
        .explain(ExplainLevel.FULL).build();
    Decision d = e.decide(Requests.req(Requests.principal(Requests.ISS, "u", "role", "role-17"), "POST",
        "/v1/models/model-4217-b:predict"));
    assertThat(d.allowed()).isTrue();
    assertThat(d.rule()).isEqualTo("many.yaml#ns1/many#rules[4217]");
    // only the rules whose model literal prefixes "model-4217-b" are candidates: model-4-, model-42-, ... none other
    assertThat(d.explanation()).anyMatch(x -> x.startsWith("9999 of 10000 ALLOW rules were not candidates"));
    Decision no = e.decide(Requests.req(Requests.principal(Requests.ISS, "u", "role", "role-18"), "POST",
        "/v1/models/model-4217-b:predict"));
    assertThat(no.allowed()).isFalse();
    assertThat(e.toString()).contains("allow rules=10000 (unindexed 0)");
    // a request every rule is a candidate for: the explanation is capped
    StringBuilder wide = new StringBuilder("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: wide, namespace: ns1}
        spec:
          rules:
        """);
    for (int i = 0; i < 300; i++) {
      wide.append("  - when: [{key: \"request.auth.claims[role]\", values: [\"r").append(i).append("\"]}]\n");
    }
    Decision capped = PolicyEngine.builder().policies(PolicySet.parse(wide.toString(), "w.yaml"))
        .explain(ExplainLevel.FAILURES).build().decide(Requests.req(null, "GET", "/"));
    assertThat(capped.explanation()).hasSize(102).contains("... and 200 more candidate ALLOW rules");
  }

  @Test
  void suffixPathsTemplatesAndGlobsAreIndexed() {
    String y = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: mixed, namespace: ns1}
        spec:
          rules:
          - to: [{operation: {paths: ["*:explain"]}}]
          - to: [{operation: {paths: ["/v2/models/{*}/infer"]}}]
          - when: [{key: kserve.model, values: ["*-staging", "team-?-x"]}]
          - to: [{operation: {methods: [GET]}}]
          - to: [{operation: {hosts: ["*.example.com"]}}]
        """;
    PolicyEngine e = PolicyEngine.builder().policies(PolicySet.parse(y, "m.yaml")).explain(ExplainLevel.FULL).build();
    // only the hosts rule (case-insensitive) cannot be indexed
    assertThat(e.toString()).contains("allow rules=5 (unindexed 1)");
    Decision d = e.decide(Requests.req(null, "POST", "/v1/models/fraud-staging:explain"));
    assertThat(d.rule()).isEqualTo("m.yaml#ns1/mixed#rules[0]");
    assertThat(d.explanation()).contains("2 of 5 ALLOW rules were not candidates (index)")
        .noneMatch(x -> x.contains("DENY rules")); // this set has none, so there is nothing to say about them
    assertThat(e.decide(Requests.req(null, "POST", "/v2/models/iris/infer")).rule())
        .isEqualTo("m.yaml#ns1/mixed#rules[1]");
    assertThat(e.decide(Requests.req(null, "POST", "/v2/models/team-b-x/infer")).rule())
        .isEqualTo("m.yaml#ns1/mixed#rules[1]");
    assertThat(e.decide(Requests.req(null, "POST", "/v1/models/team-b-x:predict")).rule())
        .isEqualTo("m.yaml#ns1/mixed#rules[2]");
  }

  @Test
  void configMapDirectoryLayoutLoads(@TempDir Path dir) throws IOException {
    Path ts = Files.createDirectory(dir.resolve("..2026_01_07_10_00_00.123"));
    Files.writeString(ts.resolve("rbac.yaml"), RBAC);
    Files.writeString(ts.resolve("notes.txt"), "not yaml");
    Files.createSymbolicLink(dir.resolve("..data"), ts.getFileName());
    Files.createSymbolicLink(dir.resolve("rbac.yaml"), Path.of("..data/rbac.yaml"));
    Files.createSymbolicLink(dir.resolve("notes.txt"), Path.of("..data/notes.txt"));
    PolicySet set = PolicySet.load(dir);
    assertThat(set.ids()).containsExactly("rbac.yaml#ns1/rbac");
  }

  @Test
  void aBrokenFileInADirectoryLoadsNothing(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a.yaml"), RBAC);
    Files.writeString(dir.resolve("b.yaml"), RBAC.replace("name: rbac", "name: other").replace("[GET]", "[GET, \"\"]"));
    assertThatThrownBy(() -> PolicySet.load(dir)).isInstanceOf(PolicyException.class)
        .hasMessageStartingWith("b.yaml:6: AuthorizationPolicy ns1/other: rules[0].to[0].operation.methods[1]: empty value")
        .extracting(x -> ((PolicyException) x).location()).isEqualTo("b.yaml:6");
  }

  @Test
  void missingFileIsAPolicyException(@TempDir Path dir) {
    assertThatThrownBy(() -> PolicySet.load(dir.resolve("nope.yaml"))).isInstanceOf(PolicyException.class)
        .hasMessageContaining("nope.yaml:1").hasMessageNotContaining(dir.toString());
  }

  @Test
  void builderRejectsDoubleSettingsAndMissingPolicies() {
    assertThatThrownBy(() -> PolicyEngine.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> PolicyEngine.builder().explain(ExplainLevel.OFF).explain(ExplainLevel.FULL))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("OFF");
  }

  @Test
  void forWorkloadAppliesIstioSelection() {
    String y = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: mesh-wide, namespace: istio-system}
        spec: {rules: [{}]}
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: ns-wide, namespace: ml-models}
        spec: {rules: [{}]}
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: kserve-only, namespace: ml-models}
        spec: {selector: {matchLabels: {app: kserve}}, rules: [{}]}
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: other-app, namespace: ml-models}
        spec: {selector: {matchLabels: {app: kserve, tier: gpu}}, rules: [{}]}
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: other-ns, namespace: team-b}
        spec: {rules: [{}]}
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: gateway, namespace: ml-models}
        spec: {targetRefs: [{kind: Gateway, group: gateway.networking.k8s.io, name: gw}], rules: [{}]}
        """;
    PolicySet all = PolicySet.parse(y, "s.yaml");
    assertThat(all.size()).isEqualTo(6);
    assertThat(all.forWorkload("ml-models", Map.of("app", "kserve", "version", "1"), "istio-system").ids())
        .containsExactly("s.yaml#istio-system/mesh-wide", "s.yaml#ml-models/kserve-only", "s.yaml#ml-models/ns-wide");
    assertThat(all.forWorkload("team-b", Map.of(), "istio-system").ids())
        .containsExactly("s.yaml#istio-system/mesh-wide", "s.yaml#team-b/other-ns");
  }

  @Test
  void emptySetAllowsEverything() {
    PolicyEngine e = PolicyEngine.builder().policies(PolicySet.empty()).build();
    Decision d = e.decide(Requests.req(null, "DELETE", "/v1/models/x"));
    assertThat(d.allowed()).isTrue();
    assertThat(AuthResult.statusOf(d, false)).isEqualTo(200);
  }
}
