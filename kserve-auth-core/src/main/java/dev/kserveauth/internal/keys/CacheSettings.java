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
package dev.kserveauth.internal.keys;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of a caching key source.
 *
 * @param ttl how long a fetched set is fresh when the response has no usable {@code max-age}
 * @param minTtl lower clamp for {@code max-age}
 * @param maxTtl upper clamp for {@code max-age}
 * @param refreshAhead how long before expiry a request triggers a background refresh (at most half the TTL)
 * @param unknownKidFloor minimum time between two refetches caused by unknown kids
 * @param negativeTtl how long a kid that was still absent after a refetch is remembered as unknown
 * @param staleIfError how long after expiry the last good set is still served while fetches fail
 * @param retryAfterFailure minimum time between two fetch attempts after a failure
 */
public record CacheSettings(Duration ttl, Duration minTtl, Duration maxTtl, Duration refreshAhead,
    Duration unknownKidFloor, Duration negativeTtl, Duration staleIfError, Duration retryAfterFailure) {

  public static final CacheSettings DEFAULTS = new CacheSettings(Duration.ofMinutes(10), Duration.ofMinutes(1),
      Duration.ofHours(24), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(5),
      Duration.ofHours(24), Duration.ofSeconds(10));

  public CacheSettings {
    for (Duration d : new Duration[] {ttl, minTtl, maxTtl, refreshAhead, unknownKidFloor, negativeTtl, staleIfError, retryAfterFailure}) {
      Objects.requireNonNull(d, "duration");
      if (d.isNegative()) {
        throw new IllegalArgumentException("durations must not be negative: " + d);
      }
    }
    if (minTtl.compareTo(maxTtl) > 0) {
      throw new IllegalArgumentException("minTtl " + minTtl + " is above maxTtl " + maxTtl);
    }
    if (ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive");
    }
  }

  /** The TTL for a response: its max-age clamped to [minTtl, maxTtl], else {@link #ttl()}. */
  public long ttlMillis(java.util.OptionalLong maxAgeSeconds) {
    if (maxAgeSeconds.isEmpty()) {
      return ttl.toMillis();
    }
    long ms = Math.multiplyExact(Math.min(maxAgeSeconds.getAsLong(), 10L * 365 * 24 * 3600), 1000L);
    return Math.max(minTtl.toMillis(), Math.min(maxTtl.toMillis(), ms));
  }
}
