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
