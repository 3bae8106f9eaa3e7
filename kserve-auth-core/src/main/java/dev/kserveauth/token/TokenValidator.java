package dev.kserveauth.token;

import java.util.concurrent.CompletionStage;

/**
 * Verifies a compact JWS and returns the caller it proves. Thread-safe.
 *
 * <p>{@link #verifyAsync(String)} never blocks the calling thread on key fetching: use it from an
 * event loop (Vert.x). {@link #verify(String)} may block on a JWKS fetch bounded by the
 * configured timeouts.
 */
public interface TokenValidator {

  /**
   * @param compactJws the token, without any {@code Bearer } prefix
   * @return the verified principal
   * @throws TokenException with a precise, caller-safe reason when the token is not accepted
   */
  Principal verify(String compactJws);

  /**
   * @param compactJws the token, without any {@code Bearer } prefix
   * @return a stage completing with the principal, or exceptionally with a {@link TokenException}
   */
  CompletionStage<Principal> verifyAsync(String compactJws);
}
