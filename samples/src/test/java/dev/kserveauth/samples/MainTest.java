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

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo", "predictor", "client"})
  void eachCommandPrintsItsOwnUsageForHelpAndExitsZero(String command) {
    for (String flag : List.of("--help", "-h")) {
      Run r = run(command, flag);
      assertThat(r.code()).isZero();
      assertThat(r.out()).startsWith("usage: java -jar kserve-auth-samples.jar " + command);
      assertThat(r.out().lines().findFirst().orElseThrow()).contains(command);
      assertThat(r.err()).isEmpty();
    }
    // --help wins over other (even incomplete) options: nothing is started
    Run r = run(command, "--port", "--help");
    assertThat(r.code()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h", "help"})
  void theTopLevelHelpListsEveryCommand(String flag) {
    Run r = run(flag);
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("  demo\n").contains("  predictor --port").contains("  client --url");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h"})
  void helpOnAnUnknownCommandIsStillAUsageError(String flag) {
    Run r = run("nosuch", flag);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown command 'nosuch'");
  }
}
