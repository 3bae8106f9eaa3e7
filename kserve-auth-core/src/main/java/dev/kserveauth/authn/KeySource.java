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

import dev.kserveauth.metrics.KeySourceStats;
import java.util.concurrent.CompletionStage;

/**
 * Supplies the verification keys of one issuer: a remote JWKS URI, OIDC discovery, the Kubernetes
 * API server, or an inline set. Implementations cache, refresh ahead, serve stale keys while the
 * source is down (for a bounded window) and rate-limit refetches; none of that blocks the caller
 * once keys are cached.
 *
 * @since 0.1
 */
public interface KeySource {

  /**
   * Fetch counters and key-set age for metrics; sources that never fetch report fixed stats.
   *
   * @return the current counters
   */
  default KeySourceStats stats() {
    return KeySourceStats.fixed(getClass().getSimpleName(), 0);
  }

  /**
   * Whether the source holds usable keys now (fresh, or stale within its stale-if-error window), for
   * readiness checks. Sources that never fetch are always available.
   *
   * @return {@code true} when a validation would find keys without waiting for a fetch
   */
  default boolean available() {
    return true;
  }

  /**
   * The current key set (from cache when fresh; fetched on first use). The validator calls this on
   * every validation, cache hits included (a cached token is only served while the key that
   * verified it is still in the set), so it must answer at once when keys are cached, ideally
   * with a completed stage holding the same {@link JwkSet} instance until the set changes.
   *
   * @return a stage completing with the keys, or exceptionally with a {@link KeySourceException} when none can be had
   */
  CompletionStage<JwkSet> keys();

  /**
   * The key set after a token named a kid the current set lacks: refetches at most once per
   * floor interval (30 s by default) per issuer, otherwise answers from cache at once.
   *
   * @param kid the unknown kid (may be {@code null})
   * @return a stage completing with the possibly refreshed keys
   */
  CompletionStage<JwkSet> keysForUnknownKid(String kid);

  /**
   * A source that always answers with this fixed set (inline JWKS, PEM keys, HMAC secrets). Both
   * methods return the same completed stage, so validation never waits.
   *
   * <pre>{@code
   * KeySource keys = KeySource.of(JwkSet.parse(jwksJson));
   * }</pre>
   *
   * @param keys the fixed key set
   * @return a source that never fetches
   */
  static KeySource of(JwkSet keys) {
    java.util.Objects.requireNonNull(keys, "keys");
    java.util.concurrent.CompletableFuture<JwkSet> done = java.util.concurrent.CompletableFuture.completedFuture(keys);
    return new KeySource() {
      @Override
      public CompletionStage<JwkSet> keys() {
        return done;
      }

      @Override
      public CompletionStage<JwkSet> keysForUnknownKid(String kid) {
        return done;
      }

      @Override
      public String toString() {
        return "KeySource.of(" + keys + ")";
      }
    };
  }
}
