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
import java.util.concurrent.CompletionStage;

/**
 * The {@link RequestAuthenticator} that {@link RequestAuthenticator#builder()} builds from {@link JwtRule}s. Besides
 * requests, it verifies a raw token that has no request around it, as a command-line tool or a test has it.
 *
 * <pre>{@code
 * TokenAuthenticator auth = RequestAuthenticator.builder().rules(JwtRules.load(path)).build();
 * AuthenticationOutcome outcome = auth.authenticateToken(token).toCompletableFuture().join();
 * }</pre>
 *
 * @since 0.1
 */
public interface TokenAuthenticator extends RequestAuthenticator {

  /**
   * Verifies one token against every rule, as if it had been found at a location all rules read. The
   * stage never completes exceptionally: a rejected token is an {@link AuthenticationOutcome.Failed}.
   *
   * @param token the compact JWS
   * @return the outcome
   */
  CompletionStage<AuthenticationOutcome> authenticateToken(String token);

  /**
   * Every reason the first rule for the token's (unverified) issuer rejects it, as
   * {@link TokenValidator#validate(String)} collects them: all claim failures at once. Empty when no rule names
   * that issuer or the token is accepted. May block on a key fetch.
   *
   * @param token the compact JWS
   * @return the failures, first the one {@link #authenticateToken} reports
   */
  List<TokenException> allFailures(String token);
}
