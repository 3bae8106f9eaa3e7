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
 * The issuer's keys could not be obtained or are unacceptable: a JWKS fetch failed or timed out, or
 * a key set failed the JWK checks. Maps to RFC 6750 {@code invalid_token} (401): the token cannot be
 * verified. The message names the failed step, never a secret.
 *
 * @since 0.1
 */
public class KeySourceException extends TokenException {

  @Override
  public String metricTag() {
    return "keys_unavailable";
  }
  private static final long serialVersionUID = 1L;

  /**
   * Keys that could not be had.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   */
  public KeySourceException(String message) {
    super(message);
  }

  /**
   * Keys that could not be had, with its cause.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   * @param cause the underlying failure
   */
  public KeySourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
