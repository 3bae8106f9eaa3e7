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
package dev.kserveauth.kubernetes;

import java.time.Duration;

/**
 * The API server could not answer a review: connection refused, timeout, TLS failure, an HTTP
 * error (401/403 for this process's own credentials, 429, 5xx) or a malformed answer. Never cached;
 * the request it was for is refused (fail closed).
 */
final class ApiUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the call failed, as counted in {@link KubernetesReviewStats#errors()}. */
  enum Kind {
    CONNECT("connect"), TIMEOUT("timeout"), TLS("tls"), UNAUTHORIZED("unauthorized"), THROTTLED("throttled"),
    SERVER("server"), MALFORMED("malformed"), BACKOFF("backoff");

    final String id;

    Kind(String id) {
      this.id = id;
    }
  }

  private final Kind kind;
  private final transient Duration retryAfter;

  ApiUnavailableException(Kind kind, String message, Duration retryAfter, Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  Kind kind() {
    return kind;
  }

  Duration retryAfter() {
    return retryAfter;
  }
}
