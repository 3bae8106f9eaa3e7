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
import dev.kserveauth.testing.TestKeys;
import dev.kserveauth.testing.TestTokens;
import dev.kserveauth.authn.IssuerSettings;
import dev.kserveauth.authn.TokenException;
import dev.kserveauth.authn.TokenValidator;
import dev.kserveauth.authn.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * Fuzzes the token parser and verifier. The only acceptable failure is a {@link TokenException}
 * (a precise 401/400 reason); anything else escaping {@code verify} is a bug, and so is
 * {@code validate} disagreeing with {@code verify} about the first reason.
 *
 * <p>Without {@code JAZZER_FUZZ=1} this runs as a regression test on the inputs in
 * {@code TokenFuzzerInputs}; {@code mvn -Pfuzz} fuzzes it for a bounded time (docs/security.md).
 */
class TokenFuzzer {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final TokenValidator VALIDATOR = TokenValidator.builder()
      .issuer(IssuerSettings.builder(TestTokens.ISSUER)
          .jwks(TestKeys.jwkSet())
          .audiences(TestTokens.AUDIENCE)
          .build())
      .clock(Clock.fixed(NOW, ZoneOffset.UTC))
      .build();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  @FuzzTest(maxDuration = "30s")
  void verifyNeverEscapesWithAnUnexpectedException(FuzzedDataProvider data) {
    String token;
    if (data.consumeBoolean()) {
      // raw compact string: exercises size caps, dot counting and base64url decoding
      token = data.consumeRemainingAsString();
    } else {
      // well-formed base64url segments around fuzzed JSON: reaches the header and claims checks
      String header = data.consumeString(512);
      String payload = data.consumeString(2048);
      byte[] sig = data.consumeRemainingAsBytes();
      token = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
          + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
          + B64.encodeToString(sig);
    }
    TokenException thrown = null;
    try {
      VALIDATOR.verify(token);
    } catch (TokenException expected) {
      if (expected.getMessage() == null || expected.getMessage().isBlank()) {
        throw new AssertionError("a rejection must say why", expected);
      }
      thrown = expected;
    }
    // collected validation never throws, and its first error is what verify threw
    ValidationResult r = VALIDATOR.validate(token);
    if (thrown == null ? !r.valid()
        : r.valid() || r.errors().get(0).getClass() != thrown.getClass()
            || !r.errors().get(0).getMessage().equals(thrown.getMessage())) {
      throw new AssertionError("validate disagrees with verify: " + r.errors() + " vs " + thrown);
    }
  }
}
