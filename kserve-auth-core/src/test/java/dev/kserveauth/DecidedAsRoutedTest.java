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
package dev.kserveauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.audit.AuditEvent;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.policy.ExplainLevel;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.policy.PolicySet;
import dev.kserveauth.route.KServeRoute;
import dev.kserveauth.testing.http.TableAuthenticator;
import dev.kserveauth.authn.Principal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The request that is decided is the request that is routed (issue 14, items 1, 2, 5, 6, 7 and the
 * method / {@code %00} part of 22), on the real facade with the real Istio policy engine. The same
 * attacks run over HTTP on both stacks in {@code conformance/http/route-spellings.yaml}.
 */
class DecidedAsRoutedTest {

  static final String POLICIES = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: secret-no-infer, namespace: ml}
      spec:
        action: DENY
        rules:
        - when:
          - {key: kserve.model, values: [secret]}
          - {key: kserve.verb, values: [infer, predict, generate]}
      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: no-infer-path, namespace: ml}
      spec:
        action: DENY
        rules:
        - to: [{operation: {paths: ["*/infer"]}}]
          when:
          - key: request.auth.claims[role]
            values: [viewer]
      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: grants, namespace: ml}
      spec:
        action: ALLOW
        rules:
        - when:
          - key: request.auth.claims[role]
            values: [viewer]
          - {key: kserve.verb, values: [metadata, ready, list]}
        - when:
          - key: request.auth.claims[role]
            values: [admin]
      """;

  static final Principal ADMIN = TableAuthenticator.principal("admin", "admin", "ml-platform");
  static final Principal VIEWER = TableAuthenticator.principal("viewer", "viewer", "ml-platform");

  final List<AuditEvent> events = new CopyOnWriteArrayList<>();

  KServeAuth auth(String... publicPaths) {
    PolicyEngine engine = PolicyEngine.builder().policies(PolicySet.parse(POLICIES, "policies.yaml"))
        .explain(ExplainLevel.FULL).build();
    return KServeAuth.builder().authenticator(new TableAuthenticator(Map.of("admin", ADMIN, "viewer", VIEWER)))
        .policyEngine(engine).publicPaths(publicPaths).auditSink(events::add).build();
  }

  static RequestView req(String method, String rawPath, String token, String body) {
    return new RequestView(method, rawPath, "localhost", Map.of("authorization", List.of("Bearer " + token)),
        Map.of(), Map.of(), "127.0.0.1", 8080, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  static int status(AuthResult r) {
    return r instanceof AuthResult.Reject j ? j.status() : 200;
  }

  @Test
  void theAttacksRouteAsWrittenAreDeniedWithoutTheTricks() {
    KServeAuth a = auth();
    assertThat(status(a.authorize(req("POST", "/v2/models/secret/versions/1/infer", "admin", null)))).isEqualTo(403);
    assertThat(status(a.authorize(req("POST", "/v2/models/iris/versions/1/infer", "viewer", null)))).isEqualTo(403);
    assertThat(status(a.authorize(req("GET", "/v2/models/iris/versions/1", "viewer", null)))).isEqualTo(200);
    assertThat(status(a.authorize(req("POST", "/openai/v1/completions", "admin", "{\"model\":\"secret\"}"))))
        .isEqualTo(403);
  }

  /** Two Host headers: the decision would read the first, a server or application may read the other. */
  @Test
  void moreThanOneHostHeaderIs400() {
    RequestView twoHosts = new RequestView("GET", "/v1/models/iris", "public.example.com",
        Map.of("authorization", List.of("Bearer admin"), "host", List.of("public.example.com", "internal.example.com")),
        Map.of(), Map.of(), "127.0.0.1", 8080, null);
    AuthResult r = auth("/v1/*").authorize(twoHosts); // before the public paths too
    assertThat(status(r)).isEqualTo(400);
    assertThat(((AuthResult.Reject) r).bodyText()).contains("more than one Host header");
    RequestView oneHost = new RequestView("GET", "/v1/models/iris", "public.example.com",
        Map.of("authorization", List.of("Bearer admin"), "host", List.of("public.example.com")),
        Map.of(), Map.of(), "127.0.0.1", 8080, null);
    assertThat(status(auth().authorize(oneHost))).isEqualTo(200);
  }

  /** Item 1: a decoded '?' or '#' used to cut the path, turning an infer into "metadata" of version "1". */
  @ParameterizedTest(name = "{0} {1} as {2}")
  @CsvSource({
      "POST, /v2/models/secret/versions/1%3F/infer, admin",
      "POST, /v2/models/secret/versions/1%3f/infer, admin",
      "POST, /v2/models/secret/versions/1%23/infer, admin",
      "POST, /v2/models/iris/versions/1%3F/infer, viewer",
      "POST, /v2/models/iris/versions/1%23x/infer, viewer",
      "POST, /v2/models/secret%3Bv=1/infer, admin",
  })
  void anEncodedQueryFragmentOrParameterMarkIs400AndNeverACut(String method, String path, String token) {
    AuthResult r = auth().authorize(req(method, path, token, null));
    assertThat(status(r)).isEqualTo(400);
    assertThat(((AuthResult.Reject) r).bodyText()).contains("encoded '");
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.event()).isEqualTo("request_rejected");
      assertThat(e.verb()).isEqualTo("other"); // never audited as "metadata"
    });
  }

  /** Item 2: a trailing '/' used to make the route "other" with no model, passing a DENY on kserve.model. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
      POST | /v2/models/secret/infer/             | -
      POST | /v2/models/secret/versions/1/infer/  | -
      POST | /v2/models/secret/infer/.            | -
      POST | /v2/models/secret/infer/x/..         | -
      POST | /v1/models/secret:predict/           | -
      POST | /openai/v1/completions/              | {"model":"secret"}
      POST | /openai/v1/chat/completions/         | {"model":"secret"}
      POST | /v1/completions/                     | {"model":"secret"}
      """)
  void aTrailingSlashOnARouteIs400(String method, String path, String body) {
    AuthResult r = auth().authorize(req(method, path, "admin", body));
    assertThat(status(r)).isEqualTo(400);
    assertThat(((AuthResult.Reject) r).bodyText()).contains("trailing '/'");
  }

  /** Item 6: the route parser (lenient) read a model from bodies the facade (strict) refused; now one parser. */
  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
      "{\"model\":\"llama\",\"temperature\":NaN}", "{\"model\":\"llama\"} trailing", "{\"model\":\"llama\",}",
      "{\"model\":\"a\",\"model\":\"secret\"}", "{'model':'secret'}", "", "{\"model\":[\"secret\"]}"})
  void anOpenAiBodyIsParsedOnceAndStrictly(String body) {
    AuthResult r = auth().authorize(req("POST", "/openai/v1/completions", "admin", body));
    assertThat(status(r)).isEqualTo(400);
    assertThat(events).singleElement().extracting(AuditEvent::event).isEqualTo("request_rejected");
  }

  /** Item 7: public paths match as policy paths do (Istio): '*foo*' is the suffix "foo*", not a prefix "*foo". */
  @Test
  void publicPathsUseThePolicyPathMatcher() {
    assertThat(KServeAuth.matches("*foo*", "/x/foo*")).isTrue();
    assertThat(KServeAuth.matches("*foo*", "*foo/bar")).isFalse(); // the old prefix reading matched this
    assertThat(KServeAuth.matches("/v2/models/*", "/v2/models/secret/infer")).isTrue();
    assertThat(KServeAuth.matches("/v1/models/*:predict", "/v1/models/x:predict")).isFalse(); // literal '*'
    assertThat(KServeAuth.matches("/docs/{*}", "/docs/a")).isTrue();
    assertThat(KServeAuth.matches("/docs/{*}", "/docs/a/b")).isFalse();
    assertThat(KServeAuth.matches("/docs/{**}", "/docs/a/b")).isTrue();

    KServeAuth a = auth("*health*", "/docs/{*}");
    // "*health*" is a suffix match on "health*": /v2/models/secret/infer is not public, /x/health* is
    assertThat(status(a.authorize(req("POST", "/v2/models/secret/infer", "viewer", null)))).isEqualTo(403);
    assertThat(status(a.authorize(req("GET", "/docs/index", "nobody", null)))).isEqualTo(200);
    assertThat(status(a.authorize(req("GET", "/docs/a/b", "viewer", null)))).isEqualTo(403);
  }

  @Test
  void aBadPublicPathTemplateFailsAtBuild() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> KServeAuth.builder().publicPaths("/a/{**}/b/{**}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad path template");
  }

  /** Item 22: as Istio answers, a method that is not upper case, or not a token, and %00 are 400. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "post, /v2/models/secret/infer", "Post, /v2/models/secret/infer", "get, /v2/models/iris",
      "'PO ST', /v2/models/secret/infer", "'', /v2/models/secret/infer", "POST, /v2/models/secret%00/infer",
      "POST, /v2/models/secret/infer%00",
  })
  void lowerCaseMethodsAndNulAre400(String method, String path) {
    AuthResult r = auth().authorize(req(method, path, "admin", null));
    assertThat(status(r)).isEqualTo(400);
  }

  @Test
  void customUpperCaseMethodsStillReachThePolicies() {
    assertThat(status(auth().authorize(req("PROPFIND", "/v2/models/iris", "admin", null)))).isEqualTo(200);
    assertThat(status(auth().authorize(req("M-SEARCH", "/v2/models/secret/infer", "admin", null)))).isEqualTo(403);
  }

  /** Item 5: explain takes the server's path: same result, same route, no audit event, for every spelling. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
      POST | /v1/models/secret%3Apredict          | admin  | -
      POST | /v1/models/secret:predict            | admin  | -
      POST | /v2/models/secret/versions/1%3F/infer | admin | -
      POST | /v2/models/secret/infer/             | admin  | -
      POST | /openai/v1/completions               | admin  | {"model":"secret","t":NaN}
      POST | /openai/v1/completions               | admin  | {"model":"secret"}
      GET  | /v2/models/iris                      | viewer | -
      post | /v2/models/iris                      | viewer | -
      GET  | /docs/a                              | nobody | -
      GET  | /v2/models/a/../iris                 | viewer | -
      """)
  void explainAnswersWhatTheServerAnswers(String method, String path, String token, String body) throws Exception {
    KServeAuth a = auth("/docs/{*}");
    RequestView view = req(method, path, token, body);
    AuthResult served = a.authorize(view);
    AuthResult servedAsync = a.authorizeAsync(view).toCompletableFuture().get(10, TimeUnit.SECONDS);
    int audited = events.size();
    KServeAuth.Explanation explained = a.explain(view);
    assertThat(events).as("explain records nothing").hasSize(audited);
    assertThat(status(explained.result())).isEqualTo(status(served)).isEqualTo(status(servedAsync));
    assertThat(explained.result().path()).isEqualTo(served.path());
    assertThat(explained.result().decision().reasons()).isEqualTo(served.decision().reasons());
    assertThat(explained.result().decision().policy()).isEqualTo(served.decision().policy());
    if (served.decision().policy() != null) {
      assertThat(explained.route()).isNotEqualTo(KServeRoute.other());
    }
  }

  @Test
  void explainNamesTheRouteItDecided() {
    KServeAuth.Explanation e = auth().explain(req("POST", "/v1/models/secret%3Apredict", "admin", null));
    assertThat(e.route()).isEqualTo(new KServeRoute(KServeRoute.Protocol.V1, KServeRoute.Verb.PREDICT, "secret", null));
    assertThat(status(e.result())).isEqualTo(403);
    assertThat(e.result().decision().explanation()).isNotEmpty();
  }
}
