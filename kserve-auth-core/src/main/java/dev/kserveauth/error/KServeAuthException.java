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
package dev.kserveauth.error;

/**
 * Root of every exception kserve-auth throws on purpose. Unchecked, like jjwt's {@code JwtException}.
 *
 * <p>Messages are safe to log and to return to a caller: they name the failed check, the claim or
 * the configuration field, and never contain a token, a signature or a secret.
 *
 * @since 0.1
 */
public class KServeAuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A failure.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   */
  public KServeAuthException(String message) {
    super(message);
  }

  /**
   * A failure, with its cause.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   * @param cause the underlying failure
   */
  public KServeAuthException(String message, Throwable cause) {
    super(message, cause);
  }
}
