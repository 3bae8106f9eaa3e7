package dev.kserveauth.internal.keys;

/** A key fetch failed; the message is safe to log (it names the URL and the cause, never a secret). */
public final class FetchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FetchException(String message) {
    super(message, null, false, false);
  }

  public FetchException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
