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

import dev.kserveauth.error.KServeAuthException;
import dev.kserveauth.http.BearerErrorCode;

/**
 * A token was present but could not be accepted. The message is a precise, caller-safe reason
 * ("token expired at 2026-01-01T00:00:00Z (now ..., skew 60s)", "signature invalid", "audience
 * not accepted") that never echoes token content; it becomes the {@code error_description} of the
 * 401 response.
 *
 * <p>Subclasses group failures by cause; {@link #bearerError()} maps each to RFC 6750.
 *
 * @since 0.1
 */
public class TokenException extends KServeAuthException {
  private static final long serialVersionUID = 1L;

  /** The RFC 6750 error code. */
  private final BearerErrorCode bearerError;

  /**
   * A token failure that maps to {@code invalid_token}.
   *
   * @param message what is wrong with the token; never the token itself
   */
  public TokenException(String message) {
    this(BearerErrorCode.INVALID_TOKEN, message, null);
  }

  /**
   * A token failure that maps to {@code invalid_token}, with its cause.
   *
   * @param message what is wrong with the token; never the token itself
   * @param cause the underlying failure, or {@code null}
   */
  public TokenException(String message, Throwable cause) {
    this(BearerErrorCode.INVALID_TOKEN, message, cause);
  }

  /**
   * A failure with its own RFC 6750 error code (for subclasses).
   *
   * @param bearerError the error code for the {@code WWW-Authenticate} challenge
   * @param message what is wrong; never the token itself
   * @param cause the underlying failure, or {@code null}
   */
  protected TokenException(BearerErrorCode bearerError, String message, Throwable cause) {
    super(message, cause);
    this.bearerError = bearerError;
  }

  /**
   * The RFC 6750 error this failure maps to ({@code invalid_token} unless the request itself was malformed).
   *
   * @return the error code for the {@code WWW-Authenticate} challenge
   */
  public BearerErrorCode bearerError() {
    return bearerError;
  }

  /**
   * The {@code status} tag of {@code jwt_validation_total} for this failure: {@code expired}, {@code premature},
   * {@code invalid_signature}, {@code malformed}, {@code unsupported_algorithm}, {@code invalid_claim},
   * {@code missing_claim}, {@code unknown_key}, {@code keys_unavailable}, {@code invalid_request}, else
   * {@code invalid}. A bounded set, safe as a metric tag; each subclass names its own.
   *
   * @return the tag value
   */
  public String metricTag() {
    return "invalid";
  }
}
