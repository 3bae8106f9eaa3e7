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
package dev.kserveauth.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the {@code demo} command's code path (demo issuer with a loopback JWKS, Jetty + filter,
 * Vert.x + handler, KServeClient with a token per role) and checks every row of
 * expected-decisions.md on both stacks, for every policy format the demo ships.
 */
class DemoTest {

  private static List<Demo.Result> results;
  private static String table;

  @BeforeAll
  static void runDemo() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    results = Demo.run(new PrintStream(out, true, StandardCharsets.UTF_8), DemoProtection::create);
    table = out.toString(StandardCharsets.UTF_8);
    System.out.println(table);
  }

  @Test
  void everyRowOnEveryStackAndFormatIsAsExpected() {
    int formats = Demo.formats().size();
    assertThat(results).hasSize((DemoMatrix.rows().size() * 2 + DemoGrpc.rows().size()) * formats);
    assertThat(results).allSatisfy(r -> assertThat(r.problems())
        .as("%s %s row %d %s (got %d: %s)", r.format(), r.stack(), r.row().number(), r.row().request(), r.status(),
            r.detail())
        .isEmpty());
    assertThat(table).contains(results.size() + " of " + results.size() + " checks as expected").doesNotContain("FAIL");
  }

  @Test
  void theMatrixCoversRowsOneToThirteen() {
    assertThat(DemoMatrix.rows()).extracting(DemoMatrix.Row::number)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
    assertThat(results.stream().map(Demo.Result::stack).distinct()).containsExactlyInAnyOrder("servlet", "vertx",
        "grpc");
    // over gRPC: every row the service can express (all but unload and /metrics), then one per other RPC
    assertThat(DemoGrpc.rows()).extracting(g -> g.row().number())
        .containsExactly(1, 2, 3, 4, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
  }

  /** The DENY policy each format's demo set names for rows 10, 12 and 13. */
  private static final Map<String, List<String>> DENY_POLICIES = Map.of(
      "istio", List.of("production-models-restricted", "dev-models-business-hours", "known-teams-only"),
      "compact", List.of("production-is-admin-only", "dev-models-in-business-hours", "ml-teams-only"));

  @Test
  void decisionsNameTheDeterminingRuleOrThe401Reason() {
    assertThat(DENY_POLICIES.keySet()).containsAll(Demo.formats().stream().map(Demo.PolicyFormat::name).toList());
    for (Demo.Result r : results) {
      List<String> deny = DENY_POLICIES.get(r.format());
      String where = r.format() + " " + r.stack() + " row " + r.row().number();
      switch (r.row().number()) {
        case 2 -> assertThat(r.decision()).as(where).contains("expired");
        case 10 -> assertThat(r.decision()).as(where).startsWith("deny").contains(deny.get(0));
        case 12 -> assertThat(r.decision()).as(where).startsWith("deny").contains(deny.get(1));
        case 13 -> assertThat(r.decision()).as(where).startsWith("deny").contains(deny.get(2));
        case 18 -> assertThat(r.decision()).as(where).startsWith("deny").contains(deny.get(0));
        case 19 -> assertThat(r.decision()).as(where).startsWith("deny").contains(deny.get(1));
        case 4, 9, 11 -> assertThat(r.decision()).as(where).startsWith("allow");
        default -> assertThat(r.decision()).as(where).isNotBlank();
      }
    }
  }

  @Test
  void aWrongExpectationIsReportedAsAMismatch() {
    // the checker itself must be able to fail: a 403 where the matrix expects 200 is a problem
    DemoMatrix.Row row4 = DemoMatrix.rows().get(3);
    Demo.Result r = Demo.check("istio", "servlet", row4, new DemoCaller.Response(403, null, "{\"error\":\"denied\"}"),
        null);
    assertThat(r.ok()).isFalse();
    assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("status 403, expected 200"));
    DemoMatrix.Row row2 = DemoMatrix.rows().get(1);
    Demo.Result noChallenge = Demo.check("istio", "vertx", row2, new DemoCaller.Response(401, null, ""), null);
    assertThat(noChallenge.problems()).hasSize(3);
  }
}
