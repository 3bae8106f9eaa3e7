package dev.kserveauth.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.testing.ApiBoundaries;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** This module's classes keep kserve-auth's package rules (see {@link ApiBoundaries}). */
class ModuleBoundariesTest {

  @Test
  void noPackageCycleNoUseOfCoreInternalsAndNoInternalTypeInThePublicApi() throws Exception {
    assertThat(ApiBoundaries.violations(Path.of("target/classes"))).isEmpty();
  }
}
