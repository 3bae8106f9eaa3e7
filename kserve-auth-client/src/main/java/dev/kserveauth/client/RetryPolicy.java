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
package dev.kserveauth.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries with exponential backoff and jitter. A call is retried on a connection failure or a 502,
 * 503 or 504 answer, and only when it is idempotent (GET) or when the caller opted in to inference
 * retries ({@link KServeClientBuilder#retryInference(boolean)}). A connection that could not be
 * opened at all (connection refused, unknown host) is retried for every call, since nothing was
 * sent. Attempts stop at the call's timeout.
 *
 * <p>The delay before attempt {@code n+1} is drawn uniformly from {@code [d/2, d]} with {@code d =
 * min(maxBackoff, initialBackoff * 2^(n-1))}.
 *
 * @since 0.1
 * @param maxAttempts total attempts including the first (1 = no retries)
 * @param initialBackoff base delay before the first retry
 * @param maxBackoff cap on the delay
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  /**
   * Checks the values.
   *
   * @param maxAttempts total attempts including the first, at least 1
   * @param initialBackoff base delay before the first retry, not negative
   * @param maxBackoff cap on the delay, at least {@code initialBackoff}
   * @throws IllegalArgumentException when {@code maxAttempts} is below 1, {@code initialBackoff}
   *     is negative, or {@code maxBackoff} is below {@code initialBackoff}
   * @throws NullPointerException when a duration is {@code null}
   */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
    }
  }

  /**
   * The client's default: 3 attempts, 100 ms initial backoff, 2 s cap (close to KServe's gRPC
   * client defaults).
   *
   * @return the policy
   */
  public static RetryPolicy defaults() {
    return new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2));
  }

  /**
   * One attempt, no retries: every failure reaches the caller at once.
   *
   * @return the policy
   */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  /** Delay in milliseconds before attempt {@code attempt + 1} (attempt counts from 1). */
  long delayMillis(int attempt) {
    long base = initialBackoff.toMillis();
    for (int i = 1; i < attempt && base < maxBackoff.toMillis(); i++) {
      base *= 2;
    }
    base = Math.min(base, maxBackoff.toMillis());
    if (base <= 0) {
      return 0;
    }
    return base / 2 + ThreadLocalRandom.current().nextLong(base - base / 2 + 1);
  }
}
