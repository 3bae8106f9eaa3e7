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

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs {@code conformance/policy/*.yaml}. Each file has optional shared {@code policies} (YAML text),
 * optional named {@code sets} of policies and {@code cases}; a case may override {@code policies} (text)
 * or name a set with {@code policies_ref}, gives a {@code request} and expects
 * {@code want_decision} / {@code want_status} / {@code want_policy} / {@code want_rule} /
 * {@code want_shadow} (substring of one entry), or {@code want_error} (load error substrings).
 * Policy ids use the source name {@code policies.yaml}.
 */
class PolicyConformanceTest {

  static final String SOURCE = "policies.yaml";

  @TestFactory
  Stream<DynamicNode> conformance() throws IOException, URISyntaxException {
    Path dir = Path.of(getClass().getResource("/conformance/policy").toURI());
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    List<DynamicNode> out = new ArrayList<>();
    for (Path f : files) {
      JsonNode root;
      try (InputStream in = Files.newInputStream(f)) {
        root = ConformanceCases.YAML.readTree(in);
      }
      String shared = root.path("policies").asText(null);
      JsonNode sets = root.path("sets");
      List<DynamicNode> tests = new ArrayList<>();
      int i = 0;
      for (JsonNode c : root.path("cases")) {
        String name = "[" + i++ + "] " + c.path("note").asText("?") + sourceOf(c);
        String policies = c.hasNonNull("policies_ref") ? sets.path(c.get("policies_ref").asText()).asText(null)
            : c.hasNonNull("policies") ? c.get("policies").asText() : shared;
        assertThat(policies).as(name + ": policies_ref").isNotNull();
        tests.add(DynamicTest.dynamicTest(name, () -> run(policies, c)));
      }
      assertThat(tests).as(f.getFileName() + " has cases").isNotEmpty();
      out.add(DynamicContainer.dynamicContainer(f.getFileName().toString(), tests));
    }
    return out.stream();
  }

  private static String sourceOf(JsonNode c) {
    return c.hasNonNull("source") ? " {" + c.get("source").asText() + "}" : "";
  }

  static void run(String policies, JsonNode c) {
    if (c.hasNonNull("want_error")) {
      var assertion = assertThatThrownBy(() -> PolicySet.parse(policies, SOURCE)).isInstanceOf(PolicyException.class);
      for (JsonNode s : c.get("want_error")) {
        assertion.hasMessageContaining(s.asText());
      }
      return;
    }
    PolicySet set = policies == null || policies.isBlank() ? PolicySet.empty() : PolicySet.parse(policies, SOURCE);
    JsonNode r = c.path("request");
    PolicyEngine engine = PolicyEngine.builder().policies(set).explain(ExplainLevel.FULL)
        .pathNormalization(c.hasNonNull("normalization") ? PathNormalization.valueOf(c.get("normalization").asText())
            : PathNormalization.BASE)
        .connectionResolver(req -> ConformanceCases.connection(r)).build();
    AccessRequest request = ConformanceCases.request(r);
    Decision d = engine.decide(request);
    String ctx = d.toString();
    if (c.hasNonNull("want_decision")) {
      assertThat(d.effect().name()).as(ctx).isEqualTo(c.get("want_decision").asText());
    }
    if (c.hasNonNull("want_status")) {
      assertThat(AuthResult.statusOf(d, request.principal() != null)).as(ctx).isEqualTo(c.get("want_status").asInt());
    }
    if (c.has("want_policy")) {
      assertThat(d.policy()).as(ctx).isEqualTo(c.get("want_policy").isNull() ? null : c.get("want_policy").asText());
    }
    if (c.has("want_rule")) {
      assertThat(d.rule()).as(ctx).isEqualTo(c.get("want_rule").isNull() ? null : c.get("want_rule").asText());
    }
    if (c.hasNonNull("want_shadow")) {
      for (JsonNode s : c.get("want_shadow")) {
        assertThat(d.shadow()).as(ctx).anyMatch(x -> x.contains(s.asText()));
      }
    }
    if (c.hasNonNull("want_reason")) {
      assertThat(d.reasons()).as(ctx).anyMatch(x -> x.contains(c.get("want_reason").asText()));
    }
    assertThat(engine.evaluationErrors()).as("no evaluation errors").isZero();
  }
}
