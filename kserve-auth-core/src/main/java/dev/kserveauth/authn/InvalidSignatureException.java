package dev.kserveauth.authn;

/**
 * The signature does not verify with the selected key, or its encoding is invalid (ECDSA length or range, Ed25519 length).
 *
 * <p>Maps to RFC 6750 {@code invalid_token} (401). The message is caller-safe: it never contains
 * token content.
 */
public class InvalidSignatureException extends TokenException {

  @Override
  public String metricTag() {
    return "invalid_signature";
  }
  private static final long serialVersionUID = 1L;

  /**
   * A signature that does not verify.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   */
  public InvalidSignatureException(String message) {
    super(message);
  }

  /**
   * A signature that does not verify, with its cause.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   * @param cause the underlying failure
   */
  public InvalidSignatureException(String message, Throwable cause) {
    super(message, cause);
  }
}
