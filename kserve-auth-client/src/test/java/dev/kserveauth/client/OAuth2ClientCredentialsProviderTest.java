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
package dev.kserveauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client credentials against the real mock-oauth2-server, in process. */
class OAuth2ClientCredentialsProviderTest {
  private MockOAuth2Server oidc;

  @BeforeEach
  void start() {
    oidc = new MockOAuth2Server();
    oidc.start();
  }

  @AfterEach
  void stop() {
    oidc.shutdown();
  }

  @Test
  void clientSecretBasicAgainstTheTokenEndpoint() throws Exception {
    OAuth2ClientCredentialsProvider tokens = OAuth2ClientCredentialsProvider.builder()
        .tokenEndpoint(oidc.tokenEndpointUrl("ml").toString())
        .clientId("batch-scorer").clientSecret("s3cr3t:&=").scopes("inference", "models.read").build();
    AccessToken t = tokens.token();
    assertThat(t.value()).startsWith("eyJ");
    assertThat(t.expiresAt()).isAfter(Instant.now());
    assertThat(Tokens.jwtExpiry(t.value())).isNotNull();

    RecordedRequest r = oidc.takeRequest(5, TimeUnit.SECONDS);
    String basic = r.getHeader("Authorization");
    assertThat(basic).startsWith("Basic ");
    assertThat(new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8))
        .isEqualTo("batch-scorer:s3cr3t%3A%26%3D");
    String form = r.getBody().readUtf8();
    assertThat(form).contains("grant_type=client_credentials").contains("scope=inference%20models.read")
        .doesNotContain("client_secret");
    // cached: a second call makes no request
    assertThat(tokens.token()).isSameAs(t);
  }

  @Test
  void clientSecretPostViaOidcDiscoveryAndTheIssuerIsTheServersIssuer() throws Exception {
    OAuth2ClientCredentialsProvider tokens = OAuth2ClientCredentialsProvider.builder()
        .issuer(oidc.issuerUrl("ml").toString())
        .clientId("batch-scorer").clientSecret("s3cr3t")
        .clientAuthentication(OAuth2ClientCredentialsProvider.ClientAuthentication.CLIENT_SECRET_POST)
        .audience("kserve").build();
    AccessToken t = tokens.token();
    String payload = new String(Base64.getUrlDecoder().decode(t.value().split("\\.")[1]), StandardCharsets.UTF_8);
    assertThat(payload).contains("\"iss\":\"" + oidc.issuerUrl("ml") + "\"").contains("batch-scorer");
    RecordedRequest discovery = oidc.takeRequest(5, TimeUnit.SECONDS);
    assertThat(discovery.getPath()).isEqualTo("/ml/.well-known/openid-configuration");
    RecordedRequest grant = oidc.takeRequest(5, TimeUnit.SECONDS);
    assertThat(grant.getHeader("Authorization")).isNull();
    assertThat(grant.getBody().readUtf8()).contains("client_id=batch-scorer").contains("client_secret=s3cr3t")
        .contains("audience=kserve");
  }

  @Test
  void cachedUntilExpiresInMinusTheSkewThenGrantedAgain() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-02-01T00:00:00Z"));
    try (MockWebServer idp = new MockWebServer()) {
      idp.enqueue(new MockResponse().setBody("{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":300}"));
      idp.enqueue(new MockResponse().setBody("{\"access_token\":\"at-2\",\"token_type\":\"Bearer\",\"expires_in\":300}"));
      OAuth2ClientCredentialsProvider tokens = OAuth2ClientCredentialsProvider.builder()
          .tokenEndpoint(idp.url("/oauth/token").toString()).clientId("c").clientSecret("s")
          .refreshBefore(Duration.ofSeconds(30)).clock(clock).build();
      assertThat(tokens.token().value()).isEqualTo("at-1");
      clock.advance(Duration.ofSeconds(269));
      assertThat(tokens.token().value()).isEqualTo("at-1");
      clock.advance(Duration.ofSeconds(1));
      assertThat(tokens.token().value()).isEqualTo("at-2");
      assertThat(idp.getRequestCount()).isEqualTo(2);
    }
  }

  @Test
  void anErrorAnswerNamesTheOAuthErrorButNeverTheSecret() throws Exception {
    try (MockWebServer idp = new MockWebServer()) {
      idp.enqueue(new MockResponse().setResponseCode(401).setBody(
          "{\"error\":\"invalid_client\",\"error_description\":\"Invalid client or Invalid client credentials\"}"));
      OAuth2ClientCredentialsProvider tokens = OAuth2ClientCredentialsProvider.builder()
          .tokenEndpoint(idp.url("/realms/ml/protocol/openid-connect/token").toString())
          .clientId("scorer").clientSecret("very-secret-value").build();
      assertThatThrownBy(tokens::token).isInstanceOf(TokenProviderException.class)
          .hasMessageContaining("401 invalid_client: Invalid client or Invalid client credentials")
          .hasMessageContaining("'scorer'").hasMessageNotContaining("very-secret-value");
    }
  }

  @Test
  void endToEndAModelServerSeesTheIssuedToken() throws Exception {
    OAuth2ClientCredentialsProvider tokens = OAuth2ClientCredentialsProvider.builder()
        .tokenEndpoint(oidc.tokenEndpointUrl("ml").toString()).clientId("c").clientSecret("s").build();
    try (MockWebServer model = new MockWebServer()) {
      model.enqueue(new MockResponse().setBody("{\"predictions\":[0]}"));
      KServeClient client = KServeClient.builder().baseUrl(model.url("/").toString()).tokenProvider(tokens).build();
      client.predict("m", java.util.List.of(java.util.List.of(1)), Integer.class);
      assertThat(model.takeRequest().getHeader("Authorization")).isEqualTo("Bearer " + tokens.token().value());
    }
  }

  @Test
  void builderRejectsConflictingEndpoints() {
    assertThatThrownBy(() -> OAuth2ClientCredentialsProvider.builder().issuer("https://a").tokenEndpoint("https://b"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("issuer was already set");
    assertThatThrownBy(() -> OAuth2ClientCredentialsProvider.builder().tokenEndpoint("https://b").clientSecret("x").build())
        .hasMessageContaining("clientId");
  }
}
