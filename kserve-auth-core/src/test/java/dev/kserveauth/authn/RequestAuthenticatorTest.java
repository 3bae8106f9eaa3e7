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

import dev.kserveauth.http.BearerErrorCode;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.testing.MutableClock;
import dev.kserveauth.testing.TestKeys;
import dev.kserveauth.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Istio RequestAuthentication semantics end to end through real validators with inline keys. */
class RequestAuthenticatorTest {
  private static final String OTHER = "https://other.test";
  private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");

  private RequestAuthenticator auth(JwtRule... rules) {
    return RequestAuthenticator.builder().rules(List.of(rules)).clock(clock).build();
  }

  private static JwtRuleBuilder rule(String issuer) {
    return JwtRule.builder(issuer).jwks(TestKeys.jwks());
  }

  private String token() {
    return TestTokens.rs256().clock(clock).build();
  }

  private static RequestView bearer(String token) {
    return headers(Map.of("Authorization", List.of("Bearer " + token)));
  }

  private static RequestView headers(Map<String, List<String>> h) {
    return new RequestView("POST", "/v1/models/iris:predict", "iris.example.com", h, Map.of(), Map.of(), "10.0.0.1", 8080, null);
  }

  private static RequestView params(String name, String value) {
    return new RequestView("GET", "/v1/models/iris", "h", Map.of(), Map.of(name, List.of(value)), Map.of(), "10.0.0.1", 8080, null);
  }

  private static TokenException failure(AuthenticationOutcome o) {
    assertThat(o).isInstanceOf(AuthenticationOutcome.Failed.class);
    return ((AuthenticationOutcome.Failed) o).error();
  }

  @Test
  void manyCallersWithTheirOwnTokensEachGetTheirOwnPrincipal() throws Exception {
    // more distinct tokens than the extractor's and the token cache's 64-slot memos hold, from several
    // threads in different orders: every answer must be the principal of exactly the token sent
    RequestAuthenticator a = auth(rule(TestTokens.ISSUER).audiences("kserve").build());
    int n = 151; // prime: every stride below visits every token once per round
    List<String> tokens = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      tokens.add(TestTokens.es256().clock(clock).subject("user-" + i).build());
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Integer>> done = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int stride = 2 * t + 1; // each thread its own order
        done.add(pool.submit(() -> {
          int checked = 0;
          for (int round = 0; round < 3; round++) {
            for (int k = 0; k < n; k++) {
              int i = (k * stride + round) % n;
              AuthenticationOutcome o = a.authenticate(bearer(tokens.get(i)));
              assertThat(o).isInstanceOf(AuthenticationOutcome.Authenticated.class);
              assertThat(((AuthenticationOutcome.Authenticated) o).principal().subject()).isEqualTo("user-" + i);
              checked++;
            }
          }
          return checked;
        }));
      }
      for (java.util.concurrent.Future<Integer> f : done) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(3 * n);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void noTokenIsAnonymous() {
    RequestAuthenticator a = auth(rule(TestTokens.ISSUER).audiences("kserve").build());
    assertThat(a.authenticate(headers(Map.of()))).isInstanceOf(AuthenticationOutcome.Anonymous.class);
    // a token in a location no rule names is not seen
    assertThat(a.authenticate(params("token", token()))).isInstanceOf(AuthenticationOutcome.Anonymous.class);
  }

