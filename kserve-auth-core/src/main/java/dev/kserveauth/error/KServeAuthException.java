package dev.kserveauth.error;

/**
 * Root of every exception kserve-auth throws on purpose. Unchecked, like jjwt's {@code JwtException}.
 *
 * <p>Messages are safe to log and to return to a caller: they name the failed check, the claim or
 * the configuration field, and never contain a token, a signature or a secret.
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
