package dev.kserveauth.authn;

/**
 * A JWK, JWK Set, PEM key or secret failed the key checks: the message names the offending member
 * and key (for example {@code "JWK 'k1': member 'n' is an RSA modulus of 1024 bits; at least 2048
 * required"}) and never contains key material.
 */
public class InvalidJwkException extends KeySourceException {
  private static final long serialVersionUID = 1L;

  /**
   * An unusable key.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   */
  public InvalidJwkException(String message) {
    super(message);
  }

  /**
   * An unusable key, with its cause.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   * @param cause the underlying failure
   */
  public InvalidJwkException(String message, Throwable cause) {
    super(message, cause);
  }
}
