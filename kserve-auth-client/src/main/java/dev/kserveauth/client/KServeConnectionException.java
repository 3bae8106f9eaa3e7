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
 * The call failed without an HTTP answer: connection refused, reset, TLS failure or timeout. The
 * cause is the underlying {@link java.io.IOException}. {@link #attempts()} says how many attempts
 * were made (more than one when the retry policy applied).
 *
 * @since 0.1
 */
public final class KServeConnectionException extends KServeClientException {
  private static final long serialVersionUID = 1L;
  /** @serial the number of attempts made */
  private final int attempts;

  KServeConnectionException(String message, Throwable cause, int attempts) {
    super(message, cause);
    this.attempts = attempts;
  }

  /**
   * The number of attempts made before giving up.
   *
   * @return 1 when the call was not retried, more when the {@link RetryPolicy} retried it
   */
  public int attempts() {
    return attempts;
  }
}
