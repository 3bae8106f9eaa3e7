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

import dev.kserveauth.http.RequestView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenExtractorTest {
  private static final String T = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0.c2ln";
  private static final String T2 = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJiIn0.c2ln";

  private static RequestView req(Map<String, List<String>> headers, Map<String, List<String>> params, Map<String, String> cookies) {
    return new RequestView("GET", "/v1/models/m", "h", headers, params, cookies, "10.0.0.1", 8080, null);
  }

  private static RequestView headers(String name, String... values) {
    return req(Map.of(name, List.of(values)), Map.of(), Map.of());
  }

  private static final TokenExtractor DEFAULTS = new TokenExtractor(List.of(JwtRule.builder("a").jwks("{}").build()));

  @Test
  void defaultRuleReadsBearerHeader() {
    TokenExtractor.Result r = DEFAULTS.extract(headers("Authorization", "Bearer " + T));
    assertThat(r.malformed()).isFalse();
    assertThat(r.tokens()).singleElement().satisfies(f -> {
      assertThat(f.token()).isEqualTo(T);
      assertThat(f.location()).isEqualTo(new TokenLocation(TokenLocation.Kind.HEADER, "authorization"));
      assertThat(f.rules()).containsExactly(0);
    });
  }

  @Test
  void defaultRuleReadsAccessTokenParam() {
    TokenExtractor.Result r = DEFAULTS.extract(req(Map.of(), Map.of("access_token", List.of(T)), Map.of()));
    assertThat(r.tokens()).singleElement().satisfies(f ->
        assertThat(f.location()).isEqualTo(new TokenLocation(TokenLocation.Kind.QUERY_PARAM, "access_token")));
  }

  @Test
  void noTokenAnywhereIsEmptyNotMalformed() {
    TokenExtractor.Result r = DEFAULTS.extract(req(Map.of("x-other", List.of("y")), Map.of("token", List.of(T)), Map.of("c", T)));
    assertThat(r.malformed()).isFalse();
    assertThat(r.tokens()).isEmpty();
  }

  @Test
  void otherSchemesAndLowerCaseBearerAreIgnoredLikeEnvoy() {
    assertThat(DEFAULTS.extract(headers("Authorization", "Basic dXNlcjpwYXNz")).tokens()).isEmpty();
    assertThat(DEFAULTS.extract(headers("Authorization", "bearer " + T)).tokens()).isEmpty();
  }

  @Test
  void prefixIsFoundAnywhereAndLeadingJunkSkipped() {
    assertThat(DEFAULTS.extract(headers("Authorization", "Basic x, Bearer " + T)).tokens())
        .singleElement().satisfies(f -> assertThat(f.token()).isEqualTo(T));
    assertThat(DEFAULTS.extract(headers("Authorization", "Bearer   \"" + T)).tokens())
        .singleElement().satisfies(f -> assertThat(f.token()).isEqualTo(T));
  }

  @Test
  void bearerWithoutTokenIsInvalidRequest() {
    TokenExtractor.Result r = DEFAULTS.extract(headers("Authorization", "Bearer"));
    assertThat(r.malformed()).isTrue();
    assertThat(r.problem()).contains("authorization").contains("no token");
    assertThat(DEFAULTS.extract(headers("Authorization", "Bearer   ")).problem()).contains("no token");
  }

  @Test
  void twoTokensInOneHeaderIsInvalidRequest() {
    TokenExtractor.Result r = DEFAULTS.extract(headers("Authorization", "Bearer " + T + " " + T2));
    assertThat(r.problem()).contains("more than one token");
    assertThat(DEFAULTS.extract(headers("Authorization", "Bearer " + T + ",Bearer " + T2)).problem()).isNotNull();
  }

  @Test
  void twoAuthorizationHeadersWithTokensIsInvalidRequest() {
    assertThat(DEFAULTS.extract(headers("Authorization", "Bearer " + T, "Bearer " + T2)).problem())
        .contains("more than one authorization header");
    // a second header without the prefix is ignored
    assertThat(DEFAULTS.extract(headers("Authorization", "Bearer " + T, "Basic abc")).tokens()).hasSize(1);
  }

  @Test
  void repeatedOrEmptyQueryParamIsInvalidRequest() {
    assertThat(DEFAULTS.extract(req(Map.of(), Map.of("access_token", List.of(T, T2)), Map.of())).problem())
        .contains("more than one 'access_token'");
    assertThat(DEFAULTS.extract(req(Map.of(), Map.of("access_token", List.of("")), Map.of())).problem())
        .contains("empty");
  }

  @Test
  void tokensInHeaderAndParamAreBothReturned() {
    TokenExtractor.Result r = DEFAULTS.extract(req(Map.of("authorization", List.of("Bearer " + T)),
        Map.of("access_token", List.of(T2)), Map.of()));
    assertThat(r.tokens()).extracting(TokenExtractor.Found::token).containsExactly(T, T2);
    // the same token twice is verified once
    TokenExtractor.Result same = DEFAULTS.extract(req(Map.of("authorization", List.of("Bearer " + T)),
        Map.of("access_token", List.of(T)), Map.of()));
    assertThat(same.tokens()).hasSize(1);
  }

  @Test
  void customLocationsReplaceTheDefaults() {
    TokenExtractor x = new TokenExtractor(List.of(JwtRule.builder("a").jwks("{}")
        .fromHeader("X-Jwt-Assertion", "").fromParam("token").fromCookie("session").build()));
    assertThat(x.extract(headers("Authorization", "Bearer " + T)).tokens()).isEmpty();
    assertThat(x.extract(headers("x-jwt-assertion", T)).tokens()).singleElement()
        .satisfies(f -> assertThat(f.location().name()).isEqualTo("x-jwt-assertion"));
    assertThat(x.extract(req(Map.of(), Map.of("token", List.of(T)), Map.of())).tokens()).hasSize(1);
    Map<String, String> cookies = new LinkedHashMap<>();
    cookies.put("session", T);
    assertThat(x.extract(req(Map.of(), Map.of(), cookies)).tokens()).singleElement()
        .satisfies(f -> assertThat(f.location().kind()).isEqualTo(TokenLocation.Kind.COOKIE));
  }

  @Test
  void sharedLocationRemembersEveryRuleThatDeclaredIt() {
    TokenExtractor x = new TokenExtractor(List.of(
        JwtRule.builder("a").jwks("{}").build(),
        JwtRule.builder("b").jwks("{}").fromHeader("x-token", "").build(),
        JwtRule.builder("c").jwks("{}").build()));
    assertThat(x.extract(headers("Authorization", "Bearer " + T)).tokens()).singleElement()
        .satisfies(f -> assertThat(f.rules()).containsExactly(0, 2));
    assertThat(x.extract(headers("x-token", T)).tokens()).singleElement()
        .satisfies(f -> assertThat(f.rules()).containsExactly(1));
  }

  @Test
  void customPrefixIsCaseSensitive() {
    TokenExtractor x = new TokenExtractor(List.of(JwtRule.builder("a").jwks("{}").fromHeader("x-auth", "Token ").build()));
    assertThat(x.extract(headers("x-auth", "Token " + T)).tokens()).hasSize(1);
    assertThat(x.extract(headers("x-auth", "token " + T)).tokens()).isEmpty();
  }
}
