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

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the README (and of the docs this module owns) compiles against the
 * samples' test classpath, which holds every kserve-auth module. A block that declares a type is
 * compiled as it is; any other block is a fragment and is compiled as the body of a method (its
 * {@code import} lines are hoisted, and the common imports below are added), so a renamed class or
 * method in the library breaks this test instead of the reader's first try.
 */
class ReadmeSnippetsTest {

  private static final Path ROOT = Path.of("..");
  /** Markdown files whose Java blocks must compile. */
  private static final List<String> FILES = List.of("README.md", "docs/metrics-and-audit.md");
  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)\\n```", Pattern.DOTALL);
  private static final Pattern TYPE_DECL = Pattern.compile("(?m)^\\s*(public\\s+)?(final\\s+)?(class|record|interface|enum)\\s+(\\w+)");
  private static final String COMMON_IMPORTS = String.join("\n",
      "import java.util.*;",
      "import java.util.concurrent.*;",
      "import java.time.*;",
      "import java.nio.file.*;",
      "");

  /** A fragment that must not compile: proves the check can fail. */
  private static final Snippet BROKEN = new Snippet("(self-check)", 0,
      "import dev.kserveauth.KServeAuth;\nKServeAuth.builder().thisMethodDoesNotExist();");

  record Snippet(String file, int line, String code) {}

  record Unit(Snippet snippet, String className, String source) {}

  private static List<Unit> units;
  private static Map<String, List<String>> errors;

  static List<Snippet> snippets() throws IOException {
    List<Snippet> all = new ArrayList<>();
    for (String f : FILES) {
      Path p = ROOT.resolve(f);
      if (!Files.exists(p)) {
        continue;
      }
      String text = Files.readString(p, StandardCharsets.UTF_8);
      Matcher m = BLOCK.matcher(text);
      while (m.find()) {
        int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
        all.add(new Snippet(f, line, m.group(1)));
      }
    }
    return all;
  }

  /** Compiles every snippet (and the broken self-check) in one javac run; errors are kept per class. */
  @BeforeAll
  static void compileAll(@TempDir Path out) throws IOException {
    List<Snippet> list = new ArrayList<>(snippets());
    list.add(BROKEN);
    units = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Snippet s = list.get(i);
      Matcher type = TYPE_DECL.matcher(s.code());
      if (type.find()) {
        units.add(new Unit(s, type.group(4), hoistImports(s.code(), "")));
      } else {
        String name = "ReadmeSnippet" + i;
        units.add(new Unit(s, name, hoistImports(s.code(),
            "public class " + name + " {\n  void snippet() throws Exception {\n%s\n  }\n}\n")));
      }
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("a JDK (not a JRE) runs the tests").isNotNull();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<JavaFileObject> sources = new ArrayList<>();
    for (Unit u : units) {
      sources.add(new SimpleJavaFileObject(URI.create("string:///" + u.className() + ".java"), JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return u.source();
        }
      });
    }
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      List<String> options = List.of("-classpath", testClasspath(), "-d", out.toString(), "-proc:none",
          "-Xlint:-options", "--release", "17");
      javac.getTask(new StringWriter(), files, diagnostics, options, null, sources).call();
    }
    errors = new HashMap<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR && d.getSource() != null) {
        String cls = d.getSource().getName().replaceAll(".*/", "").replace(".java", "");
        errors.computeIfAbsent(cls, k -> new ArrayList<>()).add("line " + d.getLineNumber() + ": " + d.getMessage(null));
      }
    }
  }

  @Test
  void theReadmeHasJavaSnippets() throws IOException {
    assertThat(snippets().stream().filter(s -> s.file().equals("README.md")))
        .as("README.md java blocks").hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void aSnippetCallingAMissingMethodFailsToCompile() {
    Unit broken = units.get(units.size() - 1);
    assertThat(broken.snippet()).isSameAs(BROKEN);
    assertThat(errors.get(broken.className())).as("the self-check must not compile").isNotEmpty();
  }

  @TestFactory
  Stream<DynamicTest> everySnippetCompiles() {
    return units.stream().filter(u -> u.snippet() != BROKEN).map(u -> DynamicTest.dynamicTest(
        u.snippet().file() + ":" + u.snippet().line(),
        () -> assertThat(errors.getOrDefault(u.className(), List.of()))
            .as("%s:%d does not compile%n--- compiled as ---%n%s", u.snippet().file(), u.snippet().line(), u.source())
            .isEmpty()));
  }

  /** Moves the snippet's import lines to the top and wraps the rest with {@code template} ({@code %s}), if any. */
  private static String hoistImports(String code, String template) {
    StringBuilder imports = new StringBuilder(COMMON_IMPORTS);
    StringBuilder body = new StringBuilder();
    for (String line : code.split("\n", -1)) {
      if (line.startsWith("import ")) {
        imports.append(line).append('\n');
      } else {
        body.append(line).append('\n');
      }
    }
    return imports + (template.isEmpty() ? body.toString() : String.format(template, body));
  }

  /** The test classpath: surefire may start the JVM from a manifest-only jar, so prefer its own property. */
  private static String testClasspath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    assertThat(cp.split(File.pathSeparator)).as("classpath").isNotEmpty();
    return cp;
  }
}
