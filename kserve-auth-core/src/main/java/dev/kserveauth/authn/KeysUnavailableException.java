package dev.kserveauth.authn;

import java.time.Duration;
import java.util.Objects;

/**
 * The token's issuer has no usable signing keys right now: none was fetched yet, or the last good
 * set is past its stale-if-error window, and fetching failed. Not the caller's fault: {@code KServeAuth}
 * answers 503 with {@code Retry-After} instead of 401 {@code invalid_token}, so that clients retry
 * the same token instead of refreshing a good one.
 */
public class KeysUnavailableException extends KeySourceException {
  private static final long serialVersionUID = 1L;

  /** How long a caller should wait. */
  private final Duration retryAfter;

  /**
   * @param message what failed (no URL, no secret)
   * @param retryAfter when the next fetch may be tried
   */
  public KeysUnavailableException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /**
   * @param message what failed
   * @param retryAfter when the next fetch may be tried
   * @param cause the failure
   */
  public KeysUnavailableException(String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /**
   * How long a caller should wait before trying again (at least one second when rendered).
   *
   * @return the wait, positive
   */
  public Duration retryAfter() {
    return retryAfter;
  }
}
