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
import static dev.kserveauth.policy.Requests.admin;
import static dev.kserveauth.policy.Requests.dev;
import static dev.kserveauth.policy.Requests.ds;
import static dev.kserveauth.policy.Requests.dsWithTeam;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kserveauth.authn.Principal;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The compact {@code kserve-auth/v1} format: the expected-decisions matrix, equivalence with Istio, errors. */
class CompactPolicyTest {

  static PolicyEngine engine(String resource) {
    try {
      Path p = Path.of(CompactPolicyTest.class.getResource(resource).toURI());
      return PolicyEngine.builder().policies(PolicySet.load(p)).explain(ExplainLevel.FAILURES).build();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static PolicyEngine compact(String yaml) {
    return PolicyEngine.builder().policies(PolicySet.parse(yaml, "compact.yaml")).build();
  }

  @ParameterizedTest(name = "row {0}: {1} {2} -> {5}")
  @MethodSource("dev.kserveauth.policy.ExpectedDecisionsTest#matrix")
  void expectedDecisionsMatrixHoldsInTheCompactFormat(int row, String method, String path, Principal who,
      Instant time, int status) {
    Decision d = engine("/examples/compact-intent.yaml").decide(Requests.req(who, method, path, time, Map.of()));
    assertThat(AuthResult.statusOf(d, who != null)).as("row %d: %s", row, d).isEqualTo(status);
  }

  @Test
  void bothFormatsDecideAlikeOverARequestGrid() {
    PolicyEngine istio = engine("/examples/istio-intent.yaml");
    PolicyEngine compact = engine("/examples/compact-intent.yaml");
    List<Principal> who = new ArrayList<>(List.of(admin(), ds(), dev(), dsWithTeam("marketing"),
        Requests.principal(Requests.ISS, "mon", "role", "monitoring", "team", "ml-platform")));
    who.add(null);
    List<String[]> calls = List.of(
        new String[] {"GET", "/v1/models"}, new String[] {"GET", "/v1/models/sklearn-iris"},
        new String[] {"POST", "/v1/models/sklearn-iris:predict"}, new String[] {"POST", "/v1/models/dev-churn:explain"},
        new String[] {"POST", "/v1/models/production-fraud:predict"}, new String[] {"DELETE", "/v1/models/dev-churn"},
        new String[] {"PUT", "/v1/models/sklearn-iris"}, new String[] {"POST", "/v2/models/dev-churn/infer"},
        new String[] {"GET", "/v2/models/sklearn-iris/ready"}, new String[] {"POST", "/v2/repository/models/x/load"},
        new String[] {"GET", "/health"}, new String[] {"GET", "/metrics"}, new String[] {"GET", "/v2/health/live"},
        new String[] {"GET", "/admin"});
    int compared = 0;
    for (Instant t : List.of(ExpectedDecisionsTest.WEEKDAY_10_BERLIN, ExpectedDecisionsTest.WEEKDAY_22_BERLIN)) {
      for (Principal p : who) {
        for (String[] c : calls) {
          AccessRequest r = Requests.req(p, c[0], c[1], t, Map.of());
          assertThat(AuthResult.statusOf(compact.decide(r), r.principal() != null)).as("%s %s %s at %s", p, c[0], c[1], t)
              .isEqualTo(AuthResult.statusOf(istio.decide(r), r.principal() != null));
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(2 * 6 * 14);
  }

  @Test
  void inheritedPermissionsAndDenyIdsAreTraceable() {
    PolicyEngine e = engine("/examples/compact-intent.yaml");
    Decision viaInheritance = e.decide(Requests.req(dev(), "POST", "/v1/models/sklearn-iris:explain"));
    assertThat(viaInheritance.allowed()).isTrue();
    Decision prod = e.decide(Requests.req(ds(), "POST", "/v1/models/production-fraud:predict"));
    assertThat(prod.policy()).isEqualTo("compact-intent.yaml#kserve-rbac/deny/production-is-admin-only");
    assertThat(prod.rule()).isEqualTo("compact-intent.yaml#kserve-rbac/deny/production-is-admin-only#rules[0]");
  }

  @Test
  void notClaimsDenyNeverCatchesAnonymousCallers() {
    PolicyEngine e = compact("""
        apiVersion: kserve-auth/v1
        kind: AccessPolicy
        metadata: {name: p}
        spec:
          public: [{paths: ["/v1/models/public-*"]}]
          deny:
            - notClaims: {team: [ml-platform]}
        """);
    assertThat(AuthResult.statusOf(e.decide(Requests.req(null, "POST", "/v1/models/public-iris:predict")), false)).isEqualTo(200);
    assertThat(AuthResult.statusOf(e.decide(Requests.req(dsWithTeam("marketing"), "POST", "/v1/models/public-iris:predict")), true))
        .isEqualTo(403);
  }

  @Test
  void permissionWithModelGlobVerbsClaimsServiceAccountsAndRoleClaims() {
    PolicyEngine e = compact("""
        apiVersion: kserve-auth/v1
        kind: AccessPolicy
        metadata: {name: p}
        spec:
          roleClaims: [realm_access.roles, scope]
          roles:
            tester: {permissions: ["model:predict:dev-*"]}
          allow:
            - name: pipelines
              serviceAccounts: [kubeflow/pipeline-runner]
              verbs: [infer]
            - name: platform-loads
              claims: {team: [ml-*]}
              verbs: [load, unload]
        """);
    Principal tester = Requests.principal(Requests.ISS, "t", "realm_access", Map.of("roles", List.of("tester")));
    assertThat(AuthResult.statusOf(e.decide(Requests.req(tester, "POST", "/v1/models/dev-a:predict")), true)).isEqualTo(200);
    assertThat(AuthResult.statusOf(e.decide(Requests.req(tester, "POST", "/v2/models/dev-a/infer")), true)).isEqualTo(200);
    assertThat(AuthResult.statusOf(e.decide(Requests.req(tester, "POST", "/v1/models/prod-a:predict")), true)).isEqualTo(403);
    assertThat(AuthResult.statusOf(e.decide(Requests.req(tester, "POST", "/v1/models/dev-a:explain")), true)).isEqualTo(403);
    Principal scoped = Requests.principal(Requests.ISS, "s", "scope", "openid tester");
    assertThat(AuthResult.statusOf(e.decide(Requests.req(scoped, "POST", "/v1/models/dev-a:predict")), true)).isEqualTo(200);
    Principal runner = Requests.principal("https://kubernetes.default.svc.cluster.local",
        "system:serviceaccount:kubeflow:pipeline-runner");
    assertThat(AuthResult.statusOf(e.decide(Requests.req(runner, "POST", "/v2/models/any/infer")), true)).isEqualTo(200);
    assertThat(AuthResult.statusOf(e.decide(Requests.req(runner, "POST", "/v1/models/any:predict")), true)).isEqualTo(403);
    Principal platform = Requests.principal(Requests.ISS, "p", "team", "ml-platform");
    assertThat(AuthResult.statusOf(e.decide(Requests.req(platform, "POST", "/v2/repository/models/x/load")), true)).isEqualTo(200);
    assertThat(AuthResult.statusOf(e.decide(Requests.req(null, "POST", "/v2/repository/models/x/load")), false)).isEqualTo(401);
  }

  @Test
  void errorsNameFileLinePolicyAndField() {
    assertThatThrownBy(() -> compact("""
        apiVersion: kserve-auth/v1
        kind: AccessPolicy
        metadata: {name: p}
        spec:
          roles:
            ds: {permissions: [model:predikt]}
        """)).isInstanceOf(PolicyException.class)
        .hasMessageContaining("compact.yaml:6").hasMessageContaining("AccessPolicy p")
        .hasMessageContaining("spec.roles.ds.permissions[0]").hasMessageContaining("unknown verb 'predikt'");
    assertThatThrownBy(() -> compact("""
        apiVersion: kserve-auth/v1
        kind: AccessPolicy
        metadata: {name: p}
        spec:
          roles:
            a: {inherits: [b]}
            b: {inherits: [a], permissions: ["*"]}
        """)).isInstanceOf(PolicyException.class).hasMessageContaining("inheritance cycle");
    assertThatThrownBy(() -> compact("""
        apiVersion: kserve-auth/v1
        kind: AccessPolicy
        metadata: {name: p}
        spec:
          deny:
            - name: everything
        """)).isInstanceOf(PolicyException.class).hasMessageContaining("compact.yaml:6")
        .hasMessageContaining("would deny every request");
    assertThatThrownBy(() -> compact("""
        apiVersion: kserve-auth/v1
        kind: AccessPolicy
        metadata: {name: p}
        spec:
          allow:
            - modles: [a]
        """)).isInstanceOf(PolicyException.class).hasMessageContaining("spec.allow[0].modles: unknown field");
    assertThatThrownBy(() -> compact("""
        apiVersion: kserve-auth/v1
        kind: AccessPolicy
        metadata: {name: p}
        spec:
          allow:
            - roles: [a]
              time: "9am-5pm"
        """)).isInstanceOf(PolicyException.class).hasMessageContaining("spec.allow[0].time");
    assertThatThrownBy(() -> compact("""
        apiVersion: kserve-auth/v1
        kind: AccessPolicy
        metadata: {name: p}
        spec:
          roles:
            a: {inherits: [missing]}
        """)).isInstanceOf(PolicyException.class).hasMessageContaining("unknown role 'missing'");
  }

  @Test
  void issuerConfigDocumentsBesidePoliciesAreSkipped() {
    PolicySet set = PolicySet.parse("""
        apiVersion: kserve-auth/v1
        kind: IssuerConfig
        issuers: []
        ---
        apiVersion: kserve-auth/v1
        kind: AccessPolicy
        metadata: {name: p}
        spec:
          public: [{paths: [/health]}]
        """, "mixed.yaml");
    assertThat(set.size()).isEqualTo(1);
    assertThat(set.skipped()).hasSize(1);
  }
}
