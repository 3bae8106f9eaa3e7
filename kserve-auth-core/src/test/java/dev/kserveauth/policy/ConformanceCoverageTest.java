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
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every row of the spec's {@code from.source} (§5.1), {@code to.operation} (§5.2) and {@code when}
 * key (§8) tables is exercised by at least one conformance case. Reads the spec from
 * {@code kserveauth.shared.dir} (skips without it unless CI=true).
 */
class ConformanceCoverageTest {

  @Test
  void everyTableRowHasACase() throws IOException, URISyntaxException {
    Path spec = SharedTestData.shared("spec/istio-authz-semantics.md");
    String text = Files.readString(spec);
    StringBuilder cases = new StringBuilder();
    Path dir = Path.of(getClass().getResource("/conformance/policy").toURI());
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.toList()) {
        cases.append(Files.readString(f)).append('\n');
      }
    }
    Set<String> fields = new LinkedHashSet<>();
    fields.addAll(firstColumnNames(section(text, "### 5.1", "### 5.2")));
    fields.addAll(firstColumnNames(section(text, "### 5.2", "## 6.")));
    Set<String> keys = new LinkedHashSet<>(firstColumnNames(section(text, "## 8.", "## 9.")));
    assertThat(fields).contains("principals", "notRequestPrincipals", "remoteIpBlocks", "hosts", "notPaths");
    assertThat(keys).contains("request.headers[", "remote.ip", "request.auth.claims[", "connection.sni");
    List<String> missing = new ArrayList<>();
    for (String f : fields) {
      if (!Pattern.compile("(?<![A-Za-z])" + Pattern.quote(f) + ":").matcher(cases).find()) {
        missing.add("field " + f);
      }
    }
    for (String k : keys) {
      if (!Pattern.compile("key: \"?" + Pattern.quote(k)).matcher(cases).find()) {
        missing.add("key " + k);
      }
    }
    assertThat(missing).as("spec table rows without a conformance case").isEmpty();
  }

  private static String section(String text, String from, String to) {
    int a = text.indexOf(from);
    int b = text.indexOf(to, a + 1);
    assertThat(a).as("section " + from).isNotNegative();
    return text.substring(a, b < 0 ? text.length() : b);
  }

  /** Backticked names in the first column of a markdown table; map keys cut at their '['. */
  private static List<String> firstColumnNames(String section) {
    List<String> out = new ArrayList<>();
    Pattern tick = Pattern.compile("`([^`]+)`");
    for (String line : section.split("\n")) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String first = line.substring(1, line.indexOf('|', 1));
      Matcher m = tick.matcher(first);
      while (m.find()) {
        String name = m.group(1);
        if (name.startsWith("[")) {
          continue; // "[<c1>][<c2>]" continues the claims row
        }
        int br = name.indexOf('[');
        if (br >= 0) {
          name = name.substring(0, br + 1);
        }
        int angle = name.indexOf('<');
        if (angle >= 0) {
          name = name.substring(0, angle);
        }
        out.add(name);
      }
    }
    return out;
  }
}
