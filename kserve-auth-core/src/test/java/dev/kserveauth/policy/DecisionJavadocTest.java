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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The ids and wording the {@link Decision} Javadoc shows are what the engine produces. */
class DecisionJavadocTest {

  @Test
  void theJavadocExampleIsWhatTheEngineSays() throws IOException {
    String source;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      Path decision = files.filter(p -> p.getFileName().toString().equals("Decision.java")).findFirst().orElseThrow();
      source = Files.readString(decision, StandardCharsets.UTF_8);
    }
    String policy = quoted(source, "policy = ");
    String rule = quoted(source, "rule = ");
    String reason = Pattern.compile("the reason[\\s*]+\\{@code \"([^\"]+)\"}").matcher(source).results()
        .map(m -> m.group(1)).findFirst().orElseThrow();
    String file = policy.substring(0, policy.indexOf('#'));
    String[] nsName = policy.substring(policy.indexOf('#') + 1).split("/");
    PolicySet set = PolicySet.parse("""
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: %s, namespace: %s}
        spec:
          action: ALLOW
          rules:
          - to:
            - operation:
                paths: ["*:predict"]
        """.formatted(nsName[1], nsName[0]), file);
    Decision d = PolicyEngine.builder().policies(set).build()
        .decide(Requests.req(Requests.ds(), "POST", "/v1/models/iris:predict"));
    assertThat(d.policy()).isEqualTo(policy);
    assertThat(d.rule()).isEqualTo(rule);
    assertThat(d.reasons()).contains(reason);
    Decision none = PolicyEngine.builder().policies(set).build().decide(Requests.req(Requests.ds(), "GET", "/v2/models/iris"));
    assertThat(none.reasons()).isEqualTo(List.of("no ALLOW policy matched"));
    assertThat(source).contains("\"no ALLOW policy matched\"");
  }

  private static String quoted(String source, String prefix) {
    Matcher m = Pattern.compile("\\{@code " + Pattern.quote(prefix) + "\"([^\"]+)\"}").matcher(source);
    assertThat(m.find()).as("Javadoc shows {@code %s\"...\"}", prefix).isTrue();
    return m.group(1);
  }
}
