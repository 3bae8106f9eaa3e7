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
package dev.kserveauth.http;

/**
 * The error codes of RFC 6750 section 3.1 and the HTTP status each implies.
 *
 * @since 0.1
 */
public enum BearerErrorCode {
  /** Malformed request: e.g. two tokens, a broken {@code Authorization} header. */
  INVALID_REQUEST("invalid_request", 400),
  /** The token is expired, revoked, malformed, or fails validation. */
  INVALID_TOKEN("invalid_token", 401),
  /** The token is valid but lacks the privileges the request needs. */
  INSUFFICIENT_SCOPE("insufficient_scope", 403);

  private final String code;
  private final int status;

  BearerErrorCode(String code, int status) {
    this.code = code;
    this.status = status;
  }

  /**
   * The value of the {@code error} attribute, e.g. {@code invalid_token}.
   *
   * @return the RFC 6750 error code
   */
  public String code() {
    return code;
  }

  /**
   * The HTTP status RFC 6750 assigns to this error.
   *
   * @return 400, 401 or 403
   */
  public int httpStatus() {
    return status;
  }
}
