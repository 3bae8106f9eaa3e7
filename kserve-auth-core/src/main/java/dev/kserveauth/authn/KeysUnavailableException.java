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

import java.time.Duration;
import java.util.Objects;

/**
 * The token's issuer has no usable signing keys right now: none was fetched yet, or the last good
 * set is past its stale-if-error window, and fetching failed. Not the caller's fault: {@code KServeAuth}
 * answers 503 with {@code Retry-After} instead of 401 {@code invalid_token}, so that clients retry
 * the same token instead of refreshing a good one.
 *
 * @since 0.1
 */
public class KeysUnavailableException extends KeySourceException {
  private static final long serialVersionUID = 1L;

  /** How long a caller should wait. */
  private final Duration retryAfter;

  /**
   * @param message what failed (no URL, no secret)
   * @param retryAfter when the next fetch may be tried
   */
  public KeysUnavailableException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /**
   * @param message what failed
   * @param retryAfter when the next fetch may be tried
   * @param cause the failure
   */
  public KeysUnavailableException(String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /**
   * How long a caller should wait before trying again (at least one second when rendered).
   *
   * @return the wait, positive
   */
  public Duration retryAfter() {
    return retryAfter;
  }
}
