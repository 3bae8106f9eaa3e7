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
 * The token is not a well-formed compact JWS: size limits, segment count, base64url, JSON, or a header this validator refuses (JWE, {@code zip}, {@code crit}).
 *
 * <p>Maps to RFC 6750 {@code invalid_token} (401). The message is caller-safe: it never contains
 * token content.
 *
 * @since 0.1
 */
public class MalformedTokenException extends TokenException {

  @Override
  public String metricTag() {
    return "malformed";
  }
  private static final long serialVersionUID = 1L;

  /**
   * A token that is not a well-formed compact JWS.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   */
  public MalformedTokenException(String message) {
    super(message);
  }

  /**
   * A token that is not a well-formed compact JWS, with its cause.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   * @param cause the underlying failure
   */
  public MalformedTokenException(String message, Throwable cause) {
    super(message, cause);
  }
}
