package dev.kserveauth.client;

/**
 * The call failed without an HTTP answer: connection refused, reset, TLS failure or timeout. The
 * cause is the underlying {@link java.io.IOException}. {@link #attempts()} says how many attempts
 * were made (more than one when the retry policy applied).
 */
public final class KServeConnectionException extends KServeClientException {
  private static final long serialVersionUID = 1L;
  private final int attempts;

  KServeConnectionException(String message, Throwable cause, int attempts) {
    super(message, cause);
    this.attempts = attempts;
  }

  /** Number of attempts made before giving up. */
  public int attempts() {
    return attempts;
  }
}
