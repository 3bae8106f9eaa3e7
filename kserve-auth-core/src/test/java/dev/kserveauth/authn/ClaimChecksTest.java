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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Edge cases of the claim checks, skew boundaries, RFC 6750 mapping and concurrent use. */
class ClaimChecksTest {

  private final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");

  private TokenValidator validator(UnaryOperator<IssuerSettingsBuilder> settings) {
    return TokenValidator.builder()
        .issuer(settings.apply(IssuerSettings.builder(TestTokens.ISSUER).jwks(TestKeys.jwkSet())).build())
        .clock(clock).cacheMaximumSize(0).build();
  }

  private TestTokens.Builder token() {
    return TestTokens.es256().clock(clock);
  }

  @Test
  void nbfAndIatWithinTheSkewAreAccepted() {
    TokenValidator v = validator(b -> b.audiences("kserve"));
    long now = clock.instant().getEpochSecond();
    assertThat(v.verify(token().claim("nbf", now + 60).build())).isNotNull();
    assertThat(v.verify(token().claim("iat", now + 60).build())).isNotNull();
    assertThatThrownBy(() -> v.verify(token().claim("nbf", now + 61).build())).isInstanceOf(PrematureTokenException.class)
        .hasMessage("token not valid before 2026-06-01T12:01:01Z (now 2026-06-01T12:00:00Z, clock skew 60s)");
  }

  @Test
  void zeroSkewIsExact() {
    TokenValidator v = validator(b -> b.audiences("kserve").clockSkew(Duration.ZERO));
    assertThatThrownBy(() -> v.verify(token().expiresIn(Duration.ZERO).build())).isInstanceOf(ExpiredTokenException.class);
    assertThat(v.verify(token().expiresIn(Duration.ofSeconds(1)).build())).isNotNull();
    assertThatThrownBy(() -> IssuerSettings.builder("x").clockSkew(Duration.ofMinutes(6)).jwks(JwkSet.of()).anyAudience().build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 300 s");
  }

  @Test
  void fractionalNumericDatesAreTruncated() {
    TokenValidator v = validator(b -> b.audiences("kserve"));
    double exp = clock.instant().getEpochSecond() + 300.75;
    Principal p = v.verify(token().claim("exp", exp).build());
    assertThat(p.claims().get("exp")).isEqualTo(exp);
  }

  @Test
  void maxLifetimeNeedsIatAndExp() {
    TokenValidator v = validator(b -> b.audiences("kserve").maxTokenLifetime(Duration.ofMinutes(10)));
    assertThat(v.verify(token().expiresIn(Duration.ofMinutes(10)).build())).isNotNull();
    assertThatThrownBy(() -> v.verify(token().claim("iat", null).build())).isInstanceOfSatisfying(MissingClaimException.class,
        e -> assertThat(e.claim()).isEqualTo("iat"));
  }

  @Test
  void typComparisonIgnoresCaseAndApplicationPrefix() {
    TokenValidator v = validator(b -> b.audiences("kserve").allowedTypes("at+jwt"));
    assertThat(v.verify(token().header("typ", "application/AT+JWT").build())).isNotNull();
    assertThat(v.verify(token().header("typ", "at+jwt").build())).isNotNull();
    assertThatThrownBy(() -> v.verify(token().header("typ", null).build())).isInstanceOf(InvalidClaimException.class)
        .hasMessage("token header has no 'typ'; this issuer requires one of [at+jwt]");
    assertThatThrownBy(() -> v.verify(token().header("typ", "JWT").build())).isInstanceOf(InvalidClaimException.class);
  }

  @Test
  void anyAudienceAcceptsTokensWithoutAud() {
    TokenValidator v = validator(IssuerSettingsBuilder::anyAudience);
    assertThat(v.verify(token().claim("aud", null).build())).isNotNull();
  }

  @Test
  void principalCarriesRolesScopesAndKubernetesIdentity() {
    TokenValidator v = validator(b -> b.audiences("kserve").roleMapping(RoleMapping.defaults().withPrefix("ROLE_")));
    Principal p = v.verify(token().claim("scope", " model:predict\tmodel:explain ")
        .claim("realm_access", java.util.Map.of("roles", List.of("data-scientist")))
        .claim("kubernetes.io", java.util.Map.of("namespace", "ml", "serviceaccount", java.util.Map.of("name", "runner")))
        .build());
    assertThat(p.permissions()).containsExactlyInAnyOrder("model:predict", "model:explain");
    assertThat(p.roles()).contains("ROLE_data-scientist", "ROLE_model:predict");
    assertThat(p.kubernetes().username()).isEqualTo("system:serviceaccount:ml:runner");
  }

  @Test
  @SuppressWarnings("unchecked")
  void verifiedClaimsAreDeeplyImmutable() {
    TokenValidator v = validator(b -> b.audiences("kserve"));
    Principal p = v.verify(token().claim("realm_access", java.util.Map.of("roles", List.of("a"))).claim("n", 5)
        .claim("big", new java.math.BigInteger("123456789012345678901234567890")).claim("f", 1.5).build());
    assertThatThrownBy(() -> p.claims().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> p.claims().entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
    var realm = (java.util.Map<String, Object>) p.claims().get("realm_access");
    assertThatThrownBy(() -> realm.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<Object>) realm.get("roles")).add("admin")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(p.claims().get("n")).isEqualTo(5);
    assertThat(p.claims().get("big")).isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
    assertThat(p.claims().get("f")).isEqualTo(1.5);
    assertThat(p.claim("realm_access", "roles")).contains(List.of("a"));
    assertThat(p.claims()).isEqualTo(new java.util.LinkedHashMap<>(p.claims()));
  }

  @Test
  void rfc6750Codes() {
    assertThat(new InvalidRequestException("two tokens").bearerError()).isEqualTo(BearerErrorCode.INVALID_REQUEST);
    assertThat(new InvalidRequestException("two tokens").bearerError().httpStatus()).isEqualTo(400);
    assertThat(new MalformedTokenException("x").bearerError()).isEqualTo(BearerErrorCode.INVALID_TOKEN);
    assertThat(new KeySourceException("x").bearerError().httpStatus()).isEqualTo(401);
  }

  @Test
  void concurrentVerificationGivesEachTokenItsOwnPrincipal() throws Exception {
    TokenValidator v = TokenValidator.builder()
        .issuer(IssuerSettings.builder(TestTokens.ISSUER).jwks(TestKeys.jwkSet()).audiences("kserve").build())
        .clock(clock).cacheMaximumSize(30).build();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      TestTokens.Builder b = switch (i % 3) {
        case 0 -> TestTokens.rs256();
        case 1 -> TestTokens.eddsa();
        default -> TestTokens.signedWith("PS256", TestKeys.rsa().getPrivate(), TestKeys.RSA_KID);
      };
      tokens.add(b.clock(clock).subject("user-" + i).build());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        results.add(pool.submit(() -> {
          for (int round = 0; round < 3; round++) {
            for (int i = 0; i < tokens.size(); i++) {
              int k = (i + offset * 7) % tokens.size();
              if (!v.verify(tokens.get(k)).subject().equals("user-" + k)) {
                return false;
              }
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
