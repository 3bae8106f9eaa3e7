package dev.kserveauth.client;

/**
 * A {@link TokenProvider} could not produce a usable token: the token file is missing or holds an
 * expired token, the Kubernetes API refused the TokenRequest, the OAuth2 token endpoint refused the
 * client credentials, and so on. The cause, when there is one, is the underlying failure. Messages
 * never contain a token or a secret.
 */
public final class TokenProviderException extends KServeClientException {
  private static final long serialVersionUID = 1L;

  public TokenProviderException(String message) {
    super(message);
  }

  public TokenProviderException(String message, Throwable cause) {
    super(message, cause);
  }
}
