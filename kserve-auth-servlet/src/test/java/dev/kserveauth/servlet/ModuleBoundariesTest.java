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
package dev.kserveauth.servlet;

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
