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
package dev.kserveauth.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code predictor} command on both stacks: real tokens, public /health and /metrics, reload on change. */
class PredictorCommandTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static DemoIssuer issuer;
  private static String policyText;

  @TempDir
  Path dir;

  @BeforeAll
  static void startIssuer() throws Exception {
    issuer = DemoIssuer.start();
    try (InputStream in = PredictorCommandTest.class.getResourceAsStream("/demo-policies/istio/demo-policies.yaml")) {
      policyText = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${DEMO_JWKS_URI}", issuer.jwksUri());
    }
  }

  @AfterAll
  static void stopIssuer() {
    issuer.close();
  }

  private static HttpResponse<String> call(int port, String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String ds() {
    return issuer.mint("user123", Map.of("role", "data-scientist", "team", "ml-platform"), Instant.now(),
        Duration.ofHours(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"servlet", "vertx"})
  void servesTheModelBehindThePoliciesAndReloadsThem(String stack) throws Exception {
    Path policies = dir.resolve("policies");
    Files.createDirectories(policies);
    Files.writeString(policies.resolve("demo.yaml"), policyText);
    try (PredictorCommand.Running p = PredictorCommand.start(List.of("--port", "0", "--host", "127.0.0.1",
        "--stack", stack, "--models", "sklearn-iris,dev-churn", "--policy", policies.toString(),
        "--reload-seconds", "1"))) {
      String predict = "/v1/models/sklearn-iris:predict";
      String body = "{\"instances\": [[6.8, 2.8, 4.8, 1.4]]}";
      HttpResponse<String> anonymous = call(p.port(), "POST", predict, null, body);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
      HttpResponse<String> ok = call(p.port(), "POST", predict, ds(), body);
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertThat(ok.body()).contains("\"predictions\":[1]");
      assertThat(call(p.port(), "GET", "/health", null, null).statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = call(p.port(), "GET", "/metrics", null, null);
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("rbac_authorization_total").contains("jwt_validation_total");

      // data scientists lose predict: the running predictor picks the change up
      Files.writeString(policies.resolve("demo.yaml"), policyText.replace("values: [\"data-scientist\"]\n    - key: kserve.verb",
          "values: [\"nobody\"]\n    - key: kserve.verb"));
      assertThat(eventually(() -> call(p.port(), "POST", predict, ds(), body).statusCode(), 403)).isEqualTo(403);

      // a broken file never replaces the working set
      Files.writeString(policies.resolve("demo.yaml"), "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
          + "metadata: {name: broken}\nspec: {action: ALLOW, rules: [{to: [{operation: {bogus: 1}}]}]}\n");
      assertThat(eventually(() -> call(p.port(), "GET", "/metrics", null, null).body()
          .contains("rbac_policy_reload_total{result=\"failure\"}") ? 1 : 0, 1)).as("the failed reload is counted")
          .isEqualTo(1);
      assertThat(call(p.port(), "POST", predict, ds(), body).statusCode()).isEqualTo(403);
      assertThat(call(p.port(), "GET", "/health", null, null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theCompactFormatWorksTheSameWay() throws Exception {
    String compact;
    try (InputStream in = getClass().getResourceAsStream("/demo-policies/compact/demo-policies.yaml")) {
      compact = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${DEMO_JWKS_URI}", issuer.jwksUri());
    }
    Path file = dir.resolve("compact.yaml");
    Files.writeString(file, compact);
    try (PredictorCommand.Running p = PredictorCommand.start(List.of("--port", "0", "--host", "127.0.0.1",
        "--stack", "vertx", "--models", "sklearn-iris,production-fraud", "--policy", file.toString()))) {
      String body = "{\"instances\": [[6.8, 2.8, 4.8, 1.4]]}";
      assertThat(call(p.port(), "POST", "/v1/models/sklearn-iris:predict", null, body).statusCode()).isEqualTo(401);
      assertThat(call(p.port(), "POST", "/v1/models/sklearn-iris:predict", ds(), body).statusCode()).isEqualTo(200);
      assertThat(call(p.port(), "POST", "/v1/models/production-fraud:predict", ds(), body).statusCode()).isEqualTo(403);
      assertThat(call(p.port(), "GET", "/health", null, null).statusCode()).isEqualTo(200);
    }
  }

  interface Probe {
    int get() throws Exception;
  }

  private static int eventually(Probe probe, int want) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    int got = probe.get();
    while (got != want && System.nanoTime() < deadline) {
      Thread.sleep(200);
      got = probe.get();
    }
    return got;
  }

  @Test
  void usageAndConfigurationErrorsExitTwo() throws Exception {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: x}\n"
        + "spec:\n  jwtRules:\n  - issuer: https://a.example\n    jwksUri: https://a.example/jwks\n    bogusField: 1\n");
    Path noRules = dir.resolve("no-rules.yaml");
    Files.writeString(noRules, "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: x}\n"
        + "spec: {action: ALLOW, rules: [{}]}\n");
    List<List<String>> bad = List.of(
        List.of("predictor", "--port", "0"),
        List.of("predictor", "--port", "0", "--policy", dir.resolve("missing.yaml").toString()),
        List.of("predictor", "--port", "0", "--policy", noRules.toString(), "--stack", "tomcat"),
        List.of("predictor", "--port", "99999", "--policy", noRules.toString()),
        List.of("predictor", "--port", "0", "--policy", noRules.toString()),
        List.of("predictor", "--port", "0", "--policy", broken.toString()));
    for (List<String> args : bad) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = Main.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(code).as(args + ": " + err).isEqualTo(2);
    }
    // issue 14 item 23: a folder with only the RequestAuthentication is a configuration error (exit 2)
    Path authnOnly = Files.createDirectories(dir.resolve("authn-only"));
    Files.writeString(authnOnly.resolve("ra.yaml"), policyText.substring(0, policyText.indexOf("\n---")));
    ByteArrayOutputStream refused = new ByteArrayOutputStream();
    assertThat(Main.run(List.of("predictor", "--port", "0", "--host", "127.0.0.1", "--policy", authnOnly.toString()),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(refused, true, StandardCharsets.UTF_8))).isEqualTo(2);
    assertThat(refused.toString(StandardCharsets.UTF_8)).contains("none enforcing").contains("allowAllWithoutPolicy");
    try (PredictorCommand.Running open = PredictorCommand.start(List.of("--port", "0", "--host", "127.0.0.1",
        "--policy", authnOnly.toString(), "--allow-all-without-policy"))) {
      assertThat(call(open.port(), "DELETE", "/v1/models/sklearn-iris", null, null).statusCode()).isNotIn(401, 403);
    }

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Main.run(List.of("predictor", "--port", "0", "--policy", broken.toString()),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("broken.yaml").contains("bogusField");
  }
}
