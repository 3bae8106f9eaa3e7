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

import dev.kserveauth.http.BearerErrorCode;

/**
 * The request itself is malformed (RFC 6750 section 3.1 {@code invalid_request}, 400): for example
 * two tokens in one request or an {@code Authorization} header that is not a well-formed bearer
 * credential. A token that is present but bad is an {@code invalid_token} failure instead.
 *
 * @since 0.1
 */
public class InvalidRequestException extends TokenException {

  @Override
  public String metricTag() {
    return "invalid_request";
  }
  private static final long serialVersionUID = 1L;

  /**
   * A malformed request (maps to {@code invalid_request}, status 400).
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   */
  public InvalidRequestException(String message) {
    super(BearerErrorCode.INVALID_REQUEST, message, null);
  }
}
