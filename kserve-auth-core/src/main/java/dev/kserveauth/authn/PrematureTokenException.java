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
 * The token is not valid yet: its {@code nbf} (or its {@code iat}) lies in the future beyond the
 * clock skew. Maps to RFC 6750 {@code invalid_token} (401).
 *
 * @since 0.1
 */
public class PrematureTokenException extends TokenException {

  @Override
  public String metricTag() {
    return "premature";
  }
  private static final long serialVersionUID = 1L;

  /** The name of the claim that is in the future. */
  private final String claim;
  /** The instant the token becomes valid. */
  private final Instant notBefore;
  /** The validator's time at the check. */
  private final Instant now;
  /** The leeway that was allowed. */
  private final Duration clockSkew;

  /**
   * A token not valid yet.
   *
   * @param claim {@code nbf} (not before) or {@code iat} (issued in the future)
   * @param notBefore the instant the claim names
   * @param now the validator's time
   * @param clockSkew the leeway that was allowed
   */
  public PrematureTokenException(String claim, Instant notBefore, Instant now, Duration clockSkew) {
    super(("nbf".equals(claim) ? "token not valid before " : "token issued in the future at ") + notBefore
        + " (now " + now + ", clock skew " + clockSkew.toSeconds() + "s)");
    this.claim = claim;
    this.notBefore = notBefore;
    this.now = now;
    this.clockSkew = clockSkew;
  }

  /**
   * {@code nbf} or {@code iat}.
   *
   * @return the claim name
   */
  public String claim() {
    return claim;
  }

  /**
   * The instant the token becomes valid.
   *
   * @return the instant in the token's claim
   */
  public Instant notBefore() {
    return notBefore;
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
