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

import dev.kserveauth.testing.MutableClock;
import dev.kserveauth.testing.TestKeys;
import dev.kserveauth.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** {@link TokenValidator#validate(String)}: every claim failure as data, the first equal to what verify throws. */
class CollectedValidationTest {

  private final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");

  private TokenValidator validator(UnaryOperator<IssuerSettingsBuilder> settings) {
    return TokenValidator.builder()
        .issuer(settings.apply(IssuerSettings.builder(TestTokens.ISSUER).jwks(TestKeys.jwkSet())).build())
        .clock(clock).build();
  }

  private TestTokens.Builder token() {
    return TestTokens.es256().clock(clock);
  }

  private static List<String> messages(ValidationResult r) {
    return r.errors().stream().map(Throwable::getMessage).toList();
  }

  @Test
  void reportsEveryClaimFailureInCheckOrderAndVerifyThrowsTheFirst() {
    TokenValidator v = validator(b -> b.audiences("kserve").allowedTypes("at+jwt"));
    long now = clock.instant().getEpochSecond();
    String token = token().expiresIn(Duration.ofMinutes(-5)).claim("nbf", now + 600).audience("someone-else").build();
    ValidationResult r = v.validate(token);
    assertThat(r.valid()).isFalse();
    assertThat(r.principal()).isNull();
    assertThat(r.errors()).extracting(e -> (Object) e.getClass()).containsExactly(InvalidClaimException.class,
        ExpiredTokenException.class, PrematureTokenException.class, InvalidClaimException.class);
    assertThat(messages(r).get(0)).contains("'typ'");
    assertThat(messages(r).get(3)).isEqualTo("audience is not accepted");
    assertThat(r.errors()).allSatisfy(e -> assertThat(e.bearerError().code()).isEqualTo("invalid_token"));
    assertThatThrownBy(() -> v.verify(token)).isInstanceOf(InvalidClaimException.class).hasMessage(messages(r).get(0));
    assertThatThrownBy(r::principalOrThrow).isSameAs(r.errors().get(0));
  }

  @Test
  void aClaimThatCannotBeReadIsReportedOnceAndChecksThatNeedItAreSkipped() {
    TokenValidator v = validator(b -> b.audiences("kserve").maxTokenLifetime(Duration.ofHours(1)));
    String token = token().claim("exp", "tomorrow").claim("iat", null).claim("aud", null).build();
    ValidationResult r = v.validate(token);
    assertThat(messages(r)).containsExactly("claim 'exp' must be a number of seconds (NumericDate)",
        new MissingClaimException("iat", "token has no 'iat' claim (required by the maximum token lifetime)").getMessage(),
        new MissingClaimException("aud").getMessage());
  }

  @Test
  void cognitoReportsTokenUseAndClientIdTogether() {
    TokenValidator v = validator(b -> b.cognitoClientIds("app-1"));
    String token = token().claim("aud", null).claim("token_use", "id").claim("client_id", "app-2").build();
    assertThat(messages(v.validate(token))).containsExactly(
        "claim 'token_use' is not 'access' (an ID token is not an access token)", "client_id is not accepted");
  }

  @Test
  void failuresBeforeTheClaimsAreReportedAloneAndBadSignaturesHideTheClaims() {
    TokenValidator v = validator(b -> b.audiences("kserve"));
    String expiredElsewhere = token().expiresIn(Duration.ofMinutes(-5)).audience("someone-else").build();
    String badSignature = expiredElsewhere.substring(0, expiredElsewhere.lastIndexOf('.') + 1)
        + TestTokens.es256().clock(clock).build().substring(expiredElsewhere.lastIndexOf('.') + 1);
    ValidationResult r = v.validate(badSignature);
    assertThat(r.errors()).hasSize(1).first().isInstanceOf(InvalidSignatureException.class);
    assertThat(v.validate("not.a.token").errors()).hasSize(1).first().isInstanceOf(MalformedTokenException.class);
    assertThat(v.validate(token().issuer("https://unknown.example").build()).errors()).hasSize(1)
        .first().isInstanceOf(InvalidClaimException.class);
  }

  @Test
  void anAcceptedTokenGivesThePrincipalAndFillsTheCacheVerifyUses() {
    TokenValidator v = validator(b -> b.audiences("kserve"));
    String token = token().build();
    ValidationResult r = v.validate(token);
    assertThat(r.valid()).isTrue();
    assertThat(r.errors()).isEmpty();
    assertThat(r.principalOrThrow().subject()).isEqualTo(TestTokens.SUBJECT);
    assertThat(v.verify(token)).isSameAs(r.principal());
    assertThat(v.validate(token).principal()).isSameAs(r.principal());
  }

  @Test
  void theDefaultMethodReportsWhatVerifyThrows() {
    TokenException boom = new InvalidSignatureException("signature verification failed");
    TokenValidator custom = new TokenValidator() {
      @Override
      public Principal verify(String compactJws) {
        if (compactJws.equals("good")) {
          return Principal.fromClaims(java.util.Map.of("iss", "i", "sub", "s"));
        }
        throw boom;
      }

      @Override
      public CompletionStage<Principal> verifyAsync(String compactJws) {
        return CompletableFuture.completedFuture(verify(compactJws));
      }
    };
    assertThat(custom.validate("bad").errors()).containsExactly(boom);
    assertThat(custom.validate("good").principal().subject()).isEqualTo("s");
  }

  @Test
  void aResultHasEitherAPrincipalOrErrors() {
    Principal p = Principal.fromClaims(java.util.Map.of("iss", "i", "sub", "s"));
    assertThatThrownBy(() -> new ValidationResult(p, List.of(new TokenException("x"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ValidationResult.failure(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ValidationResult.success(null)).isInstanceOf(NullPointerException.class);
  }
}
