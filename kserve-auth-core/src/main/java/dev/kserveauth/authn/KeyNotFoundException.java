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

/**
 * No key of the issuer fits the token (by {@code kid} and algorithm, even after one refetch), or the key the token names was left out of the issuer's key set (the reason is logged, not told to the caller).
 *
 * <p>Maps to RFC 6750 {@code invalid_token} (401). The message is caller-safe: it never contains
 * token content.
 *
 * @since 0.1
 */
public class KeyNotFoundException extends TokenException {

  @Override
  public String metricTag() {
    return "unknown_key";
  }
  private static final long serialVersionUID = 1L;

  /**
   * No key for the token's kid.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   */
  public KeyNotFoundException(String message) {
    super(message);
  }

  /**
   * No key for the token's kid, with its cause.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   * @param cause the underlying failure
   */
  public KeyNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
