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

import dev.kserveauth.http.RequestView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real OIDC provider in-process (mock-oauth2-server): discovery, JWKS and issued tokens, end to end. */
class OidcEndToEndTest {
  private static MockOAuth2Server idp;
  private static String issuer;
  private static String otherIssuer;

  @BeforeAll
  static void start() {
    idp = new MockOAuth2Server();
    idp.start();
    issuer = idp.issuerUrl("kserve").toString();
    otherIssuer = idp.issuerUrl("other").toString();
  }

  @AfterAll
  static void stop() {
    idp.shutdown();
  }

  private static String issue(String issuerId, String subject, List<String> aud, Map<String, Object> claims) {
    return idp.issueToken(issuerId, "demo-client",
        new DefaultOAuth2TokenCallback(issuerId, subject, "JWT", aud, claims, 3600)).serialize();
  }

  private static RequestView bearer(String token) {
    return new RequestView("POST", "/v2/models/iris/infer", "h", Map.of("authorization", List.of("Bearer " + token)),
        Map.of(), Map.of(), "127.0.0.1", 8080, null);
  }

  @Test
  void discoveryJwksAndIssuedTokensValidateThroughTheRequestAuthenticator() throws Exception {
    String yaml = """
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        metadata: {name: mock-idp}
        spec:
          jwtRules:
          - issuer: %s
            audiences: [kserve]
            outputClaimToHeaders: [{header: x-user, claim: sub}]
            timeout: 10s
        """.formatted(issuer);
    RequestAuthenticator auth = RequestAuthenticator.builder().rules(JwtRules.parse(yaml, "ra.yaml")).build();

    String token = issue("kserve", "alice", List.of("kserve"), Map.of("roles", List.of("data-scientist")));
    AuthenticationOutcome o = auth.authenticateAsync(bearer(token)).toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertThat(o).isInstanceOfSatisfying(AuthenticationOutcome.Authenticated.class, ok -> {
      assertThat(ok.principal().issuer()).isEqualTo(issuer);
      assertThat(ok.principal().subject()).isEqualTo("alice");
      assertThat(ok.principal().hasRole("data-scientist")).isTrue();
      assertThat(ok.outputHeaders()).containsEntry("x-user", "alice");
    });

    // wrong audience, and a token of another issuer on the same provider (different keys)
    assertThat(auth.authenticate(bearer(issue("kserve", "bob", List.of("elsewhere"), Map.of()))))
        .isInstanceOfSatisfying(AuthenticationOutcome.Failed.class, f -> assertThat(f.error()).hasMessageContaining("audience"));
    assertThat(auth.authenticate(bearer(issue("other", "eve", List.of("kserve"), Map.of()))))
        .isInstanceOf(AuthenticationOutcome.Failed.class);
    // a tampered payload fails the signature
    String[] parts = token.split("\\.");
    String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("{\"iss\":\"" + issuer + "\",\"sub\":\"root\",\"aud\":\"kserve\",\"exp\":4102444800}").getBytes()) + "." + parts[2];
    assertThat(auth.authenticate(bearer(forged))).isInstanceOf(AuthenticationOutcome.Failed.class);
  }

  @Test
  void twoIssuersOfOneProviderEachWithItsOwnKeys() {
    RequestAuthenticator auth = RequestAuthenticator.builder()
        .rule(JwtRule.builder(issuer).discovery().audiences("kserve").timeout(Duration.ofSeconds(10)).build())
        .rule(JwtRule.builder(otherIssuer).jwksUri(idp.jwksUrl("other").toString()).audiences("kserve")
            .timeout(Duration.ofSeconds(10)).build())
        .prefetchKeys(true)
        .build();
    assertThat(auth.authenticate(bearer(issue("kserve", "alice", List.of("kserve"), Map.of()))))
        .isInstanceOf(AuthenticationOutcome.Authenticated.class);
    assertThat(auth.authenticate(bearer(issue("other", "carol", List.of("kserve"), Map.of()))))
        .isInstanceOfSatisfying(AuthenticationOutcome.Authenticated.class,
            ok -> assertThat(ok.principal().issuer()).isEqualTo(otherIssuer));
  }

  @Test
  void discoveryDocumentNamingAnotherIssuerIsRefused() {
    // issuer "other" pointed at the discovery document of issuer "kserve": the exact issuer check refuses its keys
    RequestAuthenticator auth = RequestAuthenticator.builder()
        .rule(JwtRule.builder(otherIssuer).discovery(idp.wellKnownUrl("kserve").toString()).audiences("kserve")
            .timeout(Duration.ofSeconds(10)).build())
        .build();
    assertThat(auth.authenticate(bearer(issue("other", "eve", List.of("kserve"), Map.of()))))
        .isInstanceOfSatisfying(AuthenticationOutcome.Failed.class, f -> {
          assertThat(f.error()).isInstanceOf(KeySourceException.class).hasMessageContaining("OIDC discovery failed");
          assertThat(f.error().getMessage()).doesNotContain("localhost");
        });
  }
}
