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

import dev.kserveauth.authn.Principal;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision matrix of {@code shared/examples/expected-decisions.md} (rows that are decisions;
 * rows 2 and 3 are token failures answered before any policy) for the Istio-format policy set
 * {@code examples/istio-intent.yaml}.
 */
class ExpectedDecisionsTest {

  static final Instant WEEKDAY_10_BERLIN = Instant.parse("2026-01-07T09:00:00Z");
  static final Instant WEEKDAY_22_BERLIN = Instant.parse("2026-01-07T21:00:00Z");

  static PolicyEngine engine() {
    try {
      Path p = Path.of(ExpectedDecisionsTest.class.getResource("/examples/istio-intent.yaml").toURI());
      return PolicyEngine.builder().policies(PolicySet.load(p)).explain(ExplainLevel.FAILURES).build();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Arguments> matrix() {
    return Stream.of(
        Arguments.of(1, "POST", "/v1/models/sklearn-iris:predict", null, WEEKDAY_10_BERLIN, 401),
        Arguments.of(4, "POST", "/v1/models/sklearn-iris:predict", ds(), WEEKDAY_10_BERLIN, 200),
        Arguments.of(5, "DELETE", "/v1/models/sklearn-iris", admin(), WEEKDAY_10_BERLIN, 200),
        Arguments.of(6, "DELETE", "/v1/models/sklearn-iris", ds(), WEEKDAY_10_BERLIN, 403),
        Arguments.of(7, "GET", "/health", null, WEEKDAY_10_BERLIN, 200),
        Arguments.of(8, "GET", "/metrics", null, WEEKDAY_10_BERLIN, 200),
        Arguments.of(9, "POST", "/v2/models/sklearn-iris/infer", ds(), WEEKDAY_10_BERLIN, 200),
        Arguments.of(10, "POST", "/v1/models/production-fraud:predict", ds(), WEEKDAY_10_BERLIN, 403),
        Arguments.of(11, "POST", "/v1/models/dev-churn:predict", ds(), WEEKDAY_10_BERLIN, 200),
        Arguments.of(12, "POST", "/v1/models/dev-churn:predict", ds(), WEEKDAY_22_BERLIN, 403),
        Arguments.of(13, "POST", "/v1/models/sklearn-iris:predict", dsWithTeam("marketing"), WEEKDAY_10_BERLIN, 403),
        // role intent beyond the numbered rows
        Arguments.of(100, "POST", "/v1/models/production-fraud:predict", admin(), WEEKDAY_22_BERLIN, 200),
        Arguments.of(101, "DELETE", "/v1/models/dev-churn", dev(), WEEKDAY_22_BERLIN, 200),
        Arguments.of(102, "POST", "/v1/models/production-fraud:predict", dev(), WEEKDAY_10_BERLIN, 403),
        Arguments.of(103, "GET", "/v1/models", ds(), WEEKDAY_10_BERLIN, 200),
        Arguments.of(104, "POST", "/v2/repository/models/sklearn-iris/load", ds(), WEEKDAY_10_BERLIN, 403),
        Arguments.of(105, "GET", "/admin", admin(), WEEKDAY_10_BERLIN, 200),
        Arguments.of(106, "GET", "/admin", null, WEEKDAY_10_BERLIN, 401));
  }

  @ParameterizedTest(name = "row {0}: {1} {2} -> {5}")
  @MethodSource("matrix")
  void matrixHolds(int row, String method, String path, Principal who, Instant time, int status) {
    Decision d = engine().decide(Requests.req(who, method, path, time, Map.of()));
    assertThat(AuthResult.statusOf(d, who != null)).as("row %d: %s", row, d).isEqualTo(status);
    assertThat(d.allowed()).isEqualTo(status == 200);
  }

  @Test
  void denialsNameTheDeterminingPolicyAndExplainCandidates() {
    PolicyEngine e = engine();
    Decision prod = e.decide(Requests.req(ds(), "POST", "/v1/models/production-fraud:predict"));
    assertThat(prod.policy()).isEqualTo("istio-intent.yaml#ml-models/production-models");
    assertThat(prod.rule()).isEqualTo("istio-intent.yaml#ml-models/production-models#rules[0]");
    assertThat(prod.explanation()).anyMatch(x -> x.contains("DENY rule matched"));

    Decision late = e.decide(Requests.req(ds(), "POST", "/v1/models/dev-churn:predict", WEEKDAY_22_BERLIN, Map.of()));
    assertThat(late.policy()).isNull();
    assertThat(late.reasons()).containsExactly("no ALLOW policy matched");
    assertThat(late.explanation())
        .anyMatch(x -> x.startsWith("istio-intent.yaml#ml-models/roles#rules[3]") && x.contains("when[request.time]"))
        .anyMatch(x -> x.startsWith("istio-intent.yaml#ml-models/roles#rules[2]") && x.contains("when[kserve.model]"));
  }

  @Test
  void allowsBuildNoExplanationAtFailuresLevel() {
    Decision d = engine().decide(Requests.req(ds(), "POST", "/v1/models/sklearn-iris:predict"));
    assertThat(d.allowed()).isTrue();
    assertThat(d.rule()).isEqualTo("istio-intent.yaml#ml-models/roles#rules[2]");
    assertThat(d.explanation()).isEmpty();
    assertThat(List.of(d.reasons().get(0))).allMatch(r -> r.contains("roles"));
  }
}
