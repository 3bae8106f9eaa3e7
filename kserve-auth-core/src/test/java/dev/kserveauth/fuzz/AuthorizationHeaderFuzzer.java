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
package dev.kserveauth.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.authn.TokenExtraction;
import dev.kserveauth.testing.TestTokens;
import dev.kserveauth.authn.JwtRule;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes how tokens are found in a request: {@code Authorization} headers (any bytes, repeated),
 * a custom header with a prefix, the {@code access_token} query parameter and a cookie. Extraction
 * reports a token, none, or a malformed request; it never throws.
 */
class AuthorizationHeaderFuzzer {

  private static final TokenExtraction DEFAULT_LOCATIONS = new TokenExtraction(List.of(
      JwtRule.builder(TestTokens.ISSUER).jwks("{\"keys\":[]}").build()));
  private static final TokenExtraction CUSTOM_LOCATIONS = new TokenExtraction(List.of(
      JwtRule.builder(TestTokens.ISSUER).jwks("{\"keys\":[]}")
          .fromHeader("x-jwt-assertion", "Token ").fromParam("jwt").fromCookie("session").build()));

  @FuzzTest(maxDuration = "30s")
  void extractNeverThrows(FuzzedDataProvider data) {
    List<String> auth = data.consumeBoolean()
        ? List.of(data.consumeString(300))
        : List.of(data.consumeString(200), data.consumeString(200));
    String custom = data.consumeString(300);
    String param = data.consumeString(300);
    String cookie = data.consumeRemainingAsString();
    RequestView view = new RequestView("POST", "/v1/models/m:predict", "h",
        Map.of("Authorization", auth, "X-Jwt-Assertion", List.of(custom)),
        Map.of("access_token", List.of(param), "jwt", List.of(param)),
        Map.of("session", cookie), "127.0.0.1", 8080, null);
    for (TokenExtraction extractor : List.of(DEFAULT_LOCATIONS, CUSTOM_LOCATIONS)) {
      String inconsistency = extractor.inconsistency(view);
      if (inconsistency != null) {
        throw new AssertionError("inconsistent extraction result " + inconsistency);
      }
    }
  }
}
