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

import dev.kserveauth.AuthResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.policy.AccessRequest;
import dev.kserveauth.policy.Decision;
import dev.kserveauth.policy.Effect;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.policy.PolicySet;
import dev.kserveauth.route.KServeRoutes;
import dev.kserveauth.authn.Principal;
import dev.kserveauth.authn.TokenValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RBAC from Keycloak's {@code realm_access.roles} and ABAC on the {@code team} attribute, decided by
 * the policy engine on principals verified from real Keycloak tokens, with the same intent written
 * twice: Istio {@code AuthorizationPolicy} ({@code keycloak/keycloak-policies.yaml}) and the compact
 * {@code kserve-auth/v1} format ({@code keycloak/keycloak-access.yaml}).
 */
@KeycloakTest
class KeycloakPolicyIT {

  private static TokenValidator validator;
  private static Map<String, PolicyEngine> engines;

  @BeforeAll
  static void setUp(KeycloakServer keycloak) throws IOException {
    validator = LibraryWiring.validator(keycloak);
    engines = Map.of(
        "istio", PolicyEngine.builder()
            .policies(PolicySet.parse(policies(keycloak.issuer()), "keycloak-policies.yaml")).build(),
        "compact", PolicyEngine.builder()
            .policies(PolicySet.parse(resource("keycloak/keycloak-access.yaml"), "keycloak-access.yaml")).build());
  }

  static String resource(String name) throws IOException {
    try (InputStream in = KeycloakPolicyIT.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String policies(String issuer) throws IOException {
    return resource("keycloak/keycloak-policies.yaml").replace("${ISSUER}", issuer);
  }

  private static Decision decide(String format, Principal p, String method, String path) {
    return engines.get(format).decide(new AccessRequest(p, method, path, "models.example.com", 8080, Map.of(), "127.0.0.1", null,
        KServeRoutes.parse(method, path), Instant.now()));
  }

  private static Principal user(KeycloakClient keycloak, String name) {
    return validator.verify(keycloak.accessToken(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"istio", "compact"})
  void dataScientistOfTheOwningTeamMayPredictButNotUnload(String format, KeycloakClient keycloak) {
    Principal alice = user(keycloak, "alice");
    assertThat(decide(format, alice, "POST", "/v1/models/fraud-detector:predict").effect()).isEqualTo(Effect.ALLOW);
    assertThat(decide(format, alice, "POST", "/v2/models/fraud-detector/infer").effect()).isEqualTo(Effect.ALLOW);
    Decision unload = decide(format, alice, "DELETE", "/v1/models/fraud-detector");
    assertThat(unload.effect()).isEqualTo(Effect.DENY);
    assertThat(AuthResult.statusOf(unload, true)).isEqualTo(403);
  }

  @ParameterizedTest
  @ValueSource(strings = {"istio", "compact"})
  void sameRoleOtherTeamIsDeniedByTheTeamRule(String format, KeycloakClient keycloak) {
    Principal dave = user(keycloak, "dave");
    assertThat(dave.hasRole(KeycloakRealm.DATA_SCIENTIST)).isTrue();
    Decision d = decide(format, dave, "POST", "/v1/models/fraud-detector:predict");
    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(AuthResult.statusOf(d, true)).isEqualTo(403);
    assertThat(d.policy()).contains("fraud-models-team-only");
    // on a model of no team rule, dave's role is enough
    assertThat(decide(format, dave, "POST", "/v1/models/risk-scorer:predict").effect()).isEqualTo(Effect.ALLOW);
  }

  @ParameterizedTest
  @ValueSource(strings = {"istio", "compact"})
  void modelDeveloperAndAdmin(String format, KeycloakClient keycloak) {
    Principal bob = user(keycloak, "bob");
    assertThat(decide(format, bob, "DELETE", "/v1/models/risk-scorer").effect()).isEqualTo(Effect.ALLOW);
    assertThat(decide(format, bob, "DELETE", "/v1/models/fraud-detector").effect()).isEqualTo(Effect.DENY);
    Principal carol = user(keycloak, "carol");
    assertThat(decide(format, carol, "DELETE", "/v1/models/fraud-detector").effect()).isEqualTo(Effect.ALLOW);
    assertThat(decide(format, carol, "GET", "/metrics").effect()).isEqualTo(Effect.ALLOW);
  }

  @ParameterizedTest
  @ValueSource(strings = {"istio", "compact"})
  void serviceAccountOfThePlatformTeam(String format, KeycloakClient keycloak) {
    Principal caller = validator.verify(
        keycloak.clientCredentials(KeycloakRealm.CALLER_CLIENT, KeycloakRealm.CALLER_SECRET).accessToken());
    assertThat(decide(format, caller, "POST", "/v1/models/fraud-detector:predict").effect()).isEqualTo(Effect.ALLOW);
    assertThat(decide(format, caller, "GET", "/metrics").effect()).isEqualTo(Effect.DENY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"istio", "compact"})
  void anonymousGets401(String format, KeycloakClient keycloak) {
    Decision d = decide(format, null, "POST", "/v1/models/risk-scorer:predict");
    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(AuthResult.statusOf(d, false)).isEqualTo(401);
  }
}
