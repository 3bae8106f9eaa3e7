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

import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.testing.SharedTestData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The traps of expected-decisions.md, each found with its fix; clean sets stay clean. */
class PolicyLinterTest {

  private static List<LintFinding> lint(String yaml) {
    return PolicyLinter.lint(PolicySet.parse(yaml, "p.yaml"));
  }

  private static List<String> codes(List<LintFinding> findings) {
    return findings.stream().map(LintFinding::code).toList();
  }

  @Test
  void seedFileTrapsAreFoundWithFileLineAndFix() {
    Path seed = SharedTestData.example("policies/seed-jwt-and-rbac.yaml");
    List<LintFinding> f = PolicyLinter.lint(PolicySet.load(seed));
    assertThat(f).filteredOn(x -> x.code().equals("role-as-request-principal"))
        .extracting(LintFinding::message)
        .anyMatch(m -> m.contains("https://auth.company.com/data-scientist"))
        .anyMatch(m -> m.contains("https://auth.company.com/admin"))
        .anyMatch(m -> m.contains("https://auth.company.com/model-developer"));
    assertThat(f).filteredOn(x -> x.code().equals("role-as-request-principal"))
        .allMatch(x -> x.suggestion().contains("request.auth.claims[role]"))
        .allMatch(x -> x.location().startsWith("seed-jwt-and-rbac.yaml:"));
    assertThat(f).filteredOn(x -> x.code().equals("middle-wildcard-path"))
        .extracting(LintFinding::message)
        .anyMatch(m -> m.contains("/v1/models/*:predict"))
        .anyMatch(m -> m.contains("/v1/models/*:explain"));
    assertThat(f).filteredOn(x -> x.code().equals("middle-wildcard-path"))
        .allMatch(x -> x.suggestion().contains("'*:predict'") || x.suggestion().contains("'*:explain'"));
  }

  /**
   * Every path the linter suggests instead of a middle {@code *} loads (Istio's template operators
   * must be whole segments, so {@code /v1/models/{*}:predict} is refused) and matches the request the
   * author meant.
   */
  @Test
  void everySuggestedPathLoadsAndMatchesWhatWasMeant() {
    Map<String, String> meant = Map.of(
        "/v1/models/*:predict", "/v1/models/iris:predict",
        "/v1/models/*:explain", "/v1/models/iris:explain",
        "/v2/models/*/infer", "/v2/models/iris/infer",
        "/v2/models/*/ready", "/v2/models/iris/ready",
        "/v2/models/*/versions/3/infer", "/v2/models/iris/versions/3/infer",
        "/openai/*/chat/completions", "/openai/v1/chat/completions");
    java.util.regex.Pattern quoted = java.util.regex.Pattern.compile("'([^']+)'");
    int checked = 0;
    for (Map.Entry<String, String> e : meant.entrySet()) {
      List<LintFinding> f = lint(allowPaths(e.getKey()));
      assertThat(codes(f)).as(e.getKey()).contains("middle-wildcard-path");
      String suggestion = f.stream().filter(x -> x.code().equals("middle-wildcard-path")).findFirst().orElseThrow().suggestion();
      java.util.regex.Matcher m = quoted.matcher(suggestion);
      while (m.find()) {
        String path = m.group(1);
        PolicyEngine engine = PolicyEngine.builder().policies(PolicySet.parse(allowPaths(path), "fix.yaml")).build();
        assertThat(engine.decide(Requests.req(Requests.ds(), "POST", e.getValue())).allowed())
            .as("suggested '%s' for '%s' matches %s", path, e.getKey(), e.getValue()).isTrue();
        checked++;
      }
    }
    assertThat(checked).as("paths suggested").isGreaterThanOrEqualTo(meant.size() + 3);
  }

  private static String allowPaths(String path) {
    return """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: p, namespace: ml}
        spec:
          action: ALLOW
          rules:
          - to:
            - operation:
                paths: ["%s"]
        """.formatted(path);
  }

