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
package dev.kserveauth.client;

/**
 * Root of every exception {@link KServeClient} and the {@link TokenProvider}s throw on purpose.
 * Unchecked. Messages name the call, the status and the server's error text; they never contain a
 * token or a client secret.
 *
 * @since 0.1
 */
public class KServeClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message and no cause.
   *
   * @param message what failed; must not contain a token or a secret
   */
  public KServeClientException(String message) {
    super(message);
  }

  /**
   * An exception with a message and the failure that caused it.
   *
   * @param message what failed; must not contain a token or a secret
   * @param cause the underlying failure, or {@code null}
   */
  public KServeClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
