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
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bad value of a {@code predictor} or {@code client} flag is a usage error (exit 2, one line naming the
 * flag and the value, then the usage), never a Java exception; a predictor that cannot listen fails with
 * exit 1 and one plain line.
 */
class BadFlagValuesTest {

  private static DemoIssuer issuer;
  private static String policyText;

  @TempDir
  Path dir;
  private Path policy;
  private Path token;

  @BeforeAll
  static void startIssuer() throws Exception {
    issuer = DemoIssuer.start();
    try (InputStream in = BadFlagValuesTest.class.getResourceAsStream("/demo-policies/istio/demo-policies.yaml")) {
      policyText = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${DEMO_JWKS_URI}", issuer.jwksUri());
    }
  }

  @AfterAll
  static void stopIssuer() {
    issuer.close();
  }

  @BeforeEach
  void files() throws Exception {
    policy = Files.writeString(dir.resolve("policies.yaml"), policyText);
    token = Files.writeString(dir.resolve("token"), "opaque-token\n");
  }

  private record Run(int code, String out, String err) {}

  private static Run run(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    // a predictor that did start would serve until stopped: the bound turns that into a failure
    int code = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Main.run(args,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Exit 2, the given first line, the usage after it, and no exception class or stack trace. */
  private static void assertUsageError(Run r, String firstLine) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines().findFirst().orElse("")).isEqualTo(firstLine);
    assertThat(r.err()).contains("usage: java -jar kserve-auth-samples.jar");
    assertNoJavaInternals(r.err());
  }

  private static void assertNoJavaInternals(String err) {
    assertThat(err).doesNotContain("Exception").doesNotContain("java.").doesNotContain("\tat ");
  }

  private List<String> predictor(String... more) {
    List<String> args = new ArrayList<>(List.of("predictor", "--port", "0", "--policy", policy.toString()));
    args.addAll(Arrays.asList(more));
    return args;
  }

  private List<String> client(String... more) {
    List<String> args = new ArrayList<>(List.of("client", "--data", "{\"instances\": [[6.8, 2.8, 4.8, 1.4]]}"));
    args.addAll(Arrays.asList(more));
    return args;
  }

  // ---- predictor ----

  @ParameterizedTest
  @ValueSource(strings = {"abc", "0", "-5", "1.5", ""})
  void predictorReloadSecondsMustBeAPositiveInteger(String value) {
    assertUsageError(run(predictor("--reload-seconds=" + value)),
        "error: --reload-seconds must be a positive integer (seconds), got '" + value + "'");
  }

  @Test
  void predictorPublicPathsMustBePathPatterns() {
    Run r = run(predictor("--public-paths", "/health,/a/{x}"));
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: --public-paths '/a/{x}' is not a path pattern: ");
    assertNoJavaInternals(r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"servlet", "vertx"})
  void predictorOnAnUnknownHostFailsWithOnePlainLine(String stack) {
    Run r = run(predictor("--host", "999.0.0.1", "--stack", stack));
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: cannot listen on 999.0.0.1:0: unknown host (not an IP address or a name"
        + " that resolves)" + System.lineSeparator());
    assertNoJavaInternals(r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"servlet", "vertx"})
  void predictorOnAPortInUseFailsWithOnePlainLine(String stack) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      List<String> args = predictor("--host", "127.0.0.1", "--stack", stack);
      args.set(args.indexOf("--port") + 1, String.valueOf(port));
      Run r = run(args);
      assertThat(r.code()).as(r.err()).isEqualTo(1);
      assertThat(r.err()).startsWith("error: cannot listen on 127.0.0.1:" + port + ": ");
      assertThat(r.err().lines().count()).isEqualTo(1);
      assertNoJavaInternals(r.err());
    }
  }

  // ---- client ----

  @Test
  void clientUrlMustBeAnHttpUrl() {
    assertUsageError(run(client("--url", "notaurl", "--model", "iris", "--token-file", token.toString())),
        "error: --url must be an http(s) URL without a query or fragment, got 'notaurl'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2", "grpc"})
  void clientModelMustBeAModelName(String protocol) {
    assertUsageError(run(client("--url", "http://127.0.0.1:1", "--protocol", protocol, "--model", "a/../b",
            "--token-file", token.toString())),
        "error: --model must be a model name (not blank, no '/'), got 'a/../b'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "grpc"})
  void clientHostHeaderMustBeAHostName(String protocol) {
    assertUsageError(run(client("--url", "http://127.0.0.1:1", "--protocol", protocol, "--model", "iris",
            "--host-header", "a\nb", "--token-file", token.toString())),
        "error: --host-header must be a host name (no spaces, control characters or '/'), got 'a\\nb'");
  }

  @Test
  void clientTokenFileMustNotBeADirectory() {
    assertUsageError(run(client("--url", "http://127.0.0.1:1", "--model", "iris", "--token-file", dir.toString())),
        "error: --token-file '" + dir + "' is a directory, not a token file");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "0", "-5"})
  void clientTimeoutMustBeAPositiveInteger(String value) {
    assertUsageError(run(client("--url", "http://127.0.0.1:1", "--model", "iris", "--token-file", token.toString(),
            "--timeout", value)),
        "error: --timeout must be a positive integer (seconds), got '" + value + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"token-url", "oidc-issuer"})
  void clientTokenEndpointMustBeAnHttpUrl(String option) {
    assertUsageError(run(client("--url", "http://127.0.0.1:1", "--model", "iris", "--client-id", "batch",
            "--client-secret", "s3cret", "--" + option, "not a url")),
        "error: --" + option + " must be an http(s) URL, got 'not a url'");
  }
}
