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

import dev.kserveauth.metrics.KeySourceStats;
import dev.kserveauth.http.RequestView;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Finds the token in a request (per the configured {@code jwtRules}: headers with prefixes, query
 * parameters, cookies) and verifies it with the rule whose issuer the token names. Thread-safe.
 *
 * @since 0.1
 */
public interface RequestAuthenticator {

  /**
   * A builder over {@link JwtRule}s (code or YAML); see {@link RequestAuthenticatorBuilder}.
   *
   * @return a new builder
   */
  static RequestAuthenticatorBuilder builder() {
    return new RequestAuthenticatorBuilder();
  }

  /**
   * Authenticates, possibly blocking on a key fetch bounded by the configured timeouts.
   *
   * @param request the request to read the token from
   * @return authenticated, anonymous (no token found) or failed; never {@code null}
   */
  AuthenticationOutcome authenticate(RequestView request);

  /**
   * Authenticates without blocking the calling thread. Never completes exceptionally.
   *
   * @param request the request to read the token from
   * @return a stage completing with the outcome, as {@link #authenticate} would give it
   */
  CompletionStage<AuthenticationOutcome> authenticateAsync(RequestView request);

  /**
   * Every header name (lower case) this authenticator may set through {@code outputClaimToHeaders}
   * or {@code outputPayloadToHeader}. Adapters strip incoming copies so callers cannot forge them.
   *
   * @return the lower-case header names, possibly empty
   */
  Set<String> outputHeaderNames();

  /**
   * Key-source counters per issuer (fetches, unknown-kid refetches, key-set age), for metrics and health checks.
   *
   * @return issuer to its counters, empty when not known
   */
  default java.util.Map<String, KeySourceStats> keySourceStats() {
    return java.util.Map.of();
  }

  /**
   * The key source of every issuer, for readiness checks ({@code KServeAuth.readiness()}).
   *
   * @return issuer to its key source, empty when not known
   */
  default java.util.Map<String, KeySource> keySources() {
    return java.util.Map.of();
  }
}
