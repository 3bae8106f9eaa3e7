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

import dev.kserveauth.authn.AuthenticationOutcome;
import dev.kserveauth.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The review counters as Micrometer meters move with real calls against the fake API server. */
class KubernetesMetersTest {
  static final String NS = "team-a";
  @TempDir Path dir;
  FakeKubeApi api;
  MutableClock clock = MutableClock.at("2026-12-05T12:00:00Z");
  SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void start() throws Exception {
    api = new FakeKubeApi(dir);
    api.bindServiceAccount(NS, "scorer", "sklearn-iris", "get");
    api.tokens.put(TokenReviewAuthenticatorTest.OPAQUE, new FakeKubeApi.KnownToken("system:serviceaccount:team-a:scorer",
        "uid-1", List.of("system:serviceaccounts", "system:authenticated"), Map.of(), List.of("kserve")));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  double count(String name, String review, String key, String value) {
    return registry.get(name).tags("review", review, key, value).functionCounter().count();
  }

  double sar(String name, String key, String value) {
    return count(name, KubernetesMeters.SUBJECT_ACCESS_REVIEW, key, value);
  }

  @Test
  void subjectAccessReviewMetersCountAnswersCacheAndErrors() throws Exception {
    SubjectAccessReviewAuthorizer sar = SubjectAccessReviewAuthorizer.builder(api.api(NS)).clock(clock).build();
    KubernetesMeters.bind(registry, sar);
    var predict = SubjectAccessReviewAuthorizerTest.request("POST", "/v1/models/sklearn-iris:predict");
    var scorer = SubjectAccessReviewAuthorizerTest.sa(NS, "scorer", clock.instant().plus(Duration.ofHours(1)));
    var intruder = SubjectAccessReviewAuthorizerTest.sa(NS, "intruder", clock.instant().plus(Duration.ofHours(1)));

    assertThat(SubjectAccessReviewAuthorizerTest.decide(sar, scorer, predict, "sklearn-iris").allowed()).isTrue();
    assertThat(SubjectAccessReviewAuthorizerTest.decide(sar, scorer, predict, "sklearn-iris").allowed()).isTrue();
    assertThat(SubjectAccessReviewAuthorizerTest.decide(sar, intruder, predict, "sklearn-iris").status()).isEqualTo(403);
    assertThat(sar("kubernetes_review_requests", "result", "allow")).isEqualTo(1);
    assertThat(sar("kubernetes_review_requests", "result", "deny")).isEqualTo(1);
    assertThat(sar("kubernetes_review_requests", "result", "error")).isZero();
    assertThat(sar("kubernetes_review_cache_requests", "result", "hit")).isEqualTo(1);
    assertThat(sar("kubernetes_review_cache_requests", "result", "miss")).isEqualTo(2);
    assertThat(registry.get("kubernetes_review_cache_entries").tags("review", "subjectaccessreview").gauge().value())
        .isEqualTo(2);
    assertThat(api.calls("subjectaccessreviews")).isEqualTo(2);

    api.failStatus.set(500);
    var other = SubjectAccessReviewAuthorizerTest.sa(NS, "other", clock.instant().plus(Duration.ofHours(1)));
    assertThat(SubjectAccessReviewAuthorizerTest.decide(sar, other, predict, "sklearn-iris").status()).isEqualTo(503);
    assertThat(sar("kubernetes_review_requests", "result", "error")).isEqualTo(1);
    assertThat(sar("kubernetes_review_errors", "kind", "server")).isEqualTo(1);
    assertThat(sar("kubernetes_review_errors", "kind", "timeout")).isZero();
    assertThat(sar("kubernetes_review_cache_requests", "result", "miss")).isEqualTo(3);

    // a 429 then a refusal without a call: counted as a backoff error and a miss, not as a request
    api.failStatus.set(429);
    api.retryAfter.set("60");
    var third = SubjectAccessReviewAuthorizerTest.sa(NS, "third", clock.instant().plus(Duration.ofHours(1)));
    assertThat(SubjectAccessReviewAuthorizerTest.decide(sar, third, predict, "sklearn-iris").status()).isEqualTo(503);
    assertThat(SubjectAccessReviewAuthorizerTest.decide(sar, other, predict, "sklearn-iris").status()).isEqualTo(503);
    assertThat(sar("kubernetes_review_errors", "kind", "throttled")).isEqualTo(1);
    assertThat(sar("kubernetes_review_errors", "kind", "backoff")).isEqualTo(1);
    assertThat(sar("kubernetes_review_requests", "result", "error")).isEqualTo(2);
    assertThat(sar("kubernetes_review_cache_requests", "result", "miss")).isEqualTo(5);
    assertThat(api.authorizations).hasSize(4); // every request that reached the fake, the failed ones included
  }

  @Test
  void tokenReviewMetersCountAuthenticatedRefusedAndCached() throws Exception {
    TokenReviewAuthenticator tr = TokenReviewAuthenticator.builder(api.api(NS)).clock(clock).build();
    KubernetesMeters.bind(registry, tr);
    String review = KubernetesMeters.TOKEN_REVIEW;
    assertThat(TokenReviewAuthenticatorTest.run(tr, TokenReviewAuthenticatorTest.bearer(TokenReviewAuthenticatorTest.OPAQUE)))
        .isInstanceOf(AuthenticationOutcome.Authenticated.class);
    assertThat(TokenReviewAuthenticatorTest.run(tr, TokenReviewAuthenticatorTest.bearer(TokenReviewAuthenticatorTest.OPAQUE)))
        .isInstanceOf(AuthenticationOutcome.Authenticated.class);
    assertThat(TokenReviewAuthenticatorTest.run(tr, TokenReviewAuthenticatorTest.bearer("sha256~revoked")))
        .isInstanceOf(AuthenticationOutcome.Failed.class);
    assertThat(count("kubernetes_review_requests", review, "result", "allow")).isEqualTo(1);
    assertThat(count("kubernetes_review_requests", review, "result", "deny")).isEqualTo(1);
    assertThat(count("kubernetes_review_cache_requests", review, "result", "hit")).isEqualTo(1);
    assertThat(count("kubernetes_review_cache_requests", review, "result", "miss")).isEqualTo(2);
    assertThat(api.calls("tokenreviews")).isEqualTo(2);
    // the two kinds do not mix: no SubjectAccessReview meters were bound
    assertThat(registry.find("kubernetes_review_requests").tags("review", KubernetesMeters.SUBJECT_ACCESS_REVIEW)
        .functionCounter()).isNull();
  }
}
