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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * README.md's "Understanding dependencies" lists exactly the libraries a published module brings at
 * runtime: the non-optional artifacts the build resolved (target/runtime-dependencies.txt, written by
 * maven-dependency-plugin's {@code list} in every module), with their versions.
 */
class ReadmeDependenciesTest {
  private static final Pattern RESOLVED = Pattern.compile("^\\s+([\\w.-]+):([\\w.-]+):jar(?::[\\w.-]+)?:([\\w.-]+):(compile|runtime)(.*)$");
  private static final Pattern LISTED = Pattern.compile("\\b([a-z][\\w-]*(?:\\.[\\w-]+)+):([\\w.-]+):(\\d[\\w.-]*)");

  @ParameterizedTest
  @ValueSource(strings = {"kserve-auth-core", "kserve-auth-client"})
  void theReadmeListsWhatTheModuleBrings(String module) throws IOException {
    Path list = Path.of("..", module, "target", "runtime-dependencies.txt");
    if (!Files.exists(list)) {
      Assumptions.assumeFalse(System.getenv("CI") == null, module + " was not built in this run (build it with -am)");
    }
    Set<String> resolved = new TreeSet<>();
    for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
      Matcher m = RESOLVED.matcher(line);
      if (m.matches() && !m.group(5).contains("(optional)")) {
        resolved.add(m.group(1) + ":" + m.group(2) + ":" + m.group(3));
      }
    }
    assertThat(resolved).as("resolved runtime artifacts of %s", module).isNotEmpty();
    Set<String> listed = new TreeSet<>();
    Matcher m = LISTED.matcher(readmeParagraph(module));
    while (m.find()) {
      listed.add(m.group(1) + ":" + m.group(2) + ":" + m.group(3));
    }
    assertThat(listed).as("README.md 'Understanding dependencies' for %s (left) vs the build (right)", module)
        .isEqualTo(resolved);
  }

  /** The lines of the README's dependency block from the module's name to the next blank line. */
  private static String readmeParagraph(String module) throws IOException {
    List<String> lines = Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    int section = lines.indexOf("## Understanding dependencies");
    assertThat(section).as("README section").isNotNegative();
    int start = lines.subList(section, lines.size()).indexOf(module);
    assertThat(start).as("a line '%s' in the section", module).isNotNegative();
    StringBuilder b = new StringBuilder();
    for (int i = section + start + 1; i < lines.size() && !lines.get(i).isBlank() && !lines.get(i).startsWith("```"); i++) {
      b.append(lines.get(i)).append('\n');
    }
    return b.toString();
  }
}
