package dev.kserveauth.authn;

/**
 * The issuer's keys could not be obtained or are unacceptable: a JWKS fetch failed or timed out, or
 * a key set failed the JWK checks. Maps to RFC 6750 {@code invalid_token} (401): the token cannot be
 * verified. The message names the failed step, never a secret.
 */
public class KeySourceException extends TokenException {

  @Override
  public String metricTag() {
    return "keys_unavailable";
  }
  private static final long serialVersionUID = 1L;

  /**
   * Keys that could not be had.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   */
  public KeySourceException(String message) {
    super(message);
  }

  /**
   * Keys that could not be had, with its cause.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   * @param cause the underlying failure
   */
  public KeySourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
