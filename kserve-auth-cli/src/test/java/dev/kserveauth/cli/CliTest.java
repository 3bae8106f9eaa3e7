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
package dev.kserveauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.testing.MutableClock;
import dev.kserveauth.testing.TestKeys;
import dev.kserveauth.testing.TestTokens;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI run in-process: stdout, stderr and exit codes. */
class CliTest {
  private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  private Run withStdin(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Io io = new Io(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    int code = Main.run(args, io, List.of(new DecodeCommand(clock), new VerifyCommand(clock)));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Run run(String... args) {
    return withStdin("", args);
  }

  private Path config(String yaml) throws Exception {
    Path f = dir.resolve("ra.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  private Path inlineConfig() throws Exception {
    Files.writeString(dir.resolve("jwks.json"), TestKeys.jwks());
    return config("""
        apiVersion: kserve-auth/v1
        kind: IssuerConfig
        spec:
          issuers:
          - issuer: %s
            jwksFile: jwks.json
            audiences: [kserve]
        """.formatted(TestTokens.ISSUER));
  }

  @Test
  void helpAndUsageErrors() {
    Run none = run();
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.out()).contains("decode").contains("verify");
    assertThat(run("--help").code()).isZero();
    Run unknown = run("frobnicate");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown command 'frobnicate'");
    Run help = run("verify", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--config FILE").contains("--jwks FILE_OR_URL");
    Run missing = run("verify", "tok");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("--config FILE is required").contains("usage:");
    assertThat(run("decode").err()).contains("missing TOKEN");
    assertThat(run("decode", "--bogus", "x").err()).contains("unknown option --bogus");
  }

  @Test
  void decodePrintsHeaderClaimsAndHumanTimes() {
    String token = TestTokens.rs256().now(clock.instant().minusSeconds(60)).expiresIn(Duration.ofMinutes(5))
        .claim("kubernetes.io", Map.of("namespace", "ml", "warnafter", clock.instant().plusSeconds(3600).getEpochSecond()))
        .build();
    Run r = run("decode", token);
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("\"alg\" : \"RS256\"").contains("\"kid\" : \"" + TestKeys.RSA_KID + "\"")
        .contains("\"iss\" : \"" + TestTokens.ISSUER + "\"")
        .contains("\"exp\" : \"2026-03-01T12:04:00Z (in 4m 0s)\"")
        .contains("\"iat\" : \"2026-03-01T11:59:00Z (1m 0s ago)\"")
        .contains("\"kubernetes.io.warnafter\" : \"2026-03-01T13:00:00Z (in 1h 0m)\"")
        .contains("\"expired\" : false")
        .contains("NOT verified");
  }

  @Test
  void decodeReadsStdinAndExplainsNonJwts() {
    String token = TestTokens.rs256().clock(clock).build();
    assertThat(withStdin(token + "\n", "decode", "-").out()).contains("\"sub\" : \"" + TestTokens.SUBJECT + "\"");
    Run opaque = run("decode", "2YotnFZFEjr1zCsicMWpAA");
    assertThat(opaque.code()).isEqualTo(1);
    assertThat(opaque.out()).contains("not a JWT").contains("opaque");
    assertThat(run("decode", "a.b.c.d.e").out()).contains("JWE");
    assertThat(run("decode", "e30.!!!.c2ln").out()).contains("payload is not base64url");
  }

  @Test
  void decodeShowsOutOfRangeTimesAndDuplicateMembersInsteadOfFailing() {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8));
    for (String exp : List.of("1e300", "-99999999999999999", "99999999999999999999999")) {
      String payload = b64.encodeToString(("{\"sub\":\"u\",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
      Run r = run("decode", header + "." + payload + ".c2ln");
      assertThat(r.code()).as(exp + ": " + r.out() + r.err()).isZero();
      assertThat(r.out()).contains("\"exp\" : \"out of range: ").contains("exp is out of range");
    }
    String dup = b64.encodeToString("{\"alg\":\"RS256\",\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    Run r = run("decode", dup + ".e30.c2ln");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("header is not a JSON object (it has a duplicate member name)");
  }

  @Test
  void verifyValidTokenPrintsThePrincipal() throws Exception {
    Path cfg = inlineConfig();
    String token = TestTokens.rs256().clock(clock).claim("roles", List.of("data-scientist")).build();
    Run r = run("verify", "--config", cfg.toString(), token);
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("\"valid\" : true").contains("\"subject\" : \"" + TestTokens.SUBJECT + "\"")
        .contains("\"requestPrincipal\" : \"" + TestTokens.ISSUER + "/" + TestTokens.SUBJECT + "\"")
        .contains("\"data-scientist\"").contains("(in 5m 0s)");
    // from stdin, with a pasted "Bearer " prefix
    assertThat(withStdin("Bearer " + token, "verify", "--config", cfg.toString(), "-").code()).isZero();
    // the scheme is case-insensitive (RFC 7235), and a whole pasted header line works too
    assertThat(withStdin("bearer " + token + "\r\n", "verify", "--config", cfg.toString(), "-").code()).isZero();
    assertThat(run("verify", "--config", cfg.toString(), "Authorization: BEARER  " + token).code()).isZero();
  }

  @Test
  void namespacedRoleClaimsOfAuth0AreRead() throws Exception {
    Files.writeString(dir.resolve("jwks.json"), TestKeys.jwks());
    Path cfg = config("""
        apiVersion: kserve-auth/v1
        kind: IssuerConfig
        spec:
          issuers:
          - issuer: %s
            jwksFile: jwks.json
            audiences: [kserve]
            roleClaims: ["https://example.com/roles", permissions]
        """.formatted(TestTokens.ISSUER));
    String token = TestTokens.rs256().clock(clock).claim("https://example.com/roles", List.of("admin"))
        .claim("permissions", List.of("predict:iris")).build();
    Run r = run("verify", "--config", cfg.toString(), token);
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).containsPattern("\"roles\" : \\[ \"admin\", \"predict:iris\" \\]");
  }

  @Test
  void anUnexpectedErrorIsOneLineNeverAStackTrace() {
    Command boom = new Command() {
      @Override public String name() {
        return "boom";
      }

      @Override public String summary() {
        return "fails";
      }

      @Override public String usage() {
        return "usage: boom";
      }

      @Override public int run(List<String> args, Io io) {
        throw new StackOverflowError();
      }
    };
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(Main.run(new String[] {"boom"}, io, List.of(boom))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("error: StackOverflowError" + System.lineSeparator());
  }

  @Test
  void verifyInvalidTokenPrintsTheReasonAndExitsOne() throws Exception {
    Path cfg = inlineConfig();
    Run expired = run("verify", "--config", cfg.toString(),
        TestTokens.rs256().clock(clock).expiresIn(Duration.ofMinutes(-10)).build());
    assertThat(expired.code()).isEqualTo(1);
    assertThat(expired.out()).contains("invalid: ").contains("expired").contains("invalid_token (HTTP 401)");
    assertThat(expired.out()).doesNotContain("also:");

    Run twice = run("verify", "--config", cfg.toString(),
        TestTokens.rs256().clock(clock).expiresIn(Duration.ofMinutes(-10)).audience("other").build());
    assertThat(twice.code()).isEqualTo(1);
    assertThat(twice.out()).containsSubsequence("invalid: token expired", "error: invalid_token (HTTP 401)",
        "also: audience is not accepted");

    Run foreign = run("verify", "--config", cfg.toString(), TestTokens.rs256().clock(clock).issuer("https://evil.test").build());
    assertThat(foreign.code()).isEqualTo(1);
    assertThat(foreign.out()).contains("hint: the token's iss is 'https://evil.test'").contains(TestTokens.ISSUER);

    Run audience = run("verify", "--config", cfg.toString(), TestTokens.rs256().clock(clock).audience("other").build());
    assertThat(audience.code()).isEqualTo(1);
    assertThat(audience.out()).contains("audience");
  }

  /** Keys that cannot be fetched are the server's 503, not the token's fault: verify says so, not "invalid". */
  @Test
  void unreachableKeysAreNotVerifiedRatherThanInvalid() throws Exception {
    Path cfg;
    try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) { // a port nothing listens on afterwards
      cfg = config("""
          apiVersion: security.istio.io/v1
          kind: RequestAuthentication
          spec:
            jwtRules:
            - issuer: %s
              jwksUri: http://127.0.0.1:%d/jwks
          """.formatted(TestTokens.ISSUER, closed.getLocalPort()));
    }
    Run r = run("verify", "--config", cfg.toString(), TestTokens.rs256().clock(clock).build());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).startsWith("not verified: ").contains("unavailable")
        .containsPattern("error: none \\(HTTP 503, Retry-After: [0-9]+\\)")
        .doesNotContain("invalid_token").doesNotContain("invalid:");
  }

  @Test
  void verifyAtAnotherTimeWithNow() throws Exception {
    Path cfg = inlineConfig();
    String token = TestTokens.rs256().clock(clock).build();
    assertThat(run("verify", "--config", cfg.toString(), "--now", "2026-03-01T13:00:00Z", token).code()).isEqualTo(1);
    assertThat(run("verify", "--config", cfg.toString(), "--now", "yesterday", token).code()).isEqualTo(2);
  }

  @Test
  void configErrorsExitTwoWithFileAndLine() throws Exception {
    Path cfg = config("""
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        spec:
          jwtRules:
          - issuer: https://a
            jwksUrl: https://a/jwks
        """);
    Run r = run("verify", "--config", cfg.toString(), TestTokens.rs256().clock(clock).build());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(cfg + ":6:").contains("unknown key 'jwksUrl'");
    Run missing = run("verify", "--config", dir.resolve("nope.yaml").toString(), "x.y.z");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.yaml").contains("cannot read");
    Path badJwks = config("""
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        spec:
          jwtRules:
          - issuer: https://a
            jwks: '{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}'
        """);
    Run weak = run("verify", "--config", badJwks.toString(), "x.y.z");
    assertThat(weak.code()).isEqualTo(2);
    assertThat(weak.err()).contains("ra.yaml:5");
  }

  @Test
  void jwksOverrideFromFileAndUrl() throws Exception {
    Path cfg = config("""
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        spec:
          jwtRules:
          - issuer: %s
            jwksUri: https://unreachable.invalid/jwks
            audiences: [kserve]
        """.formatted(TestTokens.ISSUER));
    Path jwks = dir.resolve("keys.json");
    Files.writeString(jwks, TestKeys.jwks());
    String token = TestTokens.rs256().clock(clock).build();
    assertThat(run("verify", "--config", cfg.toString(), "--jwks", jwks.toString(), token).code()).isZero();
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setBody(TestKeys.jwks()));
      server.start();
      Run r = run("verify", "--config", cfg.toString(), "--jwks", server.url("/jwks").toString(), token);
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
    // another key set: the signature cannot match
    Files.writeString(jwks, TestKeys.jwks(TestKeys.RSA2_KID));
    assertThat(run("verify", "--config", cfg.toString(), "--jwks", jwks.toString(), token).code()).isEqualTo(1);
  }
}
