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
package dev.kserveauth.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.http.RequestView;
import dev.kserveauth.testing.MutableClock;
import dev.kserveauth.testing.TestKeys;
import dev.kserveauth.testing.TestTokens;
import dev.kserveauth.authn.AuthenticationOutcome;
import dev.kserveauth.authn.KeysUnavailableException;
import dev.kserveauth.authn.RequestAuthenticator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenReviewAuthenticatorTest {
  static final String OPAQUE = "sha256~opaque-openshift-token";
  @TempDir Path dir;
  FakeKubeApi api;
  MutableClock clock = MutableClock.at("2026-12-05T12:00:00Z");

  @BeforeEach
  void start() throws Exception {
    api = new FakeKubeApi(dir);
    api.tokens.put(OPAQUE, new FakeKubeApi.KnownToken("system:serviceaccount:team-a:scorer", "uid-1",
        List.of("system:serviceaccounts", "system:serviceaccounts:team-a", "system:authenticated"),
        Map.of(KubernetesUser.POD_NAME, List.of("scorer-0")), List.of("kserve", "https://kubernetes.default.svc")));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  static RequestView bearer(String token) {
    return new RequestView("GET", "/v1/models/m", "h", token == null ? Map.of()
        : Map.of("authorization", List.of("Bearer " + token)), Map.of(), Map.of(), "", 0, null);
  }

  static AuthenticationOutcome run(RequestAuthenticator a, RequestView r) throws Exception {
    return a.authenticateAsync(r).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  TokenReviewAuthenticatorBuilder builder() {
    return TokenReviewAuthenticator.builder(api.api("team-a")).clock(clock);
  }

  @Test
  void anAcceptedOpaqueTokenBecomesThePrincipalOfItsStatusUser() throws Exception {
    TokenReviewAuthenticator a = builder().audiences("kserve").build();
    AuthenticationOutcome o = run(a, bearer(OPAQUE));
    assertThat(o).isInstanceOf(AuthenticationOutcome.Authenticated.class);
    var p = ((AuthenticationOutcome.Authenticated) o).principal();
    assertThat(p.issuer()).isEqualTo(TokenReviewAuthenticator.ISSUER);
    assertThat(p.subject()).isEqualTo("system:serviceaccount:team-a:scorer");
    assertThat(p.roles()).contains("system:serviceaccounts:team-a");
    assertThat(p.kubernetes().namespace()).isEqualTo("team-a");
    assertThat(p.kubernetes().pod()).isEqualTo("scorer-0");
    assertThat(KubernetesUser.of(p)).contains(new KubernetesUser("system:serviceaccount:team-a:scorer", "uid-1",
        List.of("system:serviceaccounts", "system:serviceaccounts:team-a", "system:authenticated"),
        Map.of(KubernetesUser.POD_NAME, List.of("scorer-0"))));
    assertThat(FakeKubeApi.JSON.readTree(api.bodies.get(0))).isEqualTo(FakeKubeApi.JSON.readTree(
        "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"" + OPAQUE
            + "\",\"audiences\":[\"kserve\"]}}"));
  }

  @Test
  void aRefusedTokenIs401WithTheApiServersReasonButNeverTheToken() throws Exception {
    TokenReviewAuthenticator a = builder().build();
    String revoked = "sha256~revoked-token-value-that-is-long-enough";
    AuthenticationOutcome o = run(a, bearer(revoked));
    assertThat(o).isInstanceOf(AuthenticationOutcome.Failed.class);
    String msg = ((AuthenticationOutcome.Failed) o).error().getMessage();
    assertThat(msg).startsWith("token not accepted by the Kubernetes API server: [invalid bearer token")
        .doesNotContain(revoked).doesNotContain("revoked-token");
    // audiences that do not intersect: refused
    TokenReviewAuthenticator other = builder().audiences("pipelines.kubeflow.org").build();
    assertThat(run(other, bearer(OPAQUE))).isInstanceOf(AuthenticationOutcome.Failed.class);
  }

  @Test
  void answersAreCachedForTwoMinutesSoARevocationIsSeenAfterTheTtl() throws Exception {
    TokenReviewAuthenticator a = builder().build();
    assertThat(run(a, bearer(OPAQUE))).isInstanceOf(AuthenticationOutcome.Authenticated.class);
    api.tokens.remove(OPAQUE); // revoked (its pod deleted)
    clock.advance(Duration.ofSeconds(119));
    assertThat(run(a, bearer(OPAQUE))).isInstanceOf(AuthenticationOutcome.Authenticated.class);
    assertThat(api.calls("tokenreviews")).isEqualTo(1);
    clock.advance(Duration.ofSeconds(2));
    assertThat(run(a, bearer(OPAQUE))).isInstanceOf(AuthenticationOutcome.Failed.class);
    assertThat(api.calls("tokenreviews")).isEqualTo(2);
  }

  @Test
  void aJwtIsKeptNoLongerThanItsExpiry() throws Exception {
    String jwt = TestTokens.rs256().issuer("https://elsewhere").clock(clock).expiresIn(Duration.ofSeconds(30)).build();
    api.tokens.put(jwt, new FakeKubeApi.KnownToken("alice", "", List.of("system:authenticated"), Map.of(), List.of("x")));
    TokenReviewAuthenticator a = builder().build();
    run(a, bearer(jwt));
    clock.advance(Duration.ofSeconds(31));
    run(a, bearer(jwt));
    assertThat(api.calls("tokenreviews")).isEqualTo(2);
  }

  @Test
  void apiFailuresAre503AndNeverCached() throws Exception {
    TokenReviewAuthenticator a = builder().build();
    api.failStatus.set(503);
    AuthenticationOutcome o = run(a, bearer(OPAQUE));
    assertThat(((AuthenticationOutcome.Failed) o).error()).isInstanceOf(KeysUnavailableException.class);
    api.failStatus.set(0);
    assertThat(run(a, bearer(OPAQUE))).isInstanceOf(AuthenticationOutcome.Authenticated.class);
    assertThat(a.stats().errors()).containsEntry("server", 1L);
  }

  @Test
  void jwtsOfConfiguredIssuersStayOfflineOthersAreReviewed() throws Exception {
    Path ra = dir.resolve("ra.yaml");
    Files.writeString(ra, """
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        metadata: {name: jwt}
        spec:
          jwtRules:
          - issuer: %s
            jwks: '%s'
            forwardOriginalToken: true
        """.formatted(TestTokens.ISSUER, TestKeys.jwks(TestKeys.RSA_KID)));
    RequestAuthenticator jwt = RequestAuthenticator.builder().rulesFrom(ra).build();
    TokenReviewAuthenticator a = builder().delegate(jwt).build();
    String good = TestTokens.rs256().build();
    assertThat(run(a, bearer(good))).isInstanceOf(AuthenticationOutcome.Authenticated.class);
    String expired = TestTokens.rs256().expiresIn(Duration.ofSeconds(-600)).build();
    assertThat(run(a, bearer(expired))).isInstanceOf(AuthenticationOutcome.Failed.class);
    assertThat(api.calls("tokenreviews")).isZero(); // a configured issuer's verdict stands
    assertThat(run(a, bearer(OPAQUE))).isInstanceOf(AuthenticationOutcome.Authenticated.class);
    assertThat(api.calls("tokenreviews")).isEqualTo(1);
    assertThat(run(a, bearer(null))).isInstanceOf(AuthenticationOutcome.Anonymous.class);
    // reviewAllTokens: the offline-valid JWT is reviewed too (and unknown to the API server here: refused)
    TokenReviewAuthenticator all = builder().delegate(jwt).reviewAllTokens(true).build();
    assertThat(run(all, bearer(good))).isInstanceOf(AuthenticationOutcome.Failed.class);
    assertThat(api.calls("tokenreviews")).isEqualTo(2);
  }
}
