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

import dev.kserveauth.KServeAuth;
import dev.kserveauth.client.AccessToken;
import dev.kserveauth.client.ForbiddenException;
import dev.kserveauth.client.KServeClient;
import dev.kserveauth.client.OAuth2ClientCredentialsProvider;
import dev.kserveauth.client.TokenProvider;
import dev.kserveauth.client.UnauthorizedException;
import dev.kserveauth.samples.ModelServer;
import dev.kserveauth.samples.ServletPredictor;
import dev.kserveauth.samples.VertxPredictor;
import dev.kserveauth.servlet.KServeAuthFilter;
import dev.kserveauth.vertx.KServeAuthHandler;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The samples' servlet (Jetty) and Vert.x predictors, protected by kserve-auth configured from
 * YAML (a {@code RequestAuthentication} whose keys come from Keycloak's OIDC discovery, and the
 * Istio policies of {@code keycloak/keycloak-policies.yaml}), called with real Keycloak tokens,
 * through kserve-auth-client's {@code KServeClient} and raw HTTP.
 */
@KeycloakTest
class KeycloakPredictorsIT {

  private static final List<Double> SETOSA = List.of(5.1, 3.5, 1.4, 0.2);

  private static Vertx vertx;
  private static KServeAuth servletAuth;
  private static KServeAuth vertxAuth;
  private static ServletPredictor servlet;
  private static VertxPredictor vertxPredictor;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start(KeycloakServer keycloak, @TempDir Path dir) throws Exception {
    Path requestAuthentication = Files.writeString(dir.resolve("request-authentication.yaml"), """
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        metadata:
          name: keycloak
          namespace: ml
        spec:
          jwtRules:
          - issuer: %s
            audiences: ["kserve-api"]
            timeout: 10s
        """.formatted(keycloak.issuer()));
    Path policies = Files.writeString(dir.resolve("keycloak-policies.yaml"), KeycloakPolicyIT.policies(keycloak.issuer()));
    servletAuth = KServeAuth.builder().requestAuthentication(requestAuthentication).policies(policies).build();
    vertxAuth = KServeAuth.builder().requestAuthentication(requestAuthentication).policies(policies).build();
    List<String> models = List.of("fraud-detector", "risk-scorer");
    servlet = ServletPredictor.start("127.0.0.1", 0, new KServeAuthFilter(servletAuth), new ModelServer(models, null));
    vertx = Vertx.vertx();
    vertxPredictor = VertxPredictor.start(vertx, "127.0.0.1", 0, KServeAuthHandler.create(vertxAuth),
        new ModelServer(models, null));
  }

  @AfterAll
  static void stop() throws Exception {
    if (servlet != null) {
      servlet.close();
    }
    if (vertxPredictor != null) {
      vertxPredictor.close();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    for (KServeAuth a : new KServeAuth[] {servletAuth, vertxAuth}) {
      if (a != null) {
        a.close();
      }
    }
  }

  private static String baseUrl(String stack) {
    return "http://127.0.0.1:" + (stack.equals("servlet") ? servlet.port() : vertxPredictor.port());
  }

  private static KServeClient client(String stack, TokenProvider tokens) {
    return KServeClient.builder().baseUrl(baseUrl(stack)).tokenProvider(tokens).timeout(Duration.ofSeconds(30)).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"servlet", "vertx"})
  void serviceAccountWithClientCredentialsPredicts(String stack, KeycloakClient keycloak) {
    TokenProvider tokens = OAuth2ClientCredentialsProvider.builder()
        .issuer(keycloak.server().issuer())
        .clientId(KeycloakRealm.CALLER_CLIENT)
        .clientSecret(KeycloakRealm.CALLER_SECRET)
        .build();
    KServeClient client = client(stack, tokens);
    assertThat(client.predict("fraud-detector", List.of(SETOSA), Integer.class)).containsExactly(0);
    assertThat(client.listModels()).containsExactlyInAnyOrder("fraud-detector", "risk-scorer");
    assertThat(client.isModelReady("risk-scorer")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"servlet", "vertx"})
  void userTokensFromThePasswordGrantFollowRolesAndTeams(String stack, KeycloakClient keycloak) throws Exception {
    KServeClient alice = client(stack, TokenProvider.ofStatic(keycloak.accessToken("alice")));
    assertThat(alice.predict("fraud-detector", List.of(SETOSA), Integer.class)).containsExactly(0);

    KServeClient dave = client(stack, TokenProvider.ofStatic(keycloak.accessToken("dave")));
    assertThatThrownBy(() -> dave.predict("fraud-detector", List.of(SETOSA), Integer.class))
        .isInstanceOf(ForbiddenException.class);
    assertThat(dave.predict("risk-scorer", List.of(SETOSA), Integer.class)).containsExactly(0);

    // a data scientist may not unload a model; an admin may
    assertThat(send(stack, "DELETE", "/v1/models/risk-scorer", keycloak.accessToken("alice")).statusCode())
        .isEqualTo(403);
    HttpResponse<String> unload = send(stack, "DELETE", "/v1/models/risk-scorer", keycloak.accessToken("carol"));
    assertThat(unload.statusCode()).as(unload.body()).isIn(200, 204);
    assertThat(send(stack, "PUT", "/v1/models/risk-scorer", keycloak.accessToken("carol")).statusCode()).isIn(200, 204);
  }