  @Test
  void validBearerTokenAuthenticatesWithOutputHeaders() throws Exception {
    RequestAuthenticator a = auth(rule(TestTokens.ISSUER).audiences("kserve")
        .outputClaimToHeader("x-user", "sub").outputClaimToHeader("x-team", "attrs.team")
        .outputClaimToHeader("x-level", "level").outputClaimToHeader("x-admin", "admin")
        .outputClaimToHeader("x-groups", "groups")
        .outputPayloadToHeader("X-Jwt-Payload").forwardOriginalToken(true).build());
    String t = TestTokens.rs256().clock(clock).claim("attrs", Map.of("team", "ml")).claim("level", 3)
        .claim("admin", true).claim("groups", List.of("a", "b")).build();
    AuthenticationOutcome o = a.authenticateAsync(bearer(t)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(o).isInstanceOf(AuthenticationOutcome.Authenticated.class);
    AuthenticationOutcome.Authenticated ok = (AuthenticationOutcome.Authenticated) o;
    assertThat(ok.principal().subject()).isEqualTo(TestTokens.SUBJECT);
    assertThat(ok.location()).isEqualTo(new TokenLocation(TokenLocation.Kind.HEADER, "authorization"));
    assertThat(ok.forwardOriginalToken()).isTrue();
    assertThat(ok.outputHeaders()).containsEntry("x-user", TestTokens.SUBJECT).containsEntry("x-team", "ml")
        .containsEntry("x-level", "3").containsEntry("x-admin", "true").doesNotContainKey("x-groups");
    String payload = new String(Base64.getUrlDecoder().decode(ok.outputHeaders().get("x-jwt-payload")), StandardCharsets.UTF_8);
    assertThat(payload).contains("\"sub\":\"" + TestTokens.SUBJECT + "\"");
    assertThat(ok.outputHeaders().get("x-jwt-payload")).doesNotContain("=");
    assertThat(a.outputHeaderNames()).containsExactly("x-user", "x-team", "x-level", "x-admin", "x-groups", "x-jwt-payload");
  }

  @Test
  void accessTokenQueryParamIsADefaultLocation() {
    RequestAuthenticator a = auth(rule(TestTokens.ISSUER).audiences("kserve").build());
    AuthenticationOutcome o = a.authenticate(params("access_token", token()));
    assertThat(o).isInstanceOfSatisfying(AuthenticationOutcome.Authenticated.class, ok -> {
      assertThat(ok.location().kind()).isEqualTo(TokenLocation.Kind.QUERY_PARAM);
      assertThat(ok.forwardOriginalToken()).isFalse();
    });
  }

  @Test
  void invalidTokensFailWithPreciseReasons() {
    RequestAuthenticator a = auth(rule(TestTokens.ISSUER).audiences("kserve").build());
    TokenException expired = failure(a.authenticate(bearer(TestTokens.rs256().clock(clock).expiresIn(Duration.ofMinutes(-5)).build())));
    assertThat(expired).isInstanceOf(ExpiredTokenException.class);
    assertThat(expired.bearerError()).isEqualTo(BearerErrorCode.INVALID_TOKEN);
    assertThat(failure(a.authenticate(bearer("not-a-jwt"))).bearerError()).isEqualTo(BearerErrorCode.INVALID_TOKEN);
    assertThat(failure(a.authenticate(bearer(TestTokens.rs256().clock(clock).audience("other").build()))))
        .hasMessageContaining("audience");
  }

  @Test
  void tokenFromAnUnconfiguredIssuerIsInvalidNotAnonymous() {
    RequestAuthenticator single = auth(rule(TestTokens.ISSUER).audiences("kserve").build());
    String foreign = TestTokens.rs256().clock(clock).issuer("https://evil.test").build();
    assertThat(failure(single.authenticate(bearer(foreign))).bearerError()).isEqualTo(BearerErrorCode.INVALID_TOKEN);

    RequestAuthenticator two = auth(rule(TestTokens.ISSUER).audiences("kserve").build(), rule(OTHER).audiences("kserve").build());
    assertThat(failure(two.authenticate(bearer(foreign)))).hasMessageContaining("issuer is not configured")
        .hasMessageNotContaining("evil");
  }

  @Test
  void tokenAtALocationItsIssuerDidNotDeclareIsRejected() {
    RequestAuthenticator a = auth(
        rule(TestTokens.ISSUER).audiences("kserve").build(),
        rule(OTHER).audiences("kserve").fromHeader("x-other-token", "").build());
    String otherToken = TestTokens.rs256().clock(clock).issuer(OTHER).build();
    assertThat(a.authenticate(headers(Map.of("x-other-token", List.of(otherToken)))))
        .isInstanceOf(AuthenticationOutcome.Authenticated.class);
    // OTHER's token in the Authorization header, which only TestTokens.ISSUER's rule reads
    assertThat(a.authenticate(bearer(otherToken))).isInstanceOf(AuthenticationOutcome.Failed.class);
  }

  @Test
  void severalRulesForOneIssuerAcceptIfAnyAccepts() {
    RequestAuthenticator a = auth(rule(TestTokens.ISSUER).audiences("first").build(),
        rule(TestTokens.ISSUER).audiences("kserve").outputClaimToHeader("x-sub", "sub").build());
    AuthenticationOutcome o = a.authenticate(bearer(token()));
    assertThat(o).isInstanceOfSatisfying(AuthenticationOutcome.Authenticated.class,
        ok -> assertThat(ok.outputHeaders()).containsEntry("x-sub", TestTokens.SUBJECT));
    // neither accepts: the first rule's reason
    assertThat(failure(a.authenticate(bearer(TestTokens.rs256().clock(clock).audience("nobody").build()))))
        .hasMessageContaining("audience");
  }

  @Test
  void everyTokenInTheRequestMustVerify() {
    RequestAuthenticator a = auth(rule(TestTokens.ISSUER).audiences("kserve").build());
    String expired = TestTokens.rs256().clock(clock).expiresIn(Duration.ofMinutes(-10)).build();
    RequestView both = new RequestView("GET", "/", "h", Map.of("authorization", List.of("Bearer " + token())),
        Map.of("access_token", List.of(expired)), Map.of(), "", 0, null);
    assertThat(failure(a.authenticate(both))).isInstanceOf(ExpiredTokenException.class);
    RequestView twoValid = new RequestView("GET", "/", "h", Map.of("authorization", List.of("Bearer " + token())),
        Map.of("access_token", List.of(TestTokens.es256().clock(clock).subject("second").build())), Map.of(), "", 0, null);
    assertThat(a.authenticate(twoValid)).isInstanceOfSatisfying(AuthenticationOutcome.Authenticated.class,
        ok -> assertThat(ok.principal().subject()).isEqualTo(TestTokens.SUBJECT));
  }

  @Test
  void malformedAuthorizationHeaderIsInvalidRequest() {
    RequestAuthenticator a = auth(rule(TestTokens.ISSUER).audiences("kserve").build());
    TokenException e = failure(a.authenticate(headers(Map.of("Authorization", List.of("Bearer")))));
    assertThat(e).isInstanceOf(InvalidRequestException.class);
    assertThat(e.bearerError()).isEqualTo(BearerErrorCode.INVALID_REQUEST);
    assertThat(failure(a.authenticate(headers(Map.of("Authorization", List.of("Bearer " + token() + " " + token())))))
        .bearerError()).isEqualTo(BearerErrorCode.INVALID_REQUEST);
    assertThat(failure(a.authenticate(headers(Map.of("Authorization", List.of("Bearer " + token(), "Bearer " + token())))))
        .bearerError()).isEqualTo(BearerErrorCode.INVALID_REQUEST);
  }

  @Test
  void hostileInputNeverEscapesAsAnException() {
    RequestAuthenticator a = auth(rule(TestTokens.ISSUER).audiences("kserve").build(), rule(OTHER).audiences("kserve").build());
    for (String t : List.of("a.b.c", "...", "e30.e30.", "eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.", "x".repeat(100_000),
        "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln")) {
      AuthenticationOutcome o = a.authenticateAsync(bearer(t)).toCompletableFuture().join();
      assertThat(o).as(t.length() > 40 ? t.substring(0, 40) : t).isInstanceOf(AuthenticationOutcome.Failed.class);
    }
  }

  @Test
  void builderRequiresRules() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RequestAuthenticator.builder().build())
        .isInstanceOf(IllegalStateException.class);
  }
}
