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
package dev.kserveauth.metrics;

import java.time.Duration;

/**
 * Counters of one key source, for metrics and health checks. A snapshot; values only grow except
 * {@code keys}, {@code lastSuccessAge} and {@code stale}.
 *
 * <pre>{@code
 * KeySourceStats s = keySource.stats();
 * registry.gauge("jwks_last_success_age_seconds", s.lastSuccessAge() == null ? -1 : s.lastSuccessAge().toSeconds());
 * }</pre>
 *
 * @since 0.1
 * @param source where the keys come from (a URL, {@code inline}); never a secret
 * @param fetchSuccess successful fetches
 * @param fetchFailure failed fetches (HTTP error, timeout, oversized or unparsable document)
 * @param unknownKidRefetch fetches triggered by a token naming an unknown kid
 * @param unknownKidSuppressed unknown-kid lookups answered from cache because of the floor interval or the negative cache
 * @param keys the number of keys currently served
 * @param lastSuccessAge time since the last successful fetch, or {@code null} when none succeeded yet
 * @param stale whether the keys served are past their TTL (served under stale-if-error)
 */
public record KeySourceStats(
    String source,
    long fetchSuccess,
    long fetchFailure,
    long unknownKidRefetch,
    long unknownKidSuppressed,
    int keys,
    Duration lastSuccessAge,
    boolean stale) {

  /**
   * Stats of a source that never fetches (inline keys).
   *
   * @param source the source's name
   * @param keys the number of keys it holds
   * @return stats with no fetch, a zero age and not stale
   */
  public static KeySourceStats fixed(String source, int keys) {
    return new KeySourceStats(source, 0, 0, 0, 0, keys, Duration.ZERO, false);
  }
}
