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

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.function.Function;

/**
 * The counters of a {@link SubjectAccessReviewAuthorizer} or a {@link TokenReviewAuthenticator}
 * ({@code stats()}) as Micrometer meters: the only class of this module that uses Micrometer (an
 * optional dependency). A Prometheus registry renders them as
 * {@code kubernetes_review_requests_total{review,result}} (reviews sent to the API server:
 * {@code allow}, {@code deny}, {@code error}), {@code kubernetes_review_errors_total{review,kind}}
 * (failed reviews by kind, {@code backoff} included: refused without a call while a 429's
 * {@code Retry-After} runs), {@code kubernetes_review_cache_requests_total{review,result}}
 * ({@code hit} / {@code miss}) and {@code kubernetes_review_cache_entries{review}}, where
 * {@code review} is {@code subjectaccessreview} or {@code tokenreview}.
 *
 * <pre>{@code
 * KubernetesMeters.bind(registry, sar);          // the SubjectAccessReview authorizer
 * KubernetesMeters.bind(registry, tokenReview);  // the TokenReview authenticator
 * }</pre>
 *
 * <p>The meters read the reviewer's counters when the registry is scraped: nothing is added to the
 * request path. Bind one reviewer of each kind per registry (a second one of the same kind is not
 * counted: Micrometer keeps the first meter of a name and tags).
 *
 * @since 0.1
 */
public final class KubernetesMeters {

  /** The {@code review} tag of a {@link SubjectAccessReviewAuthorizer}'s meters. */
  public static final String SUBJECT_ACCESS_REVIEW = "subjectaccessreview";
  /** The {@code review} tag of a {@link TokenReviewAuthenticator}'s meters. */
  public static final String TOKEN_REVIEW = "tokenreview";

  private KubernetesMeters() {}

  /**
   * Registers the meters of a SubjectAccessReview authorizer.
   *
   * @param registry where to register
   * @param authorizer the authorizer (held weakly by the meters, as Micrometer does)
   */
  public static void bind(MeterRegistry registry, SubjectAccessReviewAuthorizer authorizer) {
    bind(registry, SUBJECT_ACCESS_REVIEW, Objects.requireNonNull(authorizer, "authorizer"),
        SubjectAccessReviewAuthorizer::stats);
  }

  /**
   * Registers the meters of a TokenReview authenticator.
   *
   * @param registry where to register
   * @param authenticator the authenticator (held weakly by the meters, as Micrometer does)
   */
  public static void bind(MeterRegistry registry, TokenReviewAuthenticator authenticator) {
    bind(registry, TOKEN_REVIEW, Objects.requireNonNull(authenticator, "authenticator"),
        TokenReviewAuthenticator::stats);
  }

  private static <T> void bind(MeterRegistry registry, String review, T reviewer,
      Function<T, KubernetesReviewStats> stats) {
    Objects.requireNonNull(registry, "registry");
    String backoff = ApiUnavailableException.Kind.BACKOFF.id;
    requests(registry, review, reviewer, "allow", r -> stats.apply(r).allowed());
    requests(registry, review, reviewer, "deny", r -> stats.apply(r).denied());
    requests(registry, review, reviewer, "error", r -> {
      KubernetesReviewStats s = stats.apply(r);
      return s.totalErrors() - s.errors().getOrDefault(backoff, 0L);
    });
    for (ApiUnavailableException.Kind kind : ApiUnavailableException.Kind.values()) {
      FunctionCounter.builder("kubernetes_review_errors", reviewer,
              r -> stats.apply(r).errors().getOrDefault(kind.id, 0L))
          .tag("review", review).tag("kind", kind.id)
          .description("Failed Kubernetes reviews by kind (the request was refused with 503)").register(registry);
    }
    cache(registry, review, reviewer, "hit", r -> stats.apply(r).cacheHits());
    // every lookup the cache could not answer either asked the API server or was refused during a 429 backoff
    cache(registry, review, reviewer, "miss", r -> {
      KubernetesReviewStats s = stats.apply(r);
      return s.reviews() + s.errors().getOrDefault(backoff, 0L);
    });
    Gauge.builder("kubernetes_review_cache_entries", reviewer, r -> stats.apply(r).cacheSize())
        .tag("review", review).description("Answers of Kubernetes reviews in the cache now").register(registry);
  }

  private static <T> void requests(MeterRegistry registry, String review, T reviewer, String result,
      java.util.function.ToDoubleFunction<T> count) {
    FunctionCounter.builder("kubernetes_review_requests", reviewer, count).tag("review", review).tag("result", result)
        .description("Kubernetes reviews sent to the API server by answer").register(registry);
  }

  private static <T> void cache(MeterRegistry registry, String review, T reviewer, String result,
      java.util.function.ToDoubleFunction<T> count) {
    FunctionCounter.builder("kubernetes_review_cache_requests", reviewer, count).tag("review", review)
        .tag("result", result).description("Kubernetes review cache lookups").register(registry);
  }
}
