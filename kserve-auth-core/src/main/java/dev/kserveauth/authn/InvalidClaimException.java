package dev.kserveauth.authn;

/**
 * A claim is present but not acceptable: issuer not configured, audience not accepted, wrong type, lifetime too long, refused token kind.
 *
 * <p>Maps to RFC 6750 {@code invalid_token} (401). The message is caller-safe: it never contains
 * token content.
 */
public class InvalidClaimException extends TokenException {

  @Override
  public String metricTag() {
    return "invalid_claim";
  }
  private static final long serialVersionUID = 1L;

  /**
   * A claim with a wrong value.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   */
  public InvalidClaimException(String message) {
    super(message);
  }

  /**
   * A claim with a wrong value, with its cause.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   * @param cause the underlying failure
   */
  public InvalidClaimException(String message, Throwable cause) {
    super(message, cause);
  }
}
