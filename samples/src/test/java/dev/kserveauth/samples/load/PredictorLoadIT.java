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
package dev.kserveauth.samples.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Load with faults against the sample predictor on both stacks (Maven profile {@code load}, never
 * part of the default test run). Each stack gets {@code -Dload.seconds} (default 120) of closed-loop
 * load from {@code -Dload.concurrency} workers (default 8) while the JWKS endpoint goes away, comes
 * back rotated, answers slowly and answers garbage, and the policy file is broken and restored (see
 * {@link LoadRun}). Everything is on loopback; each fault that does not show within
 * {@code -Dload.faultTimeoutSeconds} (default 60) fails the run, so it always ends by itself.
 *
 * <pre>
 * mvn -B -pl samples -am verify -Pload -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false             # 2 min per stack
 * mvn -B -pl samples -am verify -Pload -Dload.seconds=20 -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false  # CI size
 * </pre>
 *
 * <p>The report of each stack is printed and written to {@code samples/target/load/<stack>.txt}.
 */
class PredictorLoadIT {

  static final long HEAP_GROWTH_LIMIT = 32L * 1024 * 1024;

  @ParameterizedTest(name = "{0}")
  @EnumSource(LoadTarget.Stack.class)
  void holdsUnderLoadAndFaults(LoadTarget.Stack stack, @TempDir Path dir) throws Exception {
    LoadRun.Settings settings = new LoadRun.Settings(
        Duration.ofSeconds(Long.getLong("load.seconds", 120)),
        Integer.getInteger("load.concurrency", 8),
        Duration.ofSeconds(Long.getLong("load.faultTimeoutSeconds", 60)));
    LoadRun run = new LoadRun(settings, stack, dir);
    try {
      run.run();
    } finally {
      String report = run.wallTime == null ? "run did not finish" : run.report();
      System.out.println(report);
      Path out = Path.of("target", "load");
      Files.createDirectories(out);
      Files.writeString(out.resolve(stack.name().toLowerCase(Locale.ROOT) + ".txt"), report, StandardCharsets.UTF_8);
    }

    // nothing allowed that must be denied; nothing valid lost outside the rotation windows
    assertThat(run.mustDenyAllowed.sum()).as("allowed but must be denied").isZero();
    assertThat(run.mustAllowRejected.sum()).as("rejected but must be allowed").isZero();
    // no errors of any kind
    assertThat(run.serverErrors.sum()).as("5xx").isZero();
    assertThat(run.unexpectedStatus.sum()).as("unexpected statuses").isZero();
    assertThat(run.wrongDenyStatus.sum()).as("wrong denial status").isZero();
    assertThat(run.ioErrors.sum()).as("I/O errors").isZero();
    // the run did what it claims: every kind of request, both verdicts, both keys
    assertThat(run.kinds.keySet()).containsExactlyInAnyOrder(LoadRun.Kind.values());
    assertThat(run.allowedOk.sum()).isPositive();
    assertThat(run.deniedOk.sum()).isPositive();
    assertThat(run.rotationIn.length()).as("k2 became usable").isNotNull();
    assertThat(run.retirement.length()).as("k1 was retired").isNotNull();
    // heap flat: used heap after GC at the end within a bound of the baseline after the steady phase
    assertThat(run.heapEnd - run.heapBaseline).as("heap growth after GC (bytes)").isLessThan(HEAP_GROWTH_LIMIT);
  }
}
