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
 * Builds the standard engine: compiled once, indexed, immutable.
 *
 * @since 0.1
 */
public final class PolicyEngineBuilder {
  PolicySet policies;
  ExplainLevel explain;
  PathNormalization normalization;
  ConnectionResolver resolver;

  PolicyEngineBuilder() {}

  /**
   * The policies (required).
   *
   * @param set the policy set
   * @return this builder
   * @throws IllegalStateException if the policies were already set
   */
  public PolicyEngineBuilder policies(PolicySet set) {
    if (policies != null) {
      throw new IllegalStateException("policies were already set to " + policies);
    }
    policies = Objects.requireNonNull(set, "set");
    return this;
  }

  /**
   * Explanation level; default {@link ExplainLevel#OFF}.
   *
   * @param level how much of each evaluation a decision records
   * @return this builder
   * @throws IllegalStateException if the level was already set
   */
  public PolicyEngineBuilder explain(ExplainLevel level) {
    if (explain != null) {
      throw new IllegalStateException("explain level was already set to " + explain);
    }
    explain = Objects.requireNonNull(level, "level");
    return this;
  }

  /**
   * Path normalization before matching; default {@link PathNormalization#BASE}.
   *
   * @param mode the normalization
   * @return this builder
   * @throws IllegalStateException if the normalization was already set
   */
  public PolicyEngineBuilder pathNormalization(PathNormalization mode) {
    if (normalization != null) {
      throw new IllegalStateException("path normalization was already set to " + normalization);
    }
    normalization = Objects.requireNonNull(mode, "mode");
    return this;
  }

  /**
   * Source of peer identity, destination IP and SNI; default {@link ConnectionResolver#none()}.
   *
   * @param r the resolver, asked once per decision
   * @return this builder
   * @throws IllegalStateException if a resolver was already set
   */
  public PolicyEngineBuilder connectionResolver(ConnectionResolver r) {
    if (resolver != null) {
      throw new IllegalStateException("connection resolver was already set");
    }
    resolver = Objects.requireNonNull(r, "resolver");
    return this;
  }

  /**
   * Compiles the engine.
   *
   * @return an immutable, thread-safe engine
   * @throws IllegalStateException when no policies were given
   * @throws PolicyException when CUSTOM policies name more than one provider (Istio allows one per workload)
   */
  public PolicyEngine build() {
    if (policies == null) {
      throw new IllegalStateException("policies(...) is required (use PolicySet.empty() to allow everything)");
    }
    return new IndexedPolicyEngine(policies, explain == null ? ExplainLevel.OFF : explain,
        normalization == null ? PathNormalization.BASE : normalization,
        resolver == null ? ConnectionResolver.none() : resolver);
  }
}
