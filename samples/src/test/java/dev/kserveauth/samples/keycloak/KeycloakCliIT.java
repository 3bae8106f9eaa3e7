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

import com.fasterxml.jackson.core.type.TypeReference;
import dev.kserveauth.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code kserve-auth} command line on real Keycloak tokens: {@code decode} shows what is inside,
 * {@code verify} checks a token the way the adapters do (keys by OIDC discovery from a
 * {@code RequestAuthentication} file) and says why one is rejected.
 */
@KeycloakTest
class KeycloakCliIT {

  /** What one CLI run printed and returned. */
  record Run(int exit, String out, String err) {
    Map<String, Object> json() throws Exception {
      return KeycloakClient.JSON.readValue(out, new TypeReference<Map<String, Object>>() {});
    }
  }

  private static Path config;
  private static Path policies;

  @BeforeAll
  static void writeConfig(KeycloakServer keycloak, @TempDir Path dir) throws Exception {
    config = Files.writeString(dir.resolve("request-authentication.yaml"), """
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        metadata:
          name: keycloak
        spec:
          jwtRules:
          - issuer: %s
            audiences: ["kserve-api"]
            timeout: 10s
        """.formatted(keycloak.issuer()));
    policies = Files.writeString(dir.resolve("keycloak-policies.yaml"), KeycloakPolicyIT.policies(keycloak.issuer()));
  }

  static Run cli(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void decodeShowsKeycloaksClaimsWithoutTheSignature(KeycloakClient keycloak) {
    String token = keycloak.accessToken("alice");
    Run r = cli("", "decode", token);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"team\"", "fraud", "realm_access", "data-scientist", "RS256")
        .doesNotContain(token.split("\\.")[2]);
  }

  @Test
  @SuppressWarnings("unchecked")
  void verifyAcceptsAKeycloakTokenFromStdin(KeycloakClient keycloak) throws Exception {
    String token = keycloak.clientCredentials(KeycloakRealm.CALLER_CLIENT, KeycloakRealm.CALLER_SECRET).accessToken();
    Run r = cli(token, "verify", "--config", config.toString(), "-");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    Map<String, Object> json = r.json();
    assertThat(json.get("valid")).isEqualTo(true);
    assertThat(json.get("issuer")).isEqualTo(keycloak.server().issuer());
    assertThat((List<String>) json.get("roles")).contains(KeycloakRealm.MODEL_DEVELOPER);
    assertThat((List<String>) json.get("audiences")).contains(KeycloakRealm.AUDIENCE);
    assertThat(((Map<String, Object>) json.get("claims")).get("team")).isEqualTo("platform");
  }

  @Test
  void verifyExplainsWhyATokenIsRejected(KeycloakClient keycloak) {
    String token = keycloak.accessToken("bob");
    long exp = ((Number) KeycloakClient.claims(token).get("exp")).longValue();

    Run expired = cli("", "verify", "--config", config.toString(),
        "--now", Instant.ofEpochSecond(exp).plusSeconds(120).toString(), token);
    assertThat(expired.exit()).isEqualTo(1);
    assertThat(expired.out()).contains("invalid:", "expired", "invalid_token").doesNotContain(token);

    String[] p = token.split("\\.");
    byte[] sig = java.util.Base64.getUrlDecoder().decode(p[2]);
    sig[0] ^= 0x01;
    String tampered = p[0] + "." + p[1] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    Run bad = cli("", "verify", "--config", config.toString(), tampered);
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out()).contains("invalid:", "signature");

    // an ID token is RS256 from the same keys but for another audience
    String idToken = (String) keycloak.passwordGrant(KeycloakRealm.CLI_CLIENT, "bob", KeycloakRealm.password("bob"))
        .body().get("id_token");
    Run id = cli("", "verify", "--config", config.toString(), idToken);
    assertThat(id.exit()).isEqualTo(1);
    assertThat(id.out()).contains("audience");
  }

  @Test
  void verifyWithTheJwksUrlInsteadOfDiscovery(KeycloakClient keycloak) {
    Run r = cli("", "verify", "--config", config.toString(), "--jwks", keycloak.server().jwksUrl(),
        keycloak.accessToken("carol"));
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("\"valid\"", "admin");
  }

  @Test
  @SuppressWarnings("unchecked")
  void explainNamesThePolicyThatDecidedOnAVerifiedKeycloakToken(KeycloakClient keycloak) throws Exception {
    Run dave = cli("", "explain", "--policy", policies.toString(), "--config", config.toString(),
        "--method", "POST", "--path", "/v1/models/fraud-detector:predict", "--token", keycloak.accessToken("dave"));
    assertThat(dave.exit()).as(dave.out() + dave.err()).isEqualTo(1);
    Map<String, Object> d = dave.json();
    assertThat(d.get("decision")).isEqualTo("DENY");
    assertThat(d.get("status")).isEqualTo(403);
    assertThat((String) d.get("policy")).contains("fraud-models-team-only");
    assertThat((String) d.get("rule")).contains("fraud-models-team-only#rules[0]");
    assertThat(d.get("principalSource")).isEqualTo("token (verified)");
    assertThat(((Map<String, Object>) d.get("request")).get("verb")).isEqualTo("predict");
    assertThat((List<String>) ((Map<String, Object>) d.get("principal")).get("roles"))
        .contains(KeycloakRealm.DATA_SCIENTIST);
    assertThat((List<?>) d.get("explanation")).isNotEmpty();

    // the same request from the owning team is allowed by the role rule; the token comes from stdin
    Run alice = cli(keycloak.accessToken("alice"), "explain", "--policy", policies.toString(), "--config",
        config.toString(), "--method", "POST", "--path", "/v1/models/fraud-detector:predict", "--token", "-");
    assertThat(alice.exit()).as(alice.out() + alice.err()).isZero();
    Map<String, Object> a = alice.json();
    assertThat(a.get("decision")).isEqualTo("ALLOW");
    assertThat((String) a.get("rule")).contains("keycloak-roles#rules[1]");
  }

  @Test
  void explainTreatsAnInvalidKeycloakTokenAsA401BeforeAnyPolicy(KeycloakClient keycloak) throws Exception {
    String token = keycloak.accessToken("carol");
    long exp = ((Number) KeycloakClient.claims(token).get("exp")).longValue();
    Run r = cli("", "explain", "--policy", policies.toString(), "--config", config.toString(),
        "--method", "DELETE", "--path", "/v1/models/fraud-detector", "--token", token,
        "--time", Instant.ofEpochSecond(exp).plusSeconds(3600).toString());
    assertThat(r.exit()).isEqualTo(1);
    Map<String, Object> d = r.json();
    assertThat(d.get("status")).isEqualTo(401);
    assertThat(d.get("error")).isEqualTo("invalid_token");
    assertThat(d.get("policy")).isNull();
    assertThat(r.out()).contains("expired").doesNotContain(token);
    // the same token now: carol is an admin
    Run now = cli("", "explain", "--policy", policies.toString(), "--config", config.toString(),
        "--method", "DELETE", "--path", "/v1/models/fraud-detector", "--token", token);
    assertThat(now.exit()).as(now.out() + now.err()).isZero();
  }
}
