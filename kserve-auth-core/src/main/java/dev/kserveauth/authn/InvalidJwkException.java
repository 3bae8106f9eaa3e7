package dev.kserveauth.authn;

/**
 * A JWK, JWK Set, PEM key or secret failed the key checks: the message names the offending member
 * and key (for example {@code "JWK 'k1': member 'n' is an RSA modulus of 1024 bits; at least 2048
 * required"}) and never contains key material.
 */
public class InvalidJwkException extends KeySourceException {
  private static final long serialVersionUID = 1L;

  public InvalidJwkException(String message) {
    super(message);
  }

  public InvalidJwkException(String message, Throwable cause) {
    super(message, cause);
  }
}
