package dev.kserveauth.http;

import dev.kserveauth.error.KServeAuthException;

/**
 * A request path that servers or routers could read in more than one way (an encoded slash, an
 * encoded dot segment, an encoded {@code ?}, {@code #} or {@code ;}, an empty segment, a matrix
 * parameter, a path escaping the root, a KServe route with a trailing slash), a method that is not
 * an upper-case token, or an OpenAI-compatible JSON body that is not one standard JSON object
 * naming its {@code "model"} exactly once. kserve-auth answers such a request with 400 rather than
 * guess which resource it names. The message is safe to return to the caller.
 */
public final class AmbiguousPathException extends KServeAuthException {
  private static final long serialVersionUID = 1L;

  /**
   * A request whose path or body names its resource ambiguously.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   */
  public AmbiguousPathException(String message) {
    super(message);
  }
}
