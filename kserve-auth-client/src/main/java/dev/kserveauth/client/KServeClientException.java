package dev.kserveauth.client;

/**
 * Root of every exception {@link KServeClient} and the {@link TokenProvider}s throw on purpose.
 * Unchecked. Messages name the call, the status and the server's error text; they never contain a
 * token or a client secret.
 */
public class KServeClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KServeClientException(String message) {
    super(message);
  }

  public KServeClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
