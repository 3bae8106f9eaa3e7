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
package dev.kserveauth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/v1/models/iris:predict | /v1/models/iris:predict",
      "/ | /",
      "/v1/models/ | /v1/models/",
      "/v1/models/x/../iris:predict | /v1/models/iris:predict",
      "/v1/./models/iris:predict | /v1/models/iris:predict",
      "/v1/models/iris%3Apredict | /v1/models/iris:predict",
      "/v1/models/%69ris:predict | /v1/models/iris:predict",
      "/v1/models/a%20b | /v1/models/a b",
      "/v1/models/caf%C3%A9 | /v1/models/caf\u00e9",
      "/v1/models/iris/.. | /v1/models/",
      "/v1/models/iris/. | /v1/models/iris/",
      "/.well-known/x | /.well-known/x",
      "/v2/models/m/versions/1/infer | /v2/models/m/versions/1/infer",
      "/a..b/..c | /a..b/..c",
  })
  void normalizes(String raw, String expected) {
    assertThat(RequestPaths.normalize(raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "v1/models", "*", "/..", "/../v1/models/prod:predict", "/v1/../../x",
      "/v1/models/x%2F..%2Fprod:predict", "/v1/models/x%2f..%2fprod:predict", "/v1/models%5cprod",
      "/v1/models/%2e%2e/prod:predict", "/v1/models/.%2E/prod:predict", "/v1/models/%2E/prod:predict",
      "/v1//models/prod:predict", "//v1/models/prod:predict", "/v1/models/prod;x=1:predict",
      "/v1/models/..;/prod:predict", "/v1/models/prod%3bx:predict%00", "/v1/models/%00",
      "/v1/models/%252e%252e/prod", "/v1/models/%zz", "/v1/models/%", "/v1/models/%4",
      "/v1/models/prod\\..\\x", "/v1/models/a b", "/v1/models/caf\u00e9", "/v1/models/%C3%28",
      "/v1/models/%0d%0aX:1", "/v1/models/x#frag", "/v1/models/x?q",
      // decoded, these would cut the path or start a path parameter (issue 14 item 1)
      "/v2/models/secret/versions/1%3F/infer", "/v2/models/secret/versions/1%3f/infer",
      "/v2/models/secret/versions/1%23/infer", "/v2/models/secret%3Bv=1/infer", "/v2/models/secret%3b/infer",
  })
  void rejectsAmbiguous(String raw) {
    assertThatThrownBy(() -> RequestPaths.normalize(raw)).isInstanceOf(AmbiguousPathException.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/v1/models/iris:predict | /v1/models/iris:predict | true",
      "/v1/models/iris:predict | /v1/models/iris%3Apredict | true",
      "/v1/models/a b | /v1/models/a%20b | true",
      "/v1/models/iris:predict | /v1/models/prod:predict | false",
      "/v1/models/iris:predict | /v1/models/iris%zz | false",
  })
  void comparesServerView(String normalized, String server, boolean same) {
    assertThat(RequestPaths.sameAs(normalized, server)).isEqualTo(same);
  }

  @org.junit.jupiter.api.Test
  void tooLongIsRejected() {
    assertThatThrownBy(() -> RequestPaths.normalize("/" + "a".repeat(RequestPaths.MAX_LENGTH)))
        .isInstanceOf(AmbiguousPathException.class).hasMessageContaining("too long");
  }
}
