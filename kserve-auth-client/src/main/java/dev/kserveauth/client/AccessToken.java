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

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A bearer token with the instant it stops being valid and, optionally, the instant a cache should
 * fetch a new one. {@link #toString()} masks the value so the record is safe to log.
 *
 * @since 0.1
 * @param value the token itself, sent as {@code Authorization: Bearer <value>}
 * @param expiresAt when the token expires, or {@code null} when unknown (never expires as far as
 *     the client knows)
 * @param refreshAt when a cache should fetch a new token, or {@code null} to let the cache derive
 *     it from {@code expiresAt} minus its {@code refreshBefore}
 */
public record AccessToken(String value, Instant expiresAt, Instant refreshAt) {

  /**
   * Checks the value, which is sent as is in an HTTP header.
   *
   * @param value the token itself
   * @param expiresAt when the token expires, or {@code null} when unknown
   * @param refreshAt when a cache should fetch a new token, or {@code null}
   * @throws NullPointerException when {@code value} is {@code null}
   * @throws IllegalArgumentException when {@code value} is blank or has a character outside
   *     printable ASCII ({@code 0x21..0x7e}), such as a space or a line break that would split the
   *     header
   */
  public AccessToken {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("token value is blank");
    }
    if (value.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new IllegalArgumentException("token value contains whitespace or non-ASCII characters");
    }
  }

  /**
   * A token with no known expiry: a cache keeps it until a 401 forces a refresh.
   *
   * @param value the token
   * @return the token
   * @throws IllegalArgumentException as the {@linkplain #AccessToken(String, Instant, Instant)
   *     constructor}
   */
  public static AccessToken of(String value) {
    return new AccessToken(value, null, null);
  }

  /**
   * A token that expires at {@code expiresAt}; a cache derives when to refresh it.
   *
   * @param value the token
   * @param expiresAt the expiry, or {@code null} when unknown
   * @return the token
   * @throws IllegalArgumentException as the {@linkplain #AccessToken(String, Instant, Instant)
   *     constructor}
   */
  public static AccessToken of(String value, Instant expiresAt) {
    return new AccessToken(value, expiresAt, null);
  }

  /**
   * The expiry, when known.
   *
   * @return {@link #expiresAt()}, or empty when it is {@code null}
   */
  public Optional<Instant> expiry() {
    return Optional.ofNullable(expiresAt);
  }

  /**
   * Whether the token has expired at {@code now}. A token without a known expiry never has.
   *
   * @param now the instant to check
   * @return {@code true} when the token has a known expiry and {@code now} is at or past it
   */
  public boolean isExpiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "AccessToken[value=" + Tokens.mask(value) + ", expiresAt=" + expiresAt + ", refreshAt=" + refreshAt + "]";
  }
}
