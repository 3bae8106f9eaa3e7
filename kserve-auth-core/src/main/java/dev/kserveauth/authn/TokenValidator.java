/*
 * Copyright 2026 the kserve-auth authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.kserveauth.authn;

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
 *
 * @since 0.1
 */
public interface TokenValidator {

  /**
   * A builder: several issuers, injectable clock, optional JCA provider, cache bounds.
   *
   * @return a new builder
   */
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

  /**
   * Like {@link #verify(String)}, but returns every reason a token is not accepted instead of throwing
   * the first: a token that is both expired and for another audience reports both. Failures before the
   * claims (malformed, issuer, algorithm, key, signature) are reported alone, and claims of a token
   * whose signature did not verify are never judged. May block on a key fetch as {@code verify} does.
   *
   * <pre>{@code
   * ValidationResult r = validator.validate(token);
   * r.errors().forEach(e -> log.info("token rejected: {}", e.getMessage())); // never contains the token
   * }</pre>
   *
   * <p>The default implementation reports the single exception {@code verify} throws.
   *
   * @param compactJws the token, without any {@code Bearer } prefix
   * @return the principal, or the errors; the first error is what {@code verify} throws
   */
  default ValidationResult validate(String compactJws) {
    try {
      return ValidationResult.success(verify(compactJws));
    } catch (TokenException e) {
      return ValidationResult.failure(java.util.List.of(e));
    }
  }
}
