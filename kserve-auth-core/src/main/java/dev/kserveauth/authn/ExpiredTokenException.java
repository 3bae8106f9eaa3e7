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
import java.time.Instant;

/**
 * The token's {@code exp} has passed, even allowing for the clock skew. Maps to RFC 6750
 * {@code invalid_token} (401).
 *
 * @since 0.1
 */
public class ExpiredTokenException extends TokenException {

  @Override
  public String metricTag() {
    return "expired";
  }
  private static final long serialVersionUID = 1L;

  /** The token's {@code exp}. */
  private final Instant expiresAt;
  /** The validator's time at the check. */
  private final Instant now;
  /** The leeway that was allowed. */
  private final Duration clockSkew;

  /**
   * A token whose {@code exp} has passed, even with the clock skew.
   *
   * @param expiresAt the token's {@code exp}
   * @param now the validator's time
   * @param clockSkew the leeway that was allowed
   */
  public ExpiredTokenException(Instant expiresAt, Instant now, Duration clockSkew) {
    super("token expired at " + expiresAt + " (now " + now + ", clock skew " + clockSkew.toSeconds() + "s)");
    this.expiresAt = expiresAt;
    this.now = now;
    this.clockSkew = clockSkew;
  }

  /**
   * When the token expired.
   *
   * @return the instant of the token's {@code exp} claim
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * The time the token was checked at.
   *
   * @return the validator's clock reading
   */
  public Instant now() {
    return now;
  }

  /**
   * The leeway allowed for clock differences.
   *
   * @return the configured clock skew
   */
  public Duration clockSkew() {
    return clockSkew;
  }
}
