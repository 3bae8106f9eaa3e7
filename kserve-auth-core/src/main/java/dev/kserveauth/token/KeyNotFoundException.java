package dev.kserveauth.token;

/**
 * No key of the issuer matches the token's {@code kid} (even after one refetch), or the token names none while the issuer has several keys, or the matching key is not usable for signatures.
 *
 * <p>Maps to RFC 6750 {@code invalid_token} (401). The message is caller-safe: it never contains
 * token content.
 */
public class KeyNotFoundException extends TokenException {
  private static final long serialVersionUID = 1L;

  public KeyNotFoundException(String message) {
    super(message);
  }

  public KeyNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
