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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kserveauth.cli.Main;
import dev.kserveauth.policy.PolicySet;
import dev.kserveauth.authn.JwtRules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README and docs show a user to copy loads: every policy and issuer YAML block, every path
 * template they write inline (and those they say do not load indeed fail), and the {@code lint}
 * transcript of docs/policies.md is what the CLI prints for the block above it.
 */
class DocsConfigLoadsTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern YAML = Pattern.compile("```yaml\\n(.*?)\\n```", Pattern.DOTALL);
  private static final Pattern TEMPLATE = Pattern.compile("[`\"](/[^`\"\\s]*\\{\\*\\*?}[^`\"\\s]*)[`\"]");

  record Block(String file, int line, String text) {
    String where() {
      return file + ":" + line;
    }
  }

  static List<Path> markdown() throws IOException {
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  static List<Block> yamlBlocks() throws IOException {
    List<Block> out = new ArrayList<>();
    for (Path f : markdown()) {
      String text = Files.readString(f, StandardCharsets.UTF_8);
      Matcher m = YAML.matcher(text);
      while (m.find()) {
        int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
        out.add(new Block(ROOT.relativize(f).toString(), line, m.group(1)));
      }
    }
    return out;
  }

  @Test
  void everyPolicyBlockLoads() throws IOException {
    int loaded = 0;
    for (Block b : yamlBlocks()) {
      if (b.text().contains("kind: AuthorizationPolicy") || b.text().contains("kind: AccessPolicy")) {
        PolicySet set = PolicySet.parse(b.text(), b.where());
        assertThat(set.size()).as(b.where()).isPositive();
        loaded++;
      }
    }
    assertThat(loaded).as("policy blocks in the docs").isGreaterThanOrEqualTo(3);
  }

  @Test
  void everyIssuerBlockLoads(@TempDir Path dir) throws IOException {
    // a key file the docs name by its in-pod path is given a real secret here
    Path secret = dir.resolve("secret.key");
    Files.writeString(secret, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
    int loaded = 0;
    for (Block b : yamlBlocks()) {
      String yaml = b.text().replaceAll("file: /[^,}\\s]+", Matcher.quoteReplacement("file: " + secret));
      if (yaml.startsWith("jwtRules:")) {
        // a fragment of a RequestAuthentication's spec, as the docs show it per IdP
        yaml = "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: doc, namespace: ml}\nspec:\n"
            + yaml.indent(2);
      } else if (!yaml.contains("kind: RequestAuthentication") && !yaml.contains("kind: IssuerConfig")) {
        continue;
      }
      assertThat(JwtRules.parse(yaml, b.where())).as(b.where()).isNotEmpty();
      loaded++;
    }
    assertThat(loaded).as("issuer blocks in the docs").isGreaterThanOrEqualTo(5);
  }

  /** An inline path template loads, unless its line says it does not, and then it must not. */
  @Test
  void everyInlinePathTemplateLoadsOrIsSaidNotTo() throws IOException {
    int loads = 0;
    int refused = 0;
    for (Path f : markdown()) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = TEMPLATE.matcher(lines.get(i));
        while (m.find()) {
          String path = m.group(1);
          String where = ROOT.relativize(f) + ":" + (i + 1) + " " + path;
          String after = lines.get(i).substring(m.end()) + (i + 1 < lines.size() ? " " + lines.get(i + 1) : "");
          String yaml = policyWithPath(path);
          if (after.stripLeading().startsWith("does not")) {
            assertThatThrownBy(() -> PolicySet.parse(yaml, where)).as(where).hasMessageContaining("bad path template");
            refused++;
          } else {
            assertThat(PolicySet.parse(yaml, where).size()).as(where).isEqualTo(1);
            loads++;
          }
        }
      }
    }
    assertThat(loads).as("templates that load").isGreaterThanOrEqualTo(3);
    assertThat(refused).as("templates the docs say are refused").isGreaterThanOrEqualTo(1);
  }

  @Test
  void theLintTranscriptIsWhatTheCliPrints(@TempDir Path dir) throws IOException {
    String doc = Files.readString(ROOT.resolve("docs/policies.md"), StandardCharsets.UTF_8);
    Block input = yamlBlocks().stream().filter(b -> b.text().startsWith("# my-policies.yaml")).findFirst().orElseThrow();
    String command = "$ java -jar kserve-auth-cli/target/kserve-auth-cli.jar lint my-policies.yaml\n";
    int start = doc.indexOf(command);
    assertThat(start).as("the transcript in docs/policies.md").isPositive();
    String shown = doc.substring(start + command.length(), doc.indexOf("\n```", start));
    Path file = dir.resolve("my-policies.yaml");
    Files.writeString(file, input.text() + "\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"lint", file.toString()}, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo(shown.strip());
  }

  private static String policyWithPath(String path) {
    return """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: doc, namespace: ml}
        spec:
          action: ALLOW
          rules:
          - to:
            - operation:
                paths: ["%s"]
        """.formatted(path);
  }
}
