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

import dev.kserveauth.authn.ExpiredTokenException;
import dev.kserveauth.authn.InvalidClaimException;
import dev.kserveauth.authn.InvalidSignatureException;
import dev.kserveauth.authn.MalformedTokenException;
import dev.kserveauth.authn.Principal;
import dev.kserveauth.authn.RoleMapping;
import dev.kserveauth.authn.TokenException;
import dev.kserveauth.authn.TokenValidator;
import dev.kserveauth.authn.UnsupportedAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Keycloak's real tokens through kserve-auth-core's validator, keys found by OIDC discovery: what
 * is accepted and what the principal holds, and what is rejected (expired, tampered, wrong
 * audience or issuer) with which reason.
 */
@KeycloakTest
class KeycloakTokenValidationIT {

  @Test
  void passwordGrantTokenBecomesAPrincipal(KeycloakClient keycloak) {
    TokenValidator validator = LibraryWiring.validator(keycloak.server());
    String token = keycloak.accessToken("alice");
    Principal p = validator.verify(token);
    assertThat(p.issuer()).isEqualTo(keycloak.server().issuer());
    assertThat(p.subject()).isEqualTo(KeycloakClient.claims(token).get("sub")).isNotEmpty();
    assertThat(p.audiences()).contains(KeycloakRealm.AUDIENCE);
    assertThat(p.hasRole(KeycloakRealm.DATA_SCIENTIST)).isTrue();
    assertThat(p.hasRole(KeycloakRealm.ADMIN)).isFalse();
    assertThat(p.claimPath("team")).contains("fraud");
    assertThat(p.claimPath("realm_access.roles")).hasValueSatisfying(
        roles -> assertThat(roles).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).contains(KeycloakRealm.DATA_SCIENTIST));
    assertThat(p.presenter()).contains(KeycloakRealm.CLI_CLIENT);
    assertThat(p.requestPrincipal()).isEqualTo(keycloak.server().issuer() + "/" + p.subject());
    assertThat(p.expiresAt()).isAfter(Instant.now());
    assertThat(p.toString()).doesNotContain(token);
  }

  @Test
  void clientCredentialsTokenOfTheServiceAccount(KeycloakClient keycloak) throws Exception {
    TokenValidator validator = LibraryWiring.validator(keycloak.server());
    String token = keycloak.clientCredentials(KeycloakRealm.CALLER_CLIENT, KeycloakRealm.CALLER_SECRET).accessToken();
    // the asynchronous path (what the Vert.x handler uses) gives the same principal
    Principal p = validator.verifyAsync(token).toCompletableFuture().get();
    assertThat(p.hasRole(KeycloakRealm.MODEL_DEVELOPER)).isTrue();
    assertThat(p.claimPath("preferred_username")).contains("service-account-" + KeycloakRealm.CALLER_CLIENT);
    assertThat(p.claimPath("team")).contains("platform");
    assertThat(p.presenter()).contains(KeycloakRealm.CALLER_CLIENT);
  }

  @Test
  void rolesReadFromRealmAccessOnly(KeycloakClient keycloak) {
    TokenValidator validator = LibraryWiring.validator(keycloak.server(), Clock.systemUTC(),
        b -> b.audiences(KeycloakRealm.AUDIENCE).roleMapping(RoleMapping.ofDotted(List.of("realm_access.roles"))));
    for (var user : KeycloakRealm.USERS.entrySet()) {
      String token = keycloak.accessToken(user.getKey());
      Principal p = validator.verify(token);
      @SuppressWarnings("unchecked")
      List<String> realmRoles = (List<String>) ((Map<String, Object>) KeycloakClient.claims(token).get("realm_access"))
          .get("roles");
      assertThat(p.roles()).as(user.getKey()).containsExactlyInAnyOrderElementsOf(realmRoles)
          .contains(user.getValue().getKey())
          // client roles (resource_access.account.roles) and scopes are not roles under this mapping
          .doesNotContain("manage-account", "view-profile", "email", "profile");
    }
  }

  @Test
  void anotherAudienceIsRejected(KeycloakClient keycloak) {
    TokenValidator validator = LibraryWiring.validator(keycloak.server(), Clock.systemUTC(),
        b -> b.audiences("some-other-api"));
    assertThatThrownBy(() -> validator.verify(keycloak.accessToken("alice")))
        .isInstanceOf(InvalidClaimException.class)
        .hasMessageContaining("audience");
  }

  @Test
  void issuerIsComparedExactly(KeycloakClient keycloak) {
    // the same server under "localhost" is a different issuer string: a token from 127.0.0.1 is not trusted
    String other = keycloak.server().issuer().replace("127.0.0.1", "localhost");
    TokenValidator validator = LibraryWiring.validator(other, LibraryWiring.discovery(other, Clock.systemUTC()),
        Clock.systemUTC(), b -> b.audiences(KeycloakRealm.AUDIENCE));
    assertThatThrownBy(() -> validator.verify(keycloak.accessToken("alice")))
        .isInstanceOf(InvalidClaimException.class)
        .hasMessageContaining("token issuer is not configured");
  }

  @Test
  void expiredByTheClockBeyondTheSkew(KeycloakClient keycloak) {
    String token = keycloak.accessToken("bob");
    long exp = ((Number) KeycloakClient.claims(token).get("exp")).longValue();
    Instant justInside = Instant.ofEpochSecond(exp).plusSeconds(59);
    Instant justOutside = Instant.ofEpochSecond(exp).plusSeconds(61);
    assertThat(LibraryWiring.validator(keycloak.server(), Clock.fixed(justInside, ZoneOffset.UTC),
        b -> b.audiences(KeycloakRealm.AUDIENCE)).verify(token).subject()).isNotEmpty();
    assertThatThrownBy(() -> LibraryWiring.validator(keycloak.server(), Clock.fixed(justOutside, ZoneOffset.UTC),
        b -> b.audiences(KeycloakRealm.AUDIENCE)).verify(token))
        .isInstanceOf(ExpiredTokenException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void shortLivedTokenExpiresForARunningValidatorDespiteItsCache(KeycloakClient keycloak) throws Exception {
    TokenValidator validator = LibraryWiring.validator(keycloak.server(), Clock.systemUTC(),
        b -> b.audiences(KeycloakRealm.AUDIENCE).clockSkew(Duration.ZERO));
    String token = keycloak.clientCredentials(KeycloakRealm.SHORT_CLIENT, KeycloakRealm.SHORT_SECRET).accessToken();
    long exp = ((Number) KeycloakClient.claims(token).get("exp")).longValue();
    assertThat(validator.verify(token).hasRole(KeycloakRealm.DATA_SCIENTIST)).isTrue();
    long waitMillis = Instant.ofEpochSecond(exp).plusMillis(1500).toEpochMilli() - System.currentTimeMillis();
    assertThat(waitMillis).isLessThanOrEqualTo((KeycloakRealm.SHORT_LIFESPAN_SECONDS + 2) * 1000);
    Thread.sleep(Math.max(0, waitMillis));
    assertThatThrownBy(() -> validator.verify(token)).isInstanceOf(ExpiredTokenException.class);
    ExecutionException async = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> validator.verifyAsync(token).toCompletableFuture().get());
    assertThat(async.getCause()).isInstanceOf(ExpiredTokenException.class);
  }

  @Test
  void tamperedPayloadIsRejected(KeycloakClient keycloak) {
    TokenValidator validator = LibraryWiring.validator(keycloak.server());
    String token = keycloak.accessToken("dave");
    validator.verify(token); // the untouched token is fine (and now cached)
    // dave (team risk, data-scientist) tries to become carol's team and role
    Map<String, Object> claims = new LinkedHashMap<>(KeycloakClient.claims(token));
    claims.put("team", "platform");
    claims.put("roles", List.of(KeycloakRealm.ADMIN));
    String[] parts = token.split("\\.");
    String forged = parts[0] + "." + b64(KeycloakClient.write(claims)) + "." + parts[2];
    assertThatThrownBy(() -> validator.verify(forged)).isInstanceOf(InvalidSignatureException.class);
    // one flipped signature bit
    byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
    sig[sig.length / 2] ^= 0x01;
    String flipped = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    assertThatThrownBy(() -> validator.verify(flipped)).isInstanceOf(InvalidSignatureException.class);
    // the signature of another real token
    String other = keycloak.accessToken("carol").split("\\.")[2];
    assertThatThrownBy(() -> validator.verify(parts[0] + "." + parts[1] + "." + other))
        .isInstanceOf(InvalidSignatureException.class);
  }

  @Test
  void idAndRefreshTokensAreNotAccessTokens(KeycloakClient keycloak) {
    TokenValidator validator = LibraryWiring.validator(keycloak.server());
    KeycloakClient.TokenResponse r = keycloak.passwordGrant(KeycloakRealm.CLI_CLIENT, "alice",
        KeycloakRealm.password("alice"));
    validator.verify(r.accessToken());
    // the ID token is RS256 from the same keys, but meant for the client (aud: kserve-cli)
    String idToken = (String) r.body().get("id_token");
    assertThat(KeycloakClient.claims(idToken).get("typ")).isEqualTo("ID");
    assertThatThrownBy(() -> validator.verify(idToken))
        .isInstanceOf(InvalidClaimException.class)
        .hasMessageContaining("audience");
    // the refresh token is signed with the realm's HMAC key, which no validator without that secret accepts
    String refreshToken = (String) r.body().get("refresh_token");
    assertThat(KeycloakClient.header(refreshToken).get("alg")).asString().startsWith("HS");
    assertThatThrownBy(() -> validator.verify(refreshToken)).isInstanceOf(UnsupportedAlgorithmException.class);
  }

  @Test
  void headerTricksAreRejected(KeycloakClient keycloak) {
    TokenValidator validator = LibraryWiring.validator(keycloak.server());
    String token = keycloak.accessToken("alice");
    String[] parts = token.split("\\.");
    Map<String, Object> header = new LinkedHashMap<>(KeycloakClient.header(token));
    // alg none, no signature
    header.put("alg", "none");
    assertThatThrownBy(() -> validator.verify(b64(KeycloakClient.write(header)) + "." + parts[1] + "."))
        .isInstanceOf(TokenException.class);
    // HS256 "signed" with the public key material an attacker can read from the JWKS
    header.put("alg", "HS256");
    assertThatThrownBy(() -> validator.verify(b64(KeycloakClient.write(header)) + "." + parts[1] + "." + parts[2]))
        .isInstanceOf(UnsupportedAlgorithmException.class);
    // not a JWS at all
    assertThatThrownBy(() -> validator.verify(parts[0] + "." + parts[1]))
        .isInstanceOf(MalformedTokenException.class);
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
