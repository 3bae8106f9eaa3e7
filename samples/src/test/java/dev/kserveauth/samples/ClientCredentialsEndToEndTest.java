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
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two sample commands against a real OIDC server (mock-oauth2-server): the predictor verifies
 * the server's tokens through its JWKS, the client gets them with the client-credentials grant
 * (token endpoint found by discovery, or given), and the policy admits one client only.
 */
class ClientCredentialsEndToEndTest {

  private static MockOAuth2Server oidc;
  private static PredictorCommand.Running predictor;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    oidc = new MockOAuth2Server();
    oidc.start();
    String issuer = oidc.issuerUrl("ml").toString();
    Path policies = dir.resolve("policies.yaml");
    Files.writeString(policies, String.join("\n",
        "apiVersion: security.istio.io/v1",
        "kind: RequestAuthentication",
        "metadata: {name: ml-idp, namespace: ml-models}",
        "spec:",
        "  jwtRules:",
        "  - issuer: " + issuer,
        "    jwksUri: " + oidc.jwksUrl("ml"),
        "---",
        "apiVersion: security.istio.io/v1",
        "kind: AuthorizationPolicy",
        "metadata: {name: batch-scorer-only, namespace: ml-models}",
        "spec:",
        "  action: ALLOW",
        "  rules:",
        "  - from:",
        "    - source:",
        "        requestPrincipals: [\"" + issuer + "/batch-scorer\"]",
        "    to:",
        "    - operation:",
        "        methods: [POST]",
        "        paths: [\"*:predict\", \"/v2/models/*\"]",
        ""));
    predictor = PredictorCommand.start(List.of("--port", "0", "--host", "127.0.0.1", "--models", "iris",
        "--policy", policies.toString()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (predictor != null) {
      predictor.close();
    }
    oidc.shutdown();
  }

  record Run(int code, String out, String err) {}

  private static Run client(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("client", "--url", "http://127.0.0.1:" + predictor.port(),
        "--model", "iris", "--data", "{\"instances\": [[6.8, 2.8, 4.8, 1.4]]}"));
    args.addAll(List.of(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theAdmittedClientGetsAPredictionThroughDiscovery() {
    Run r = client("--client-id", "batch-scorer", "--client-secret", "s3cr3t", "--oidc-issuer", oidc.issuerUrl("ml").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().replaceAll("\\s", "")).contains("\"predictions\":[1]");
  }

  @Test
  void theAdmittedClientWithAnExplicitTokenUrl() {
    Run r = client("--client-id", "batch-scorer", "--client-secret", "s3cr3t", "--token-url", oidc.tokenEndpointUrl("ml").toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void anotherClientOfTheSameIdpIsDenied() {
    Run r = client("--client-id", "intruder", "--client-secret", "s3cr3t", "--oidc-issuer", oidc.issuerUrl("ml").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("403");
  }

  @Test
  void aTokenFromAnotherIssuerIsRejectedWith401() {
    Run r = client("--client-id", "batch-scorer", "--client-secret", "s3cr3t", "--oidc-issuer", oidc.issuerUrl("other").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("401");
  }
}
