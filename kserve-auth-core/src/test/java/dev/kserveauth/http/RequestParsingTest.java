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

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RequestParsing#routedAuthority}: what an adapter decides on when its server routes on a parsed authority. */
class RequestParsingTest {

  @Test
  void theHostHeaderIsKeptAsSpelledWhenItNamesTheRoutedAuthority() {
    assertThat(RequestParsing.routedAuthority(List.of("Models.Example.com:8080"), "models.example.com", 8080))
        .isEqualTo("Models.Example.com:8080");
    assertThat(RequestParsing.routedAuthority(List.of("models.example.com"), "models.example.com", -1))
        .isEqualTo("models.example.com");
  }

  @Test
  void theRoutedAuthorityWinsOverAHostHeaderThatNamesAnother() {
    // HTTP/2: :authority routes, a Host header naming another host must not decide
    assertThat(RequestParsing.routedAuthority(List.of("public.example.com"), "admin.example.com", 443))
        .isEqualTo("admin.example.com:443");
    assertThat(RequestParsing.routedAuthority(List.of("admin.example.com:80"), "admin.example.com", 443))
        .isEqualTo("admin.example.com:443");
    assertThat(RequestParsing.routedAuthority(List.of("admin.example.com"), "admin.example.com", 443))
        .as("a port the header does not name").isEqualTo("admin.example.com:443");
    assertThat(RequestParsing.routedAuthority(List.of("admin.example.com:"), "admin.example.com", -1))
        .isEqualTo("admin.example.com");
    assertThat(RequestParsing.routedAuthority(List.of("admin.example.com:0443"), "admin.example.com", 443))
        .as("leading zeros spell the same port").isEqualTo("admin.example.com:0443");
    assertThat(RequestParsing.routedAuthority(List.of("admin.example.com:99999999999"), "admin.example.com", 443))
        .isEqualTo("admin.example.com:443");
    assertThat(RequestParsing.routedAuthority(List.of("admin.example.comx"), "admin.example.com", -1))
        .isEqualTo("admin.example.com");
  }

  @Test
  void withoutARoutedAuthorityTheHeaderIsAllThereIs() {
    assertThat(RequestParsing.routedAuthority(List.of("h:1"), null, -1)).isEqualTo("h:1");
    assertThat(RequestParsing.routedAuthority(null, null, -1)).isNull();
    assertThat(RequestParsing.routedAuthority(List.of(), "h", 2)).isEqualTo("h:2");
  }
}
