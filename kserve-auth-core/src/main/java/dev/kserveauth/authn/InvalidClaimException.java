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
 * A claim is present but not acceptable: issuer not configured, audience not accepted, wrong type, lifetime too long, refused token kind.
 *
 * <p>Maps to RFC 6750 {@code invalid_token} (401). The message is caller-safe: it never contains
 * token content.
 *
 * @since 0.1
 */
public class InvalidClaimException extends TokenException {

  @Override
  public String metricTag() {
    return "invalid_claim";
  }
  private static final long serialVersionUID = 1L;

  /**
   * A claim with a wrong value.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   */
  public InvalidClaimException(String message) {
    super(message);
  }

  /**
   * A claim with a wrong value, with its cause.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   * @param cause the underlying failure
   */
  public InvalidClaimException(String message, Throwable cause) {
    super(message, cause);
  }
}
