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

  public InvalidClaimException(String message) {
    super(message);
  }

  public InvalidClaimException(String message, Throwable cause) {
    super(message, cause);
  }
}
