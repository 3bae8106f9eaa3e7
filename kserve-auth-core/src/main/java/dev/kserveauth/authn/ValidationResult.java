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

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link TokenValidator#validate(String)}: either the principal, or every reason the
 * token was not accepted, as data (as Spring Security's {@code OAuth2TokenValidatorResult} does).
 *
 * <p>Claim checks ({@code typ}, {@code exp}, {@code nbf}, {@code iat}, lifetime, audience, Cognito's
 * {@code token_use} and {@code client_id}) are all run and all reported, in that order. Failures that
 * come before the claims can be trusted (malformed token, unknown issuer, algorithm, key, signature)
 * end validation and are the only error: claims of a token whose signature did not verify are never
 * judged. The first error is always the exception {@link TokenValidator#verify(String)} throws.
 *
 * <pre>{@code
 * ValidationResult r = validator.validate(token);
 * if (r.valid()) {
 *   Principal p = r.principal();
 * } else {
 *   r.errors().forEach(e -> System.out.println(e.bearerError().code() + ": " + e.getMessage()));
 * }
 * }</pre>
 *
 * @since 0.1
 * @param principal the verified principal, or {@code null} when the token was not accepted
 * @param errors every reason the token was not accepted, in check order; empty when it was accepted
 */
public record ValidationResult(Principal principal, List<TokenException> errors) {

  /**
   * @param principal the verified principal, or {@code null} when the token was not accepted
   * @param errors every reason the token was not accepted, in check order; empty when it was accepted
   * @throws IllegalArgumentException unless exactly one of a principal or a non-empty error list is given
   */
  public ValidationResult {
    errors = List.copyOf(Objects.requireNonNull(errors, "errors"));
    if ((principal == null) == errors.isEmpty()) {
      throw new IllegalArgumentException("a validation result has either a principal or errors, not both or neither");
    }
  }

  /**
   * @param principal the verified principal
   * @return an accepted result
   */
  public static ValidationResult success(Principal principal) {
    return new ValidationResult(Objects.requireNonNull(principal, "principal"), List.of());
  }

  /**
   * @param errors at least one reason
   * @return a rejected result
   */
  public static ValidationResult failure(List<TokenException> errors) {
    return new ValidationResult(null, errors);
  }

  /** @return whether the token was accepted */
  public boolean valid() {
    return principal != null;
  }

  /**
   * @return the principal
   * @throws TokenException the first error, exactly what {@link TokenValidator#verify(String)} throws
   */
  public Principal principalOrThrow() {
    if (principal == null) {
      throw errors.get(0);
    }
    return principal;
  }
}
