package dev.kserveauth.token;

import java.util.concurrent.CompletionStage;

/**
 * Verifies a compact JWS and returns the caller it proves. Thread-safe.
 *
 * <p>{@link #verifyAsync(String)} never blocks the calling thread on key fetching: use it from an
 * event loop (Vert.x). {@link #verify(String)} may block on a JWKS fetch bounded by the
 * configured timeouts.
 *
 * <pre>{@code
 * TokenValidator validator = TokenValidator.builder()
 *     .issuer(IssuerSettings.builder("https://idp.example.com").jwks(keys).audiences("kserve").build())
 *     .build();
 * try {
 *   Principal p = validator.verify(token);
 * } catch (TokenException e) {
 *   // e.bearerError() -> invalid_token (401); e.getMessage() is a caller-safe reason
 * }
 * }</pre>
 */
public interface TokenValidator {

  /** A builder: several issuers, injectable clock, optional JCA provider, cache bounds. */
  static TokenValidatorBuilder builder() {
    return new TokenValidatorBuilder();
  }

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
