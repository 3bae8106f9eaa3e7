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

import com.fasterxml.jackson.databind.JsonNode;
import dev.kserveauth.testing.MutableClock;
import dev.kserveauth.testing.SharedTestData;
import dev.kserveauth.testing.TestKeys;
import dev.kserveauth.testing.TestTokens;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explain} and {@code lint} run in-process: JSON output and exit codes. */
class PolicyCommandsTest {
  private final MutableClock clock = MutableClock.at("2026-01-07T09:00:00Z"); // Wednesday 10:00 in Berlin
  @TempDir Path dir;

  record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      return Json.MAPPER.readTree(out);
    }
  }

  private Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    int code = Main.run(args, io, List.of(new ExplainCommand(clock), new LintCommand()));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path file(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  private Path compactPolicy() throws Exception {
    return file("policy.yaml", """
        apiVersion: kserve-auth/v1
        kind: AccessPolicy
        metadata: {name: kserve-rbac}
        spec:
          roleClaims: [role]
          public:
            - paths: [/health, /metrics]
          roles:
            admin: {permissions: ["*"]}
            data-scientist: {permissions: [model:list, model:predict, model:explain]}
          deny:
            - name: production-is-admin-only
              notRoles: [admin]
              models: ["production-*"]
            - name: dev-models-in-business-hours
              roles: [data-scientist]
              models: ["dev-*"]
              outside: "Mon-Fri 09:00-17:00 Europe/Berlin"
        """);
  }

  private static final String DS = "{\"iss\":\"https://auth.company.com\",\"sub\":\"user123\",\"role\":\"data-scientist\"}";

  @Test
  void explainAllowsAndDeniesWithPolicyRuleAndReasons() throws Exception {
    String p = compactPolicy().toString();
    Run allow = run("explain", "--policy", p, "--method", "POST", "--path", "/v1/models/sklearn-iris:predict",
        "--claims", DS);
    assertThat(allow.code()).as(allow.out() + allow.err()).isZero();
    JsonNode a = allow.json();
    assertThat(a.get("decision").asText()).isEqualTo("ALLOW");
    assertThat(a.get("status").asInt()).isEqualTo(200);
    assertThat(a.get("policy").asText()).isEqualTo("policy.yaml#kserve-rbac/roles");
    assertThat(a.get("rule").asText()).startsWith("policy.yaml#kserve-rbac/roles#data-scientist");
    assertThat(a.get("request").get("verb").asText()).isEqualTo("predict");

    Run deny = run("explain", "--policy", p, "--method", "POST", "--path", "/v1/models/production-fraud:predict",
        "--claims", DS);
    assertThat(deny.code()).isEqualTo(1);
    JsonNode d = deny.json();
    assertThat(d.get("decision").asText()).isEqualTo("DENY");
    assertThat(d.get("status").asInt()).isEqualTo(403);
    assertThat(d.get("policy").asText()).isEqualTo("policy.yaml#kserve-rbac/deny/production-is-admin-only");
    assertThat(d.get("reasons").toString()).contains("production-is-admin-only");

    Run late = run("explain", "--policy", p, "--method", "POST", "--path", "/v1/models/dev-churn:predict",
        "--claims", DS, "--time", "2026-01-07T21:00:00Z");
    assertThat(late.code()).isEqualTo(1);
    assertThat(late.json().get("policy").asText()).endsWith("dev-models-in-business-hours");

    Run anonymous = run("explain", "--policy", p, "--method", "POST", "--path", "/v1/models/a:predict");
    assertThat(anonymous.code()).isEqualTo(1);
    assertThat(anonymous.json().get("status").asInt()).isEqualTo(401);
    Run health = run("explain", "--policy", p, "--method", "GET", "--path", "/health");
    assertThat(health.code()).isZero();
  }

  @Test
  void explainVerifiesATokenWithConfigAndAnInvalidOneIs401() throws Exception {
    Files.writeString(dir.resolve("jwks.json"), TestKeys.jwks());
    Path cfg = file("issuers.yaml", """
        apiVersion: kserve-auth/v1
        kind: IssuerConfig
        spec:
          issuers:
          - issuer: %s
            jwksFile: jwks.json
            audiences: [kserve]
        """.formatted(TestTokens.ISSUER));
    Path policy = file("allow.yaml", """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: ds, namespace: ml}
        spec:
          rules:
          - when:
            - key: request.auth.claims[role]
              values: [data-scientist]
        """);
    Instant now = clock.instant();
    String good = TestTokens.rs256().now(now).expiresIn(Duration.ofMinutes(5)).claim("role", "data-scientist").build();
    Run ok = run("explain", "--policy", policy.toString(), "--method", "POST", "--path", "/v1/models/m:predict",
        "--token", good, "--config", cfg.toString(), "--time", now.toString());
    assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.json().get("principalSource").asText()).isEqualTo("token (verified)");

    String expired = TestTokens.rs256().now(now.minusSeconds(3600)).expiresIn(Duration.ofMinutes(5))
        .claim("role", "data-scientist").build();
    Run bad = run("explain", "--policy", policy.toString(), "--method", "POST", "--path", "/v1/models/m:predict",
        "--token", expired, "--config", cfg.toString(), "--time", now.toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.json().get("status").asInt()).isEqualTo(401);
    assertThat(bad.json().get("reasons").toString()).contains("expired");
    assertThat(bad.out()).doesNotContain(expired);

    // keys that cannot be fetched: the server's 503 with Retry-After, no bearer error (the token was not checked)
    Path unreachable;
    try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
      unreachable = file("down.yaml", """
          apiVersion: security.istio.io/v1
          kind: RequestAuthentication
          spec:
            jwtRules:
            - issuer: %s
              jwksUri: http://127.0.0.1:%d/jwks
          """.formatted(TestTokens.ISSUER, closed.getLocalPort()));
    }
    Run down = run("explain", "--policy", policy.toString(), "--method", "POST", "--path", "/v1/models/m:predict",
        "--token", good, "--config", unreachable.toString(), "--time", now.toString());
    assertThat(down.code()).as(down.out() + down.err()).isEqualTo(1);
    assertThat(down.json().get("status").asInt()).isEqualTo(503);
    assertThat(down.json().get("error").isNull()).as(down.out()).isTrue();
    assertThat(down.json().get("retryAfterSeconds").asInt()).isPositive();
    assertThat(down.json().get("reasons").toString()).contains("token not checked").contains("unavailable");
  }

  @Test
  void explainSeesOutputHeadersFromTheTokenNeverFromTheCaller() throws Exception {
    Files.writeString(dir.resolve("jwks.json"), TestKeys.jwks());
    Path cfg = file("issuers.yaml", """
        apiVersion: kserve-auth/v1
        kind: IssuerConfig
        spec:
          issuers:
          - issuer: %s
            jwksFile: jwks.json
            audiences: [kserve]
            outputClaimToHeaders: [{header: kubeflow-userid, claim: sub}]
        """.formatted(TestTokens.ISSUER));
    Path policy = file("by-header.yaml", """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: by-header, namespace: kubeflow}
        spec:
          rules:
          - when:
            - key: request.headers[kubeflow-userid]
              values: [user@example.com]
        """);
    Instant now = clock.instant();
    String other = TestTokens.rs256().now(now).expiresIn(Duration.ofMinutes(5)).subject("someone").build();
    Run spoof = run("explain", "--policy", policy.toString(), "--method", "GET", "--path", "/v1/models",
        "--token", other, "--config", cfg.toString(), "--time", now.toString(), "--header",
        "kubeflow-userid: user@example.com");
    assertThat(spoof.code()).as(spoof.out() + spoof.err()).isEqualTo(1);
    String owner = TestTokens.rs256().now(now).expiresIn(Duration.ofMinutes(5)).subject("user@example.com").build();
    Run ok = run("explain", "--policy", policy.toString(), "--method", "GET", "--path", "/v1/models",
        "--token", owner, "--config", cfg.toString(), "--time", now.toString());
    assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
  }

  @Test
  void explainUsageAndConfigErrorsExitTwo() throws Exception {
    String p = compactPolicy().toString();
    assertThat(run("explain", "--method", "GET", "--path", "/").code()).isEqualTo(2);
    assertThat(run("explain", "--policy", p, "--path", "/").err()).contains("--method is required");
    assertThat(run("explain", "--policy", p, "--method", "GET", "--path", "/", "--claims", "{nope").err())
        .contains("--claims is not JSON");
    assertThat(run("explain", "--policy", p, "--method", "GET", "--path", "/", "--time", "yesterday").code())
        .isEqualTo(2);
    Path broken = file("broken.yaml", """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: x, namespace: ml}
        spec:
          rules:
          - to:
            - operation:
                ports: ["http"]
        """);
    Run r = run("explain", "--policy", broken.toString(), "--method", "GET", "--path", "/");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("broken.yaml:8");
  }

  @Test
  void lintFindsTheSeedTrapsAndPassesCleanFiles() throws Exception {
    Path seed = SharedTestData.example("policies/seed-jwt-and-rbac.yaml");
    Run r = run("lint", seed.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("[role-as-request-principal]").contains("[middle-wildcard-path]")
        .contains("fix: ").contains("request.auth.claims[role]").contains("'*:predict'");
    Run clean = run("lint", compactPolicy().toString());
    assertThat(clean.code()).as(clean.out()).isZero();
    assertThat(clean.out()).contains("clean");
    assertThat(run("lint", dir.resolve("missing.yaml").toString()).code()).isEqualTo(2);
    assertThat(run("lint", file("bad.yaml", "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nspec: [\n")
        .toString()).code()).isEqualTo(2);
    assertThat(run("lint").code()).isEqualTo(2);
  }

  static final String RA_ONLY = """
      apiVersion: security.istio.io/v1
      kind: RequestAuthentication
      metadata: {name: jwt, namespace: ml}
      spec:
        jwtRules: [{issuer: "https://idp"}]
      """;

  @Test
  void lintReportsPolicyKindTyposAndFilesWithoutPolicies() throws Exception {
    Path typo = file("typo.yaml", """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: allow-ds, namespace: ml}
        spec:
          rules:
          - when: [{key: "request.auth.claims[role]", values: [data-scientist]}]
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorisationPolicy
        metadata: {name: deny-prod, namespace: ml}
        spec:
          action: DENY
          rules: [{to: [{operation: {paths: ["/v1/models/production-*"]}}]}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: np}
        spec: {}
        """);
    // issue 14 item 23: an unknown kind is invalid input naming file:line, no longer a skipped document
    Run r = run("lint", typo.toString());
    assertThat(r.code()).as(r.out()).isEqualTo(2);
    assertThat(r.err()).contains("error: typo.yaml:8: unknown kind 'AuthorisationPolicy' (did you mean "
        + "AuthorizationPolicy?)");
    Path network = file("network.yaml", """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: np}
        spec: {}
        """);
    Run np = run("lint", network.toString());
    assertThat(np.code()).isEqualTo(2);
    assertThat(np.err()).contains("error: network.yaml:1: unknown kind 'NetworkPolicy'");

    Path authnOnly = file("ra.yaml", RA_ONLY);
    Run none = run("lint", authnOnly.toString());
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.out()).contains("[no-policies]").doesNotContain("clean");

    Path dryRunOnly = file("dry.yaml", """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: deny-prod, namespace: ml, annotations: {"istio.io/dry-run": "true"}}
        spec:
          action: DENY
          rules: [{to: [{operation: {paths: ["/v1/models/production-*"]}}]}]
        """);
    Run dry = run("lint", dryRunOnly.toString());
    assertThat(dry.code()).isEqualTo(1);
    assertThat(dry.out()).contains("[no-enforcing-policies]");
  }

  @Test
  void explainWarnsWhenNothingLoadedBecauseThatAllowsEverything() throws Exception {
    Path typo = file("only-typo.yaml", """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicies
        metadata: {name: deny-all, namespace: ml}
        spec: {action: DENY, rules: [{}]}
        """);
    Run r = run("explain", "--policy", typo.toString(), "--method", "GET", "--path", "/v1/models");
    assertThat(r.code()).isEqualTo(2); // issue 14 item 23: an unknown kind is an error, not a skip
    assertThat(r.err()).contains("error: only-typo.yaml:1: unknown kind 'AuthorizationPolicies'");
    Path authnOnly = file("only-ra.yaml", RA_ONLY);
    Run ra = run("explain", "--policy", authnOnly.toString(), "--method", "GET", "--path", "/v1/models");
    assertThat(ra.code()).isZero();
    assertThat(ra.err()).contains("note: only-ra.yaml:1: RequestAuthentication ml/jwt skipped")
        .contains("warning: no AuthorizationPolicy or AccessPolicy was loaded")
        .contains("refuses to start with these files unless allow-all is set");
  }

  @Test
  void explainReadsTheModelOfOpenAiRoutesFromBody() throws Exception {
    Path policy = file("llm.yaml", """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: llm, namespace: ml}
        spec:
          rules:
          - when:
            - {key: kserve.verb, values: [generate]}
            - {key: kserve.model, values: ["llama-*"]}
        """);
    String[] base = {"explain", "--policy", policy.toString(), "--method", "POST", "--path",
        "/openai/v1/chat/completions", "--claims", DS};
    Run noBody = run(base);
    assertThat(noBody.code()).isEqualTo(1);
    assertThat(noBody.err()).contains("without --body the model is unknown");

    Run ok = run(concat(base, "--body", "{\"model\":\"llama-3\",\"messages\":[]}"));
    assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.json().get("request").get("model").asText()).isEqualTo("llama-3");

    Path body = file("body.json", "{\"model\":\"gpt-x\"}");
    Run other = run(concat(base, "--body", "@" + body));
    assertThat(other.code()).isEqualTo(1);
    assertThat(other.json().get("status").asInt()).isEqualTo(403);

    Run twice = run(concat(base, "--body", "{\"model\":\"llama-3\",\"model\":\"gpt-x\"}"));
    assertThat(twice.code()).isEqualTo(1);
    assertThat(twice.json().get("status").asInt()).isEqualTo(400);
    assertThat(twice.json().get("reasons").toString()).contains("more than once");

    assertThat(run(concat(base, "--body", "@" + dir.resolve("nope.json"))).code()).isEqualTo(2);
  }

  /**
   * explain = the server (issue 14 item 5): the same request through the CLI and through a server's
   * facade gets the same status, for every spelling a router could take as another request. Before,
   * explain parsed the raw path itself and allowed /v1/models/secret%3Apredict, which the server denied.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0} {1} -> {2}")
  @org.junit.jupiter.params.provider.CsvSource(nullValues = "-", delimiter = '|', textBlock = """
      POST | /v1/models/secret%3Apredict           | 403 | -
      POST | /v1/models/secret:predict             | 403 | -
      POST | /v1/models/iris%3Apredict             | 200 | -
      POST | /v2/models/secret/versions/1%3F/infer | 400 | -
      POST | /v2/models/secret/versions/1%23/infer | 400 | -
      POST | /v2/models/secret/infer/              | 400 | -
      POST | /v2/models/secret/infer%00           | 400 | -
      post | /v2/models/iris/infer                | 400 | -
      GET  | /v2/models/secret                    | 200 | -
      POST | /openai/v1/completions/              | 400 | {"model":"secret"}
      POST | /openai/v1/completions               | 403 | {"model":"secret"}
      POST | /openai/v1/completions               | 400 | {"model":"iris","temperature":NaN}
      POST | /openai/v1/completions               | 200 | {"model":"iris"}
      GET  | /v2/models/a/../iris?x=1             | 200 | -
      """)
  void explainAnswersWhatTheServerAnswers(String method, String path, int want, String body) throws Exception {
    Path policy = file("secret.yaml", """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: secret-no-infer, namespace: ml}
        spec:
          action: DENY
          rules:
          - when:
            - {key: kserve.model, values: [secret]}
            - {key: kserve.verb, values: [infer, predict, generate]}
        """);
    String claims = "{\"iss\":\"https://auth.company.com\",\"sub\":\"admin\",\"role\":\"admin\"}";
    String[] args = {"explain", "--policy", policy.toString(), "--method", method, "--path", path, "--claims", claims};
    Run cli = run(body == null ? args : concat(args, "--body", body));
    assertThat(cli.json().get("status").asInt()).as(cli.out() + cli.err()).isEqualTo(want);
    assertThat(cli.code()).isEqualTo(want == 200 ? 0 : 1);

    // the server: the same policies behind the facade an adapter calls
    dev.kserveauth.authn.Principal admin = dev.kserveauth.testing.http.TableAuthenticator.principal("admin", "admin",
        "ml-platform");
    dev.kserveauth.KServeAuth server = dev.kserveauth.KServeAuth.builder()
        .authenticator(new dev.kserveauth.testing.http.TableAuthenticator(java.util.Map.of("admin", admin)))
        .policies(policy).auditSink(dev.kserveauth.audit.AuditSink.none()).build();
    int q = path.indexOf('?');
    String rawPath = q < 0 ? path : path.substring(0, q);
    dev.kserveauth.AuthResult served = server.authorize(new dev.kserveauth.http.RequestView(method, rawPath, "h",
        java.util.Map.of("authorization", List.of("Bearer admin")), java.util.Map.of(), java.util.Map.of(), "10.0.0.1",
        80, server.needsBody(method, rawPath) ? body.getBytes(StandardCharsets.UTF_8) : null));
    int servedStatus = served instanceof dev.kserveauth.AuthResult.Reject r ? r.status() : 200;
    assertThat(servedStatus).as("the server").isEqualTo(want);
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static final String CUSTOM = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: ext-authz, namespace: istio-system}
      spec:
        action: CUSTOM
        provider: {name: kubernetes-rbac}
        rules:
        - to:
          - operation:
              notPaths: ["/health"]
      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: allow-all, namespace: istio-system}
      spec:
        rules: [{}]
      """;

  @Test
  void explainShowsWhenAndWhyAProviderIsAskedAndSimulatesItsAnswer() throws Exception {
    String p = file("custom.yaml", CUSTOM).toString();
    Run allow = run("explain", "--policy", p, "--method", "POST", "--path", "/v1/models/iris:predict",
        "--provider-result", "kubernetes-rbac=allow");
    assertThat(allow.code()).isZero();
    JsonNode a = allow.json();
    assertThat(a.path("provider").path("asked").asBoolean()).isTrue();
    assertThat(a.path("provider").path("askedBecause").asText()).isEqualTo("custom.yaml#istio-system/ext-authz#rules[0] matched");
    assertThat(a.path("explanation").get(0).asText()).contains("CUSTOM rule matched: provider 'kubernetes-rbac' is asked");
    Run deny = run("explain", "--policy", p, "--method", "POST", "--path", "/v1/models/iris:predict",
        "--provider-result=kubernetes-rbac=deny");
    assertThat(deny.code()).isEqualTo(1);
    assertThat(deny.json().path("status").asInt()).isEqualTo(403);
    assertThat(deny.json().path("reasons").get(0).asText()).contains("external authorizer 'kubernetes-rbac'");
    Run assumed = run("explain", "--policy", p, "--method", "GET", "--path", "/v1/models/iris");
    assertThat(assumed.code()).isEqualTo(1);
    assertThat(assumed.json().path("provider").path("simulatedResult").asText()).startsWith("deny (assumed");
    Run health = run("explain", "--policy", p, "--method", "GET", "--path", "/health");
    assertThat(health.code()).isZero();
    assertThat(health.json().path("provider").path("asked").asBoolean()).isFalse();
    assertThat(health.json().path("explanation").toString()).contains("CUSTOM rule did not match")
        .contains("provider 'kubernetes-rbac' is not asked");
    assertThat(run("explain", "--policy", p, "--method", "GET", "--path", "/", "--provider-result", "x=maybe").code())
        .isEqualTo(2);
    assertThat(run("explain", "--policy", p, "--method", "GET", "--path", "/health", "--provider-result", "other=allow")
        .err()).contains("no CUSTOM policy names provider 'other'");
  }

  @Test
  void lintKnowsCustom() throws Exception {
    Path clean = file("custom.yaml", CUSTOM);
    assertThat(run("lint", clean.toString()).code()).isZero();
    Path bad = file("custom2.yaml", CUSTOM.replace("notPaths: [\"/health\"]", "paths: [\"/a\"]") + "---\n"
        + CUSTOM.substring(0, CUSTOM.indexOf("---")).replace("name: ext-authz,", "name: everything,")
            .replace("kubernetes-rbac", "oauth2-proxy").replace("""
        rules:
        - to:
          - operation:
              notPaths: ["/health"]
      """.stripIndent(), "  rules: [{}]\n"));
    Run r = run("lint", bad.toString());
    assertThat(r.out()).contains("[custom-several-providers]").contains("[custom-asks-for-everything]");
  }
}
