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
package dev.kserveauth.policy;

import java.util.Objects;

/**
 * Decides requests against a compiled policy set. Thread-safe; {@link #decide(AccessRequest)} does
 * no I/O and never throws: an evaluation error yields a DENY whose reasons say what failed.
 *
 * <p>Combining rule (Istio's): any matching DENY policy denies; otherwise, if any ALLOW policy
 * exists, the request is allowed only when one matches; with no ALLOW policy at all it is allowed.
 * Dry-run ({@code istio.io/dry-run: "true"}) and AUDIT policies are evaluated and reported in
 * {@link Decision#shadow()}, never enforced. A denial is 401 when the request had no principal and
 * 403 otherwise.
 *
 * <pre>{@code
 * PolicyEngine engine = PolicyEngine.builder()
 *     .policies(PolicySet.load(Path.of("authz.yaml")))
 *     .explain(ExplainLevel.FAILURES)
 *     .build();
 * Decision d = engine.decide(request);
 * if (!d.allowed()) { respond(request.principal() == null ? 401 : 403, d.reasons()); }
 * }</pre>
 *
 * @since 0.1
 */
public interface PolicyEngine {

  /**
   * Decides one request.
   *
   * @param request the request, with its principal ({@code null} when anonymous)
   * @return the decision; never {@code null}
   */
  Decision decide(AccessRequest request);

  /**
   * Whether any policy can deny: false when the engine has no ALLOW or DENY policy that is not dry-run,
   * i.e. it allows every request. {@code KServeAuth} refuses to start with such an engine unless
   * allow-all is asked for. Engines of other kinds answer true unless they know better.
   *
   * @return {@code false} when the engine allows every request
   */
  default boolean enforcing() {
    return true;
  }

  /**
   * Whether a decision may depend on {@code kserve.model} (a {@code kserve.model} condition, a model
   * grant of the compact format). When it cannot, an OpenAI-compatible request (model named in the
   * body) is decided without reading its body. The default, {@code true}, is always safe.
   *
   * @return {@code false} only when no decision reads {@code kserve.model}
   */
  default boolean dependsOnModel() {
    return true;
  }

  /**
   * The CUSTOM step (Istio {@code action: CUSTOM}, evaluated before DENY and ALLOW): whether a CUSTOM
   * policy's rule matches, so that its external authorizer must be asked before {@link #decide}.
   * {@code null} when the engine has no CUSTOM policy. Does no I/O.
   *
   * @param request the request
   * @return the check, or {@code null}
   * @throws RuntimeException when a rule cannot be evaluated (the caller fails closed)
   * @since 0.1
   */
  default CustomCheck custom(AccessRequest request) {
    return null;
  }

  /**
   * The external authorizers (provider names) this engine's CUSTOM policies ask; empty without any.
   *
   * @return the provider names, possibly empty
   * @since 0.1
   */
  default java.util.Set<String> providers() {
    return java.util.Set.of();
  }

  /**
   * Where each provider is named ({@code file:line}), for load errors about unregistered providers.
   *
   * @return provider name to {@code file:line}, possibly empty
   * @since 0.1
   */
  default java.util.Map<String, String> providerLocations() {
    return java.util.Map.of();
  }

  /**
   * How many decisions failed closed because evaluation threw, since the engine was built.
   *
   * @return the count, 0 for engines that do not count
   */
  default long evaluationErrors() {
    return 0;
  }

  /**
   * A builder for the standard, indexed engine.
   *
   * @return a new builder
   */
  static PolicyEngineBuilder builder() {
    return new PolicyEngineBuilder();
  }

}
