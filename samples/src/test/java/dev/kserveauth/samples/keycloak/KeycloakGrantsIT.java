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

import static dev.kserveauth.samples.keycloak.KeycloakClient.claims;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.samples.keycloak.KeycloakClient.TokenResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The realm file produces the tokens the library's tests rely on: the right issuer, audience,
 * realm roles (nested and top-level), and the {@code team} user attribute. Raw HTTP only.
 */
@KeycloakTest
class KeycloakGrantsIT {

  @Test
  void passwordGrantCarriesAudienceRolesAndTeam(KeycloakClient keycloak) {
    for (var user : KeycloakRealm.USERS.entrySet()) {
      TokenResponse r = keycloak.passwordGrant(KeycloakRealm.CLI_CLIENT, user.getKey(),
          KeycloakRealm.password(user.getKey()));
      assertThat(r.status()).as(user.getKey()).isEqualTo(200);
      Map<String, Object> c = claims(r.accessToken());
      assertThat(c.get("iss")).isEqualTo(keycloak.server().issuer());
      assertThat(c.get("azp")).isEqualTo(KeycloakRealm.CLI_CLIENT);
      assertThat(c.get("preferred_username")).isEqualTo(user.getKey());
      assertThat(audiences(c)).contains(KeycloakRealm.AUDIENCE);
      assertThat(realmRoles(c)).as(user.getKey()).contains(user.getValue().getKey());
      assertThat(c.get("roles")).as("top-level roles claim").isEqualTo(realmRoles(c));
      assertThat(c.get("team")).as(user.getKey()).isEqualTo(user.getValue().getValue());
      assertThat(((Number) c.get("exp")).longValue()).isGreaterThan(Instant.now().getEpochSecond());
    }
  }

  @Test
  void rolesAreOnlyTheAssignedOnes(KeycloakClient keycloak) {
    List<String> alice = realmRoles(claims(keycloak.accessToken("alice")));
    assertThat(alice).contains(KeycloakRealm.DATA_SCIENTIST)
        .doesNotContain(KeycloakRealm.ADMIN, KeycloakRealm.MODEL_DEVELOPER);
    List<String> carol = realmRoles(claims(keycloak.accessToken("carol")));
    assertThat(carol).contains(KeycloakRealm.ADMIN).doesNotContain(KeycloakRealm.DATA_SCIENTIST);
  }

  @Test
  void clientCredentialsGrantForTheServiceAccount(KeycloakClient keycloak) {
    TokenResponse r = keycloak.clientCredentials(KeycloakRealm.CALLER_CLIENT, KeycloakRealm.CALLER_SECRET);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).doesNotContainKey("refresh_token");
    Map<String, Object> c = claims(r.accessToken());
    assertThat(c.get("iss")).isEqualTo(keycloak.server().issuer());
    assertThat(c.get("azp")).isEqualTo(KeycloakRealm.CALLER_CLIENT);
    assertThat(c.get("preferred_username")).isEqualTo("service-account-" + KeycloakRealm.CALLER_CLIENT);
    assertThat(audiences(c)).contains(KeycloakRealm.AUDIENCE);
    assertThat(realmRoles(c)).contains(KeycloakRealm.MODEL_DEVELOPER).doesNotContain(KeycloakRealm.ADMIN);
    assertThat(c.get("team")).isEqualTo("platform");
  }

  @Test
  void shortLivedClientIssuesTenSecondTokens(KeycloakClient keycloak) {
    TokenResponse r = keycloak.clientCredentials(KeycloakRealm.SHORT_CLIENT, KeycloakRealm.SHORT_SECRET);
    assertThat(r.expiresIn()).isBetween(KeycloakRealm.SHORT_LIFESPAN_SECONDS - 1, KeycloakRealm.SHORT_LIFESPAN_SECONDS);
    Map<String, Object> c = claims(r.accessToken());
    long lifetime = ((Number) c.get("exp")).longValue() - ((Number) c.get("iat")).longValue();
    assertThat(lifetime).isEqualTo(KeycloakRealm.SHORT_LIFESPAN_SECONDS);
    assertThat(c.get("team")).isEqualTo("fraud");
  }

  @Test
  void wrongCredentialsAreRefused(KeycloakClient keycloak) {
    TokenResponse badPassword = keycloak.passwordGrant(KeycloakRealm.CLI_CLIENT, "alice", "wrong");
    assertThat(badPassword.status()).isEqualTo(401);
    assertThat(badPassword.error()).isEqualTo("invalid_grant");
    TokenResponse badSecret = keycloak.clientCredentials(KeycloakRealm.CALLER_CLIENT, "wrong");
    assertThat(badSecret.status()).isEqualTo(401);
    assertThat(badSecret.error()).isEqualTo("unauthorized_client");
  }

  @SuppressWarnings("unchecked")
  static List<String> realmRoles(Map<String, Object> claims) {
    return (List<String>) ((Map<String, Object>) claims.get("realm_access")).get("roles");
  }

  @SuppressWarnings("unchecked")
  static List<String> audiences(Map<String, Object> claims) {
    Object aud = claims.get("aud");
    return aud instanceof String s ? List.of(s) : (List<String>) aud;
  }
}
