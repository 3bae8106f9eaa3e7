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

import org.junit.jupiter.api.Test;

/** RFC 6750 section 3: the challenge syntax and the characters it forbids. */
class Rfc6750Section3Test {

  @Test
  void noCredentialsGivesRealmOnly() {
    assertThat(BearerChallenge.render("kserve", null, null, null)).isEqualTo("Bearer realm=\"kserve\"");
  }

  @Test
  void invalidTokenCarriesCodeAndDescription() {
    assertThat(BearerChallenge.render("example", BearerErrorCode.INVALID_TOKEN, "The access token expired", null))
        .isEqualTo("Bearer realm=\"example\", error=\"invalid_token\", error_description=\"The access token expired\"");
  }

  @Test
  void insufficientScopeMayNameScope() {
    assertThat(BearerChallenge.render("k", BearerErrorCode.INSUFFICIENT_SCOPE, "no", "model:predict  model:explain"))
        .isEqualTo("Bearer realm=\"k\", error=\"insufficient_scope\", error_description=\"no\", "
            + "scope=\"model:predict model:explain\"");
  }

  @Test
  void forbiddenCharactersAreStripped() {
    String v = BearerChallenge.render("re\"al\\m", BearerErrorCode.INVALID_TOKEN,
        "bad \"quote\" \\ back\u0000slash\u00e9\r\nInjected: yes", null);
    assertThat(v).isEqualTo("Bearer realm=\"realm\", error=\"invalid_token\", "
        + "error_description=\"bad quote  backslash  Injected: yes\"");
    assertThat(v).doesNotContain("\r").doesNotContain("\n");
    for (char c : v.toCharArray()) {
      assertThat(c).isBetween(' ', '~');
    }
  }

  @Test
  void emptyDescriptionFallsBackToFixedText() {
    assertThat(BearerChallenge.render("k", BearerErrorCode.INVALID_TOKEN, "\"\"\u0001", null))
        .isEqualTo("Bearer realm=\"k\", error=\"invalid_token\", error_description=\""
            + BearerChallenge.fallback(BearerErrorCode.INVALID_TOKEN) + "\"");
    assertThat(BearerChallenge.render("k", BearerErrorCode.INVALID_REQUEST, null, null))
        .contains("error=\"invalid_request\"", BearerChallenge.fallback(BearerErrorCode.INVALID_REQUEST));
  }

  @Test
  void blankRealmDefaultsAndLongDescriptionIsCut() {
    String v = BearerChallenge.render(" ", BearerErrorCode.INVALID_TOKEN, "x".repeat(1000), null);
    assertThat(v).startsWith("Bearer realm=\" \"").contains("x".repeat(BearerChallenge.MAX_DESCRIPTION) + "\"")
        .doesNotContain("x".repeat(BearerChallenge.MAX_DESCRIPTION + 1));
    assertThat(BearerChallenge.render("", null, null, null)).isEqualTo("Bearer realm=\"kserve\"");
  }

  @Test
  void errorBodyIsKServeShapeAndEscaped() {
    assertThat(ErrorBody.text("access denied")).isEqualTo("{\"error\":\"access denied\"}");
    assertThat(ErrorBody.text("a\"b\\c\nd\u0001")).isEqualTo("{\"error\":\"a\\\"b\\\\c\\nd\\u0001\"}");
    assertThat(ErrorBody.text(null)).isEqualTo("{\"error\":\"\"}");
  }
}
