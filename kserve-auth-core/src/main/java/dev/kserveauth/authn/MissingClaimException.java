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
 * A claim the issuer's settings require is absent (for example {@code exp}, or {@code aud} when
 * audiences are configured). Maps to RFC 6750 {@code invalid_token} (401).
 *
 * @since 0.1
 */
public class MissingClaimException extends TokenException {

  @Override
  public String metricTag() {
    return "missing_claim";
  }
  private static final long serialVersionUID = 1L;

  /** The name of the missing claim. */
  private final String claim;

  /**
   * A token without a required claim.
   *
   * @param claim the claim name
   */
  public MissingClaimException(String claim) {
    this(claim, "token has no '" + claim + "' claim");
  }

  /**
   * A token without a required claim, with a message of its own.
   *
   * @param claim the claim name
   * @param message what is wrong; never the token itself
   */
  public MissingClaimException(String claim, String message) {
    super(message);
    this.claim = claim;
  }

  /**
   * The name of the missing claim.
   *
   * @return the claim name
   */
  public String claim() {
    return claim;
  }
}
