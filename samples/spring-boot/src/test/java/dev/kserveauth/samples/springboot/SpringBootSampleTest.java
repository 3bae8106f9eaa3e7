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
package dev.kserveauth.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonwebtoken.Jwts;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The Spring Boot sample on a real embedded Tomcat: the filter the starter registers answers 401/403, lets allowed calls through. */
class SpringBootSampleTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static KeyPair key;
  private static ConfigurableApplicationContext app;
  private static int port;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    key = g.generateKeyPair();
    RSAPublicKey pub = (RSAPublicKey) key.getPublic();
    String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\"" + b64(pub.getModulus())
        + "\",\"e\":\"" + b64(pub.getPublicExponent()) + "\"}]}";
    Path authn = dir.resolve("authn.yaml");
    Files.writeString(authn, String.join("\n",
        "apiVersion: security.istio.io/v1",
        "kind: RequestAuthentication",
        "metadata: {name: test, namespace: ml}",
        "spec:",
        "  jwtRules:",
        "  - issuer: https://idp.example.com",
        "    audiences: [kserve-api]",
        "    jwks: '" + jwks + "'",
        ""));
    Path policies = dir.resolve("policies");
    Files.createDirectories(policies);
    Files.writeString(policies.resolve("rbac.yaml"), String.join("\n",
        "apiVersion: security.istio.io/v1",
        "kind: AuthorizationPolicy",
        "metadata: {name: data-scientists, namespace: ml}",
        "spec:",
        "  action: ALLOW",
        "  rules:",
        "  - when:",
        "    - {key: \"request.auth.claims[role]\", values: [data-scientist]}",
        "    - {key: kserve.verb, values: [predict]}",
        ""));
    app = SpringApplication.run(SpringBootSample.class, "--server.port=0", "--server.address=127.0.0.1",
        "--kserve.auth.request-authentication=" + authn, "--kserve.auth.policies=" + policies, "--spring.main.banner-mode=off");
    port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  private static String b64(BigInteger v) {
    byte[] b = v.toByteArray();
    if (b.length > 1 && b[0] == 0) {
      b = Arrays.copyOfRange(b, 1, b.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String token(String role) {
    Instant now = Instant.now();
    return Jwts.builder().header().keyId("k1").and().issuer("https://idp.example.com").subject("user123")
        .audience().add("kserve-api").and().claim("role", role).issuedAt(Date.from(now))
        .expiration(Date.from(now.plusSeconds(3600))).signWith(key.getPrivate(), Jwts.SIG.RS256).compact();
  }

  private static HttpResponse<String> predict(String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models/iris:predict"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [[6.8, 2.8, 4.8, 1.4]]}"));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anonymousGets401WithAChallenge() throws Exception {
    HttpResponse<String> r = predict(null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
  }

  @Test
  void aDataScientistReachesTheControllerAsThePrincipal() throws Exception {
    HttpResponse<String> r = predict(token("data-scientist"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"caller\":\"user123\"").contains("\"predictions\":[1]");
  }

  @Test
  void anotherRoleGets403AndAForgedTokenGets401() throws Exception {
    assertThat(predict(token("marketing")).statusCode()).isEqualTo(403);
    String t = token("data-scientist");
    int dot = t.lastIndexOf('.');
    String forged = t.substring(0, dot + 1) + (t.charAt(dot + 1) == 'A' ? 'B' : 'A') + t.substring(dot + 2);
    HttpResponse<String> r = predict(forged);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
  }

  @Test
  void healthIsPublic() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
  }
}
