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
package dev.kserveauth.samples.keycloak;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Finds a JDK that can run Keycloak (feature release 21 or later). The project itself builds on
 * Java 17, so the Keycloak process usually needs a different JDK than the test JVM.
 *
 * <p>Order: the system property {@code keycloak.java.home}, the environment variable
 * {@code KEYCLOAK_JAVA_HOME} (an explicit choice that is unusable is an error, never skipped), the
 * JDK running the tests, {@code JAVA_HOME}, then the conventional JDK folders of Linux, macOS and
 * SDKMAN, where the newest suitable JDK wins.
 */
final class JdkLocator {

  static final int MIN_FEATURE = 21;

  /** A usable JDK. */
  record Jdk(Path home, int feature, String source) {
    Path java() {
      boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
      return home.resolve("bin").resolve(windows ? "java.exe" : "java");
    }
  }

  private JdkLocator() {}

  static Jdk locate() {
    String prop = System.getProperty("keycloak.java.home", "").trim();
    if (!prop.isEmpty()) {
      return explicit(Path.of(prop), "system property keycloak.java.home");
    }
    String env = System.getenv().getOrDefault("KEYCLOAK_JAVA_HOME", "").trim();
    if (!env.isEmpty()) {
      return explicit(Path.of(env), "environment variable KEYCLOAK_JAVA_HOME");
    }
    Optional<Jdk> current = probe(Path.of(System.getProperty("java.home")), "the JDK running the tests");
    if (current.isPresent() && current.get().feature() >= MIN_FEATURE) {
      return current.get();
    }
    String javaHome = System.getenv().getOrDefault("JAVA_HOME", "").trim();
    if (!javaHome.isEmpty()) {
      Optional<Jdk> jh = probe(Path.of(javaHome), "JAVA_HOME");
      if (jh.isPresent() && jh.get().feature() >= MIN_FEATURE) {
        return jh.get();
      }
    }
    List<Jdk> found = new ArrayList<>();
    for (Path root : conventionalRoots()) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
        for (Path dir : dirs) {
          Path home = Files.isDirectory(dir.resolve("Contents/Home")) ? dir.resolve("Contents/Home") : dir;
          probe(home, "scan of " + root).filter(j -> j.feature() >= MIN_FEATURE).ifPresent(found::add);
        }
      } catch (IOException e) {
        // an unreadable folder is just not a candidate
      }
    }
    // newest first; among equals prefer a Temurin build (the one the project's machines install)
    return found.stream()
        .max(Comparator.comparingInt(Jdk::feature)
            .thenComparing(j -> j.home().getFileName().toString().contains("temurin")))
        .orElseThrow(() -> new IllegalStateException(
            "Keycloak needs a JDK " + MIN_FEATURE + " or later and none was found: the tests run on "
                + current.map(j -> "Java " + j.feature()).orElse("an unknown Java")
                + ", JAVA_HOME is not a JDK >= " + MIN_FEATURE + ", and " + conventionalRoots()
                + " hold none. Install one (e.g. a Temurin JDK 21 or 25) and point"
                + " -Dkeycloak.java.home=<jdk> or the environment variable KEYCLOAK_JAVA_HOME at it."));
  }

  private static Jdk explicit(Path home, String source) {
    Jdk jdk = probe(home, source).orElseThrow(() -> new IllegalStateException(
        source + " = " + home + " is not a JDK (no bin/java and no readable 'release' file)"));
    if (jdk.feature() < MIN_FEATURE) {
      throw new IllegalStateException(source + " = " + home + " is Java " + jdk.feature()
          + "; Keycloak needs " + MIN_FEATURE + " or later");
    }
    return jdk;
  }

  private static List<Path> conventionalRoots() {
    List<Path> roots = new ArrayList<>();
    roots.add(Path.of("/usr/lib/jvm"));
    roots.add(Path.of("/usr/java"));
    roots.add(Path.of("/opt/java"));
    roots.add(Path.of("/Library/Java/JavaVirtualMachines"));
    String userHome = System.getProperty("user.home");
    if (userHome != null) {
      roots.add(Path.of(userHome, ".sdkman", "candidates", "java"));
      roots.add(Path.of(userHome, ".jdks"));
    }
    return roots;
  }

  /** Reads {@code JAVA_VERSION} from the JDK's {@code release} file. */
  static Optional<Jdk> probe(Path home, String source) {
    Path release = home.resolve("release");
    Path bin = home.resolve("bin");
    if (!Files.isRegularFile(release) || !Files.isDirectory(bin)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (var in = Files.newInputStream(release)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    String version = p.getProperty("JAVA_VERSION", "").replace("\"", "").trim();
    int feature = feature(version);
    if (feature < 0) {
      return Optional.empty();
    }
    Jdk jdk = new Jdk(home.toAbsolutePath().normalize(), feature, source);
    return Files.isExecutable(jdk.java()) ? Optional.of(jdk) : Optional.empty();
  }

  /** {@code "25.0.1"} → 25, {@code "1.8.0_402"} → 8, {@code "21"} → 21; -1 when unreadable. */
  static int feature(String version) {
    String v = version.startsWith("1.") ? version.substring(2) : version;
    int end = 0;
    while (end < v.length() && Character.isDigit(v.charAt(end))) {
      end++;
    }
    if (end == 0) {
      return -1;
    }
    try {
      return Integer.parseInt(v.substring(0, end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
