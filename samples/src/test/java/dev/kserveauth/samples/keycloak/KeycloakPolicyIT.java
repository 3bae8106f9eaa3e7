package dev.kserveauth.samples.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.policy.AccessRequest;
import dev.kserveauth.policy.Decision;
import dev.kserveauth.policy.Effect;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.policy.PolicySet;
import dev.kserveauth.route.KServeRoutes;
import dev.kserveauth.token.Principal;
import dev.kserveauth.token.TokenValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RBAC from Keycloak's {@code realm_access.roles} and ABAC on the {@code team} attribute, decided by
 * the policy engine on principals verified from real Keycloak tokens.
 */
@KeycloakTest
class KeycloakPolicyIT {

  private static TokenValidator validator;
  private static PolicyEngine engine;

  @BeforeAll
  static void setUp(KeycloakServer keycloak) throws IOException {
    validator = LibraryWiring.validator(keycloak);
    engine = PolicyEngine.builder().policies(PolicySet.parse(policies(keycloak.issuer()), "keycloak-policies.yaml"))
        .build();
  }

  static String policies(String issuer) throws IOException {
    try (InputStream in = KeycloakPolicyIT.class.getClassLoader().getResourceAsStream("keycloak/keycloak-policies.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${ISSUER}", issuer);
    }
  }

  private static Decision decide(Principal p, String method, String path) {
    return engine.decide(new AccessRequest(p, method, path, "models.example.com", 8080, Map.of(), "127.0.0.1", null,
        KServeRoutes.parse(method, path), Instant.now()));
  }

  private static Principal user(KeycloakClient keycloak, String name) {
    return validator.verify(keycloak.accessToken(name));
  }

  @Test
  void dataScientistOfTheOwningTeamMayPredictButNotUnload(KeycloakClient keycloak) {
    Principal alice = user(keycloak, "alice");
    assertThat(decide(alice, "POST", "/v1/models/fraud-detector:predict").effect()).isEqualTo(Effect.ALLOW);
    assertThat(decide(alice, "POST", "/v2/models/fraud-detector/infer").effect()).isEqualTo(Effect.ALLOW);
    Decision unload = decide(alice, "DELETE", "/v1/models/fraud-detector");
    assertThat(unload.effect()).isEqualTo(Effect.DENY);
    assertThat(unload.status()).isEqualTo(403);
  }

  @Test
  void sameRoleOtherTeamIsDeniedByTheTeamRule(KeycloakClient keycloak) {
    Principal dave = user(keycloak, "dave");
    assertThat(dave.hasRole(KeycloakRealm.DATA_SCIENTIST)).isTrue();
    Decision d = decide(dave, "POST", "/v1/models/fraud-detector:predict");
    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(d.status()).isEqualTo(403);
    assertThat(d.policy()).contains("fraud-models-team-only");
    // on a model of no team rule, dave's role is enough
    assertThat(decide(dave, "POST", "/v1/models/risk-scorer:predict").effect()).isEqualTo(Effect.ALLOW);
  }

  @Test
  void modelDeveloperAndAdmin(KeycloakClient keycloak) {
    Principal bob = user(keycloak, "bob");
    assertThat(decide(bob, "DELETE", "/v1/models/risk-scorer").effect()).isEqualTo(Effect.ALLOW);
    assertThat(decide(bob, "DELETE", "/v1/models/fraud-detector").effect()).isEqualTo(Effect.DENY);
    Principal carol = user(keycloak, "carol");
    assertThat(decide(carol, "DELETE", "/v1/models/fraud-detector").effect()).isEqualTo(Effect.ALLOW);
    assertThat(decide(carol, "GET", "/metrics").effect()).isEqualTo(Effect.ALLOW);
  }

  @Test
  void serviceAccountOfThePlatformTeam(KeycloakClient keycloak) {
    Principal caller = validator.verify(
        keycloak.clientCredentials(KeycloakRealm.CALLER_CLIENT, KeycloakRealm.CALLER_SECRET).accessToken());
    assertThat(decide(caller, "POST", "/v1/models/fraud-detector:predict").effect()).isEqualTo(Effect.ALLOW);
    assertThat(decide(caller, "GET", "/metrics").effect()).isEqualTo(Effect.DENY);
  }

  @Test
  void anonymousGets401(KeycloakClient keycloak) {
    Decision d = decide(null, "POST", "/v1/models/risk-scorer:predict");
    assertThat(d.effect()).isEqualTo(Effect.DENY);
    assertThat(d.status()).isEqualTo(401);
  }
}
