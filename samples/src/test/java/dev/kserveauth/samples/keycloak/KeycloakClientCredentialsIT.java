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
package dev.kserveauth.samples.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kserveauth.client.AccessToken;
import dev.kserveauth.client.OAuth2ClientCredentialsProvider;
import dev.kserveauth.client.OAuth2ClientCredentialsProvider.ClientAuthentication;
import dev.kserveauth.client.TokenProvider;
import dev.kserveauth.client.TokenProviderException;
import dev.kserveauth.authn.Principal;
import dev.kserveauth.authn.TokenValidator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * kserve-auth-client's OAuth2 client-credentials provider against Keycloak's token endpoint (found
 * by OIDC discovery): tokens it gets are accepted by kserve-auth-core, cached while fresh, refreshed
 * when they run out or are rejected, and a wrong secret is a clear error that never shows it.
 */
@KeycloakTest
class KeycloakClientCredentialsIT {

  @Test
  void getsACachedTokenTheValidatorAccepts(KeycloakClient keycloak) {
    TokenProvider tokens = OAuth2ClientCredentialsProvider.builder()
        .issuer(keycloak.server().issuer())
        .clientId(KeycloakRealm.CALLER_CLIENT)
        .clientSecret(KeycloakRealm.CALLER_SECRET)
        .build();
    AccessToken first = tokens.token();
    assertThat(first.expiresAt()).isAfter(Instant.now().plusSeconds(200)); // Keycloak's 300 s lifespan
    assertThat(tokens.token().value()).isEqualTo(first.value()); // fresh: from the cache
    Principal p = LibraryWiring.validator(keycloak.server()).verify(first.value());
    assertThat(p.presenter()).contains(KeycloakRealm.CALLER_CLIENT);
    assertThat(p.hasRole(KeycloakRealm.MODEL_DEVELOPER)).isTrue();
    assertThat(tokens.toString()).doesNotContain(KeycloakRealm.CALLER_SECRET);
  }

  @Test
  void refreshAfterARejectionGetsANewToken(KeycloakClient keycloak) {
    TokenProvider tokens = OAuth2ClientCredentialsProvider.builder()
        .tokenEndpoint(keycloak.server().tokenEndpoint())
        .clientId(KeycloakRealm.CALLER_CLIENT)
        .clientSecret(KeycloakRealm.CALLER_SECRET)
        .clientAuthentication(ClientAuthentication.CLIENT_SECRET_POST)
        .build();
    String first = tokens.token().value();
    String second = tokens.refresh(first).value();
    assertThat(second).isNotEqualTo(first);
    assertThat(tokens.token().value()).isEqualTo(second);
    TokenValidator validator = LibraryWiring.validator(keycloak.server());
    assertThat(validator.verify(second).presenter()).contains(KeycloakRealm.CALLER_CLIENT);
  }

  @Test
  void shortLivedTokensAreRefreshedBeforeTheyRunOut(KeycloakClient keycloak) {
    MutableClock clock = new MutableClock();
    TokenProvider tokens = OAuth2ClientCredentialsProvider.builder()
        .issuer(keycloak.server().issuer())
        .clientId(KeycloakRealm.SHORT_CLIENT)
        .clientSecret(KeycloakRealm.SHORT_SECRET)
        .refreshBefore(Duration.ofSeconds(3))
        .clock(clock)
        .build();
    AccessToken first = tokens.token();
    // Keycloak's 10 s: expiresAt is measured from when the request was sent
    assertThat(Duration.between(clock.instant(), first.expiresAt()))
        .isBetween(Duration.ofSeconds(KeycloakRealm.SHORT_LIFESPAN_SECONDS - 1),
            Duration.ofSeconds(KeycloakRealm.SHORT_LIFESPAN_SECONDS));
    clock.advance(Duration.ofSeconds(5));
    assertThat(tokens.token().value()).as("still fresh 5 s in").isEqualTo(first.value());
    clock.advance(Duration.ofSeconds(3)); // 8 s in: inside the 3 s skew before expiry
    AccessToken second = tokens.token();
    assertThat(second.value()).isNotEqualTo(first.value());
    assertThat(second.expiresAt()).isAfter(first.expiresAt());
    Principal p = LibraryWiring.validator(keycloak.server()).verify(second.value());
    assertThat(p.hasRole(KeycloakRealm.DATA_SCIENTIST)).isTrue();
    assertThat(p.claimPath("team")).contains("fraud");
  }

  @Test
  void tokensShorterThanTheDefaultSkewAreNeverHandedOutExpired(KeycloakClient keycloak) {
    // Keycloak issues 10 s tokens; the provider's default skew is 60 s, so each call must fetch anew
    TokenProvider tokens = OAuth2ClientCredentialsProvider.builder()
        .issuer(keycloak.server().issuer())
        .clientId(KeycloakRealm.SHORT_CLIENT)
        .clientSecret(KeycloakRealm.SHORT_SECRET)
        .build();
    TokenValidator validator = LibraryWiring.validator(keycloak.server(), Clock.systemUTC(),
        b -> b.audiences(KeycloakRealm.AUDIENCE).clockSkew(Duration.ZERO));
    for (int i = 0; i < 3; i++) {
      AccessToken t = tokens.token();
      assertThat(t.isExpiredAt(Instant.now())).isFalse();
      assertThat(validator.verify(t.value()).subject()).isNotEmpty();
    }
  }

  @Test
  void aWrongSecretIsAClearErrorWithoutTheSecret(KeycloakClient keycloak) {
    String wrong = "not-the-secret-" + System.nanoTime();
    TokenProvider tokens = OAuth2ClientCredentialsProvider.builder()
        .issuer(keycloak.server().issuer())
        .clientId(KeycloakRealm.CALLER_CLIENT)
        .clientSecret(wrong)
        .build();
    assertThatThrownBy(tokens::token)
        .isInstanceOf(TokenProviderException.class)
        .hasMessageContaining(KeycloakRealm.CALLER_CLIENT)
        .hasMessageContaining("401")
        .hasMessageContaining("unauthorized_client")
        .hasMessageNotContaining(wrong);
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

    void advance(Duration d) {
      now.updateAndGet(i -> i.plus(d));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
