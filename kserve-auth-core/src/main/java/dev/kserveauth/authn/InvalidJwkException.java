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
 * A JWK, JWK Set, PEM key or secret failed the key checks: the message names the offending member
 * and key (for example {@code "JWK 'k1': member 'n' is an RSA modulus of 1024 bits; at least 2048
 * required"}) and never contains key material.
 *
 * @since 0.1
 */
public class InvalidJwkException extends KeySourceException {
  private static final long serialVersionUID = 1L;

  /**
   * An unusable key.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   */
  public InvalidJwkException(String message) {
    super(message);
  }

  /**
   * An unusable key, with its cause.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   * @param cause the underlying failure
   */
  public InvalidJwkException(String message, Throwable cause) {
    super(message, cause);
  }
}
