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

import java.util.Map;
import java.util.Objects;

/**
 * The tri-state result of authenticating a request, as Istio's RequestAuthentication defines it:
 * no token at all (anonymous, left to authorization), a valid token, or an invalid one (always 401).
 *
 * @since 0.1
 */
public sealed interface AuthenticationOutcome {

  /** No token was found in any configured location. */
  record Anonymous() implements AuthenticationOutcome {}

  /**
   * A token was found and verified.
   *
   * @param principal the verified caller
   * @param location where the token was found
   * @param forwardOriginalToken whether the matching rule keeps the token for the upstream application
   * @param outputHeaders headers to set for the application ({@code outputClaimToHeaders}, {@code outputPayloadToHeader})
   */
  record Authenticated(Principal principal, TokenLocation location, boolean forwardOriginalToken,
      Map<String, String> outputHeaders) implements AuthenticationOutcome {
    /**
     * Copies the headers.
     *
     * @param principal the verified caller
     * @param location where the token was found
     * @param forwardOriginalToken whether the matching rule keeps the token for the upstream application
     * @param outputHeaders headers to set for the application ({@code outputClaimToHeaders}, {@code outputPayloadToHeader})
     * @throws NullPointerException if {@code principal}, {@code location} or {@code outputHeaders} is {@code null}
     */
    public Authenticated {
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(location, "location");
      outputHeaders = Map.copyOf(outputHeaders);
    }
  }

  /**
   * A token was found and rejected, or the credentials were malformed.
   *
   * @param error the precise reason (its message is caller-safe)
   */
  record Failed(TokenException error) implements AuthenticationOutcome {
    /**
     * Checks the components.
     *
     * @param error the precise reason (its message is caller-safe)
     * @throws NullPointerException if {@code error} is {@code null}
     */
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }
}