  @Test
  void intentSetsInBothFormatsAreClean() throws Exception {
    for (String r : List.of("/examples/istio-intent.yaml", "/examples/compact-intent.yaml")) {
      Path p = Path.of(PolicyLinterTest.class.getResource(r).toURI());
      assertThat(PolicyLinter.lint(PolicySet.load(p))).as(r).isEmpty();
    }
  }

  @Test
  void peerIdentityRulesAreFlaggedWithWhatTheyDoInProcess() {
    List<LintFinding> allow = lint("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: m2m, namespace: ml}
        spec:
          action: ALLOW
          rules:
          - from:
            - source:
                principals: ["cluster.local/ns/kubeflow/sa/pipeline-runner"]
          - from:
            - source:
                notNamespaces: ["untrusted"]
          - from:
            - source:
                requestPrincipals: ["https://kubernetes.default.svc/*"]
        """);
    assertThat(allow).extracting(LintFinding::code).containsExactly("peer-identity-in-process",
        "peer-identity-in-process");
    assertThat(allow.get(0).rule()).endsWith("rules[0]");
    assertThat(allow.get(0).message()).contains("never allows through them").doesNotContain("not*");
    assertThat(allow.get(1).rule()).endsWith("rules[1]");
    assertThat(allow.get(1).message()).contains("not* forms are always true")
        .contains("lets through callers they were meant to keep out");
    assertThat(allow.get(0).suggestion()).contains("system:serviceaccount:").contains("connectionResolver");

    List<LintFinding> deny = lint("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: block, namespace: ml}
        spec:
          action: DENY
          rules:
          - when:
            - key: source.namespace
              values: ["sandbox"]
        """);
    assertThat(deny).extracting(LintFinding::code).containsExactly("peer-identity-in-process");
    assertThat(deny.get(0).message()).contains("never denies through them");
    assertThat(deny.get(0).location()).isEqualTo("p.yaml:7");
  }

  @Test
  void theKubeflowSeedsPeerRulesAreFlagged() {
    Path seed = SharedTestData.example("policies/seed-kubeflow-m2m.yaml");
    List<LintFinding> f = PolicyLinter.lint(PolicySet.load(seed));
    assertThat(f).filteredOn(x -> x.code().equals("peer-identity-in-process")).hasSizeGreaterThanOrEqualTo(2)
        .allMatch(x -> x.location().startsWith("seed-kubeflow-m2m.yaml:"));
  }

  @Test
  void timeWindowWithoutZone() {
    List<LintFinding> f = lint("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: hours, namespace: ml}
        spec:
          rules:
          - when:
            - key: request.time
              values: ["09:00:00-17:00:00"]
        """);
    assertThat(codes(f)).containsExactly("time-window-without-zone");
    assertThat(f.get(0).location()).isEqualTo("p.yaml:6");
    assertThat(f.get(0).suggestion()).contains("09:00:00-17:00:00 Europe/Berlin");
  }

  @Test
  void shadowedAndDuplicateRulesAndUnreachableAllows() {
    List<LintFinding> f = lint("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: allow, namespace: ml}
        spec:
          rules:
          - {}
          - to: [{operation: {methods: [GET]}}]
          - to: [{operation: {methods: [GET]}}]
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: deny-all, namespace: ml}
        spec:
          action: DENY
          rules:
          - {}
        """);
    assertThat(codes(f)).containsExactly("shadowed-rule", "shadowed-rule", "shadowed-rule", "unreachable-allow");
    assertThat(f.get(2).message()).contains("repeats p.yaml#ml/allow#rules[1]");
    assertThat(f.get(3).message()).contains("p.yaml#ml/deny-all");
  }

  @Test
  void wildcardSubjectsAndServiceAccountSubjectsAreNotRoles() {
    assertThat(lint("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: ok, namespace: ml}
        spec:
          rules:
          - from:
            - source:
                requestPrincipals: ["https://auth.company.com/*", "https://k8s/system:serviceaccount:kubeflow:runner",
                                    "https://idp/5f0c8a2e-1d7b-4c1e-9a55-1b2c3d4e5f60", "*"]
        """)).isEmpty();
  }
}
