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

  public InvalidSignatureException(String message) {
    super(message);
  }

  public InvalidSignatureException(String message, Throwable cause) {
    super(message, cause);
  }
}
