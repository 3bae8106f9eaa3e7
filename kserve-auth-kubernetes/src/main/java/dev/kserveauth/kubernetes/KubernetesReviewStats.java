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

import java.util.Map;

/**
 * Counters of one reviewer (a {@link SubjectAccessReviewAuthorizer} or a
 * {@link TokenReviewAuthenticator}) since it was built: for metrics and health checks.
 *
 * @since 0.1
 * @param reviews reviews sent to the API server (cache misses that reached it)
 * @param cacheHits decisions answered from the cache (including joins of a review in flight)
 * @param allowed reviews answered allowed (or authenticated)
 * @param denied reviews answered denied (or not authenticated)
 * @param errors failed reviews by kind: {@code connect}, {@code timeout}, {@code tls},
 *     {@code unauthorized}, {@code throttled}, {@code server}, {@code malformed}, and {@code backoff}
 *     (refused without a call while a 429's {@code Retry-After} runs)
 * @param cacheSize entries in the cache now
 */
public record KubernetesReviewStats(long reviews, long cacheHits, long allowed, long denied, Map<String, Long> errors,
    long cacheSize) {

  /**
   * Copies the error counts, so the record is immutable.
   *
   * @param reviews reviews sent to the API server
   * @param cacheHits decisions answered from the cache
   * @param allowed reviews answered allowed (or authenticated)
   * @param denied reviews answered denied (or not authenticated)
   * @param errors failed reviews by kind
   * @param cacheSize entries in the cache now
   * @throws NullPointerException when {@code errors} is {@code null} or holds a {@code null}
   */
  public KubernetesReviewStats {
    errors = Map.copyOf(errors);
  }

  /**
   * All errors, whatever their kind.
   *
   * @return the sum of {@link #errors()}
   */
  public long totalErrors() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }
}
