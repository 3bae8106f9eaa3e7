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
package dev.kserveauth.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Public test data shared beside the repository (system property {@code kserveauth.shared.dir}, set
 * by surefire). When a file is missing the calling test is skipped with a clear message, unless the
 * environment has {@code CI=true}: then it fails, so CI never passes by skipping.
 */
public final class SharedTestData {

  private SharedTestData() {}

  /** {@code <shared>/testdata/<relative>}, or skip/fail as described above. */
  public static Path file(String relative) {
    return shared("testdata/" + relative);
  }

  /** {@code <shared>/examples/<relative>} (the user's own policies), or skip/fail as described above. */
  public static Path example(String relative) {
    return shared("examples/" + relative);
  }

  /** {@code <shared>/<relative>}, or skip/fail as described above. */
  public static Path shared(String relative) {
    String dir = System.getProperty("kserveauth.shared.dir");
    Path p = dir == null ? null : Path.of(dir).resolve(relative);
    if (p == null || !Files.isRegularFile(p)) {
      String msg = needs(relative, dir);
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(msg + " (CI=true requires it)");
      }
      Assumptions.abort(msg);
    }
    return p;
  }

  /**
   * The one-line reason a test is skipped without the shared data: which file or folder it needs and
   * where it is looked for.
   */
  public static String needs(String relative, String sharedDir) {
    return "needs ../shared/" + relative + " (public test data beside the repository; set -Dkserveauth.shared.dir,"
        + " now " + sharedDir + "; CI has it)";
  }

  /** The shared folder {@code <shared>/<relative>}, or skip/fail as described above. */
  public static Path folder(String relative) {
    String dir = System.getProperty("kserveauth.shared.dir");
    Path p = dir == null ? null : Path.of(dir).resolve(relative);
    if (p == null || !Files.isDirectory(p)) {
      String msg = needs(relative + "/", dir);
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(msg + " (CI=true requires it)");
      }
      Assumptions.abort(msg);
    }
    return p;
  }

  /** A Wycheproof vector file, e.g. {@code json_web_signature_test.json}. */
  public static Path wycheproof(String fileName) {
    return file("wycheproof/" + fileName);
  }
}
