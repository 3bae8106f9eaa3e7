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
package dev.kserveauth.authz;

import java.util.concurrent.CompletionStage;

/**
 * An external authorizer: the in-process equivalent of an Istio extension provider
 * (MeshConfig {@code extensionProviders}). A policy with {@code action: CUSTOM} and
 * {@code provider.name: <name>} asks the authorizer registered under that name whenever one of the
 * policy's rules matches the request; the answer decides before any DENY or ALLOW policy runs
 * (Istio's order CUSTOM → DENY → ALLOW). An allow only lets the request go on to the DENY and ALLOW
 * policies; a deny answers the caller with the authorizer's status, headers and body.
 *
 * <pre>{@code
 * ExternalAuthorizer teamGate = check -> CompletableFuture.completedFuture(
 *     check.principal() != null && check.principal().hasRole("ml-team")
 *         ? ExternalDecision.allow()
 *         : ExternalDecision.deny(403, "not in ml-team"));
 * KServeAuth auth = KServeAuth.builder()
 *     .requestAuthentication(Path.of("request-authentication.yaml"))
 *     .policies(Path.of("policies/"))          // holds: action: CUSTOM, provider: {name: team-gate}
 *     .authorizer("team-gate", teamGate)
 *     .build();
 * }</pre>
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #check} must not block: do I/O asynchronously and complete the stage later. It is
 *       called on the request's thread (a servlet thread or a Vert.x event loop).
 *   <li>The stage may complete on any thread. A stage that completes exceptionally or with
 *       {@code null}, a {@code check} that throws, or a stage still incomplete after the facade's
 *       {@code authorizerTimeout} fails closed: the caller gets 403 (Envoy's default
 *       {@code statusOnError}), and the failure is logged, audited and counted.
 *   <li>Thread-safe: called concurrently for many requests.
 *   <li>Header names in an {@link ExternalDecision} are checked (an HTTP token, no CR/LF in values);
 *       an invalid one fails closed as above, so a provider cannot inject headers.
 * </ul>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ExternalAuthorizer {

  /**
   * Decides one request.
   *
   * @param request what the authorizer may look at (the request as routed, the verified principal, if any)
   * @return a stage with the decision; never {@code null}
   */
  CompletionStage<ExternalDecision> check(CheckRequest request);

  /**
   * Whether {@link CheckRequest#body()} must hold the request body (Istio's
   * {@code includeRequestBodyInCheck}). When true, the facade asks the adapter for the body of every
   * authenticated request that has one (bounded by {@code maxBodyBytes}) before deciding. Default false:
   * the body is there only when the route names its model in it.
   *
   * @return whether the body is wanted
   */
  default boolean wantsBody() {
    return false;
  }
}