  @ParameterizedTest
  @ValueSource(strings = {"servlet", "vertx"})
  void missingAndBrokenTokensGet401WithAChallenge(String stack, KeycloakClient keycloak) throws Exception {
    HttpResponse<String> anonymous = send(stack, "POST", "/v1/models/risk-scorer:predict", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
        h -> assertThat(h).startsWith("Bearer").doesNotContain("invalid_token"));

    String token = keycloak.accessToken("carol");
    String[] parts = token.split("\\.");
    String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2)
        + (parts[1].endsWith("A") ? "B" : "A") + parts[1].charAt(parts[1].length() - 1) + "." + parts[2];
    HttpResponse<String> bad = send(stack, "POST", "/v1/models/risk-scorer:predict", tampered);
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(bad.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
        h -> assertThat(h).contains("error=\"invalid_token\""));
    assertThat(bad.body()).doesNotContain(tampered).doesNotContain("Exception");

    // a Keycloak token for another audience (the ID token) is a 401 too, not a 403
    Map<String, Object> grant = keycloak.passwordGrant(KeycloakRealm.CLI_CLIENT, "carol",
        KeycloakRealm.password("carol")).body();
    HttpResponse<String> idToken = send(stack, "POST", "/v1/models/risk-scorer:predict", (String) grant.get("id_token"));
    assertThat(idToken.statusCode()).isEqualTo(401);
  }

  @ParameterizedTest
  @ValueSource(strings = {"servlet", "vertx"})
  void aRejectedTokenIsRefreshedOnceByTheClient(String stack, KeycloakClient keycloak) {
    AtomicInteger refreshes = new AtomicInteger();
    String stale = keycloak.accessToken("bob");
    String[] p = stale.split("\\.");
    String broken = p[0] + "." + p[1] + "." + p[2].substring(0, p[2].length() - 4) + "AAAA";
    TokenProvider tokens = new TokenProvider() {
      private volatile String current = broken;

      @Override
      public AccessToken token() {
        return AccessToken.of(current);
      }

      @Override
      public AccessToken refresh(String rejected) {
        refreshes.incrementAndGet();
        current = keycloak.accessToken("bob");
        return AccessToken.of(current);
      }
    };
    KServeClient bob = client(stack, tokens);
    assertThat(bob.predict("risk-scorer", List.of(SETOSA), Integer.class)).containsExactly(0);
    assertThat(refreshes).hasValue(1);
    // a provider that cannot do better gives up after one refresh
    KServeClient hopeless = client(stack, TokenProvider.ofStatic(broken));
    assertThatThrownBy(() -> hopeless.predict("risk-scorer", List.of(SETOSA), Integer.class))
        .isInstanceOf(UnauthorizedException.class);
  }

  private static HttpResponse<String> send(String stack, String method, String path, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl(stack) + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .method(method, method.equals("POST") || method.equals("PUT")
            ? HttpRequest.BodyPublishers.ofString("{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}")
            : HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
