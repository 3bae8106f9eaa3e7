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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs in the default build: how the Keycloak harness recognises a JDK and its version. */
class JdkLocatorTest {

  @Test
  void featureReleaseFromReleaseFileVersions() {
    assertThat(JdkLocator.feature("25.0.1")).isEqualTo(25);
    assertThat(JdkLocator.feature("21")).isEqualTo(21);
    assertThat(JdkLocator.feature("17.0.15")).isEqualTo(17);
    assertThat(JdkLocator.feature("1.8.0_402")).isEqualTo(8);
    assertThat(JdkLocator.feature("")).isEqualTo(-1);
    assertThat(JdkLocator.feature("abc")).isEqualTo(-1);
  }

  @Test
  void probeReadsReleaseFileAndNeedsAnExecutableJava(@TempDir Path dir) throws Exception {
    Path home = fakeJdk(dir.resolve("jdk-25"), "25.0.1", true);
    assertThat(JdkLocator.probe(home, "test")).hasValueSatisfying(j -> {
      assertThat(j.feature()).isEqualTo(25);
      assertThat(j.home()).isEqualTo(home.toAbsolutePath().normalize());
    });
    Path noExec = fakeJdk(dir.resolve("jdk-broken"), "25.0.1", false);
    assertThat(JdkLocator.probe(noExec, "test")).isEmpty();
    assertThat(JdkLocator.probe(dir.resolve("missing"), "test")).isEmpty();
  }

  @Test
  void theRunningJdkIsRecognised() {
    assertThat(JdkLocator.probe(Path.of(System.getProperty("java.home")), "running"))
        .hasValueSatisfying(j -> assertThat(j.feature()).isEqualTo(Runtime.version().feature()));
  }

  @Test
  void anExplicitTooOldJdkIsAnErrorNotSkipped(@TempDir Path dir) throws Exception {
    Path old = fakeJdk(dir.resolve("jdk-17"), "17.0.2", true);
    String before = System.getProperty("keycloak.java.home");
    System.setProperty("keycloak.java.home", old.toString());
    try {
      assertThatThrownBy(JdkLocator::locate)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("keycloak.java.home")
          .hasMessageContaining("Java 17")
          .hasMessageContaining("21 or later");
      System.setProperty("keycloak.java.home", dir.resolve("nothing-here").toString());
      assertThatThrownBy(JdkLocator::locate).hasMessageContaining("is not a JDK");
    } finally {
      if (before == null) {
        System.clearProperty("keycloak.java.home");
      } else {
        System.setProperty("keycloak.java.home", before);
      }
    }
  }

  private static Path fakeJdk(Path home, String version, boolean executable) throws Exception {
    Files.createDirectories(home.resolve("bin"));
    Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
    Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
    java.toFile().setExecutable(executable);
    return home;
  }
}
