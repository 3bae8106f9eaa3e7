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
package dev.kserveauth.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kserveauth.http.BearerErrorCode;
import dev.kserveauth.testing.MutableClock;
import dev.kserveauth.testing.TestKeys;
import dev.kserveauth.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenValidatorTest {

  private final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");

  private TokenValidator validator() {
    return TokenValidator.builder()
        .issuer(IssuerSettings.builder(TestTokens.ISSUER).jwks(TestKeys.jwkSet()).audiences(TestTokens.AUDIENCE).build())
        .clock(clock)
        .build();
  }

  @Test
  void acceptsRs256Es256EdDsaTokens() {
    TokenValidator v = validator();
    for (TestTokens.Builder b : List.of(TestTokens.rs256(), TestTokens.es256(), TestTokens.eddsa())) {
      Principal p = v.verify(b.clock(clock).claim("roles", List.of("admin")).build());
      assertThat(p.issuer()).isEqualTo(TestTokens.ISSUER);
      assertThat(p.subject()).isEqualTo(TestTokens.SUBJECT);
      assertThat(p.audiences()).containsExactly(TestTokens.AUDIENCE);
      assertThat(p.roles()).contains("admin");
    }
  }

  @Test
  void acceptsHs256OnlyWithConfiguredSecret() {
    TokenValidator v = TokenValidator.builder()
        .issuer(IssuerSettings.builder(TestTokens.ISSUER).hmacSecret(TestKeys.hmacSecret()).audiences("kserve").build())
        .clock(clock).build();
    assertThat(v.verify(TestTokens.hs256().clock(clock).build()).subject()).isEqualTo(TestTokens.SUBJECT);
    assertThatThrownBy(() -> validator().verify(TestTokens.hs256().clock(clock).build()))
        .isInstanceOf(UnsupportedAlgorithmException.class)
        .hasMessageContaining("HS256 is not allowed for issuer");
  }

  @Test
  void expiredTokenNamesExpNowAndSkew() {
    String token = TestTokens.rs256().clock(clock).expiresIn(Duration.ofSeconds(-61)).build();
    assertThatThrownBy(() -> validator().verify(token))
        .isInstanceOfSatisfying(ExpiredTokenException.class, e -> {
          assertThat(e.getMessage()).isEqualTo(
              "token expired at 2026-06-01T11:58:59Z (now 2026-06-01T12:00:00Z, clock skew 60s)");
          assertThat(e.bearerError()).isEqualTo(BearerErrorCode.INVALID_TOKEN);
        });
    // within the skew it is still accepted
    assertThat(validator().verify(TestTokens.rs256().clock(clock).expiresIn(Duration.ofSeconds(-59)).build())).isNotNull();
  }

  @Test
  void audienceAsArrayAnyOf() {
    assertThat(validator().verify(TestTokens.rs256().clock(clock).audience("other", "kserve").build())).isNotNull();
    assertThatThrownBy(() -> validator().verify(TestTokens.rs256().clock(clock).audience("other", "x").build()))
        .isInstanceOf(InvalidClaimException.class).hasMessage("audience is not accepted");
  }

  @Test
  void verifyAsyncCompletesWithoutBlockingWhenKeysCached() {
    String token = TestTokens.es256().clock(clock).build();
    var stage = validator().verifyAsync(token).toCompletableFuture();
    assertThat(stage).isDone();
    assertThat(stage.join().claims()).containsEntry("sub", TestTokens.SUBJECT);
    var bad = validator().verifyAsync(token + "x").toCompletableFuture();
    assertThat(bad).isCompletedExceptionally();
  }

  @Test
  void builderRejectsRepeatedSettings() {
    var b = TokenValidator.builder().clock(clock);
    assertThatThrownBy(() -> b.clock(clock)).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("clock was already set to");
    assertThatThrownBy(() -> TokenValidator.builder().build()).isInstanceOf(IllegalStateException.class);
    IssuerSettings s = IssuerSettings.builder("a").jwks(TestKeys.jwkSet()).anyAudience().build();
    assertThatThrownBy(() -> TokenValidator.builder().issuer(s).issuer(s)).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("issuer a was already set to");
    assertThatThrownBy(() -> IssuerSettings.builder("a").jwks(TestKeys.jwkSet()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no audience setting");
    assertThatThrownBy(() -> IssuerSettings.builder("a").jwks(TestKeys.jwkSet()).anyAudience().algorithms("HS256").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("HS256 requires an HMAC secret");
    assertThatThrownBy(() -> IssuerSettings.builder("a").algorithms("none"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'none' is never accepted");
    assertThat(IssuerSettings.builder("a").jwks(TestKeys.jwkSet()).anyAudience().build().algorithms())
        .containsExactlyInAnyOrder("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
            "EdDSA");
  }
}
