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
package dev.kserveauth.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.testing.ApiBoundaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiBoundariesTest {

  @Test
  void coreHasNoPackageCycleNoInternalLeakAndNoInternalTypeInItsApi() throws Exception {
    assertThat(ApiBoundaries.violations(Path.of("target/classes"))).isEmpty();
  }

  /** The checker itself finds what it must: these are the shapes the rules forbid. */
  @Test
  void theCheckerReportsACycleAnInternalLeakAndAnExposedInternalType(@TempDir Path dir) throws Exception {
    copyFixtures(dir, "dev/kserveauth/build/boundaryfixtures", "dev/kserveauth/internal/boundaryfixtures");
    List<String> found = ApiBoundaries.violations(dir);
    assertThat(found).anyMatch(v -> v.startsWith("package cycle:") && v.contains("boundaryfixtures.a")
        && v.contains("boundaryfixtures.b"));
    assertThat(found).anyMatch(v -> v.startsWith("internal package depends on public API:")
        && v.contains("dev.kserveauth.internal.boundaryfixtures.Leaky"));
    assertThat(found).anyMatch(v -> v.contains("public API exposes internal type dev.kserveauth.internal.boundaryfixtures.Leaky")
        && v.contains("dev.kserveauth.build.boundaryfixtures.a.A.leak(..)"));
    assertThat(found).anyMatch(v -> v.contains("public API exposes inaccessible type")
        && v.contains("dev.kserveauth.build.boundaryfixtures.b.B.hidden(..)"));
    assertThat(found).noneMatch(v -> v.startsWith("uses another module's internal package:"));
  }

  @Test
  void aReferenceToAnotherModulesInternalPackageIsReported(@TempDir Path dir) throws Exception {
    copyFixtures(dir, "dev/kserveauth/build/boundaryfixtures");
    assertThat(ApiBoundaries.violations(dir))
        .anyMatch(v -> v.startsWith("uses another module's internal package:") && v.contains("internal.boundaryfixtures"));
  }

  private static void copyFixtures(Path to, String... packages) throws Exception {
    Path from = Path.of("target/test-classes");
    for (String pkg : packages) {
      try (Stream<Path> files = Files.walk(from.resolve(pkg))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Path target = to.resolve(from.relativize(f).toString());
          Files.createDirectories(target.getParent());
          Files.copy(f, target);
        }
      }
    }
  }
}
