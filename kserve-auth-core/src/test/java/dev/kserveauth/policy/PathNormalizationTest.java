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
package dev.kserveauth.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vectors from Istio's path normalization page (https://istio.io/latest/docs/ops/best-practices/security/#understand-path-normalization-in-authorization-policy) and its normalization_test.go. */
class PathNormalizationTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      BASE                     | /app/../admin              | /admin
      BASE                     | /app/%2E./admin            | /admin
      BASE                     | /xyz%30..//abc             | /xyz0..//abc
      BASE                     | /app//../admin             | /app/admin
      BASE                     | /app/%2f                   | /app/%2f
      BASE                     | /a/./b/.                   | /a/b/
      BASE                     | /../../x                   | /x
      BASE                     | /a\\b                      | /a/b
      BASE                     | /%7Euser/%41%2d            | /~user/A-
      BASE                     | /a?x=/../b                 | /a
      BASE                     | /a#frag                    | /a
      BASE                     | /v1/models/iris:predict    | /v1/models/iris:predict
      MERGE_SLASHES            | /app//                     | /app/
      MERGE_SLASHES            | //a///b                    | /a/b
      DECODE_AND_MERGE_SLASHES | /%2Fapp%5cadmin%5Cabc      | /app/admin/abc
      NONE                     | /app/../admin?q            | /app/../admin
      """)
  void vectors(PathNormalization mode, String in, String out) {
    assertThat(mode.normalize(in)).isEqualTo(out);
    assertThat(mode.normalize(out)).as("idempotent").isEqualTo(out);
  }

  @ParameterizedTest
  @CsvSource({"/a%00b", "/%00"})
  void nulIsRejected(String p) {
    assertThatThrownBy(() -> PathNormalization.BASE.normalize(p)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("%00");
  }
}
