package dev.kserveauth.policy;

import static dev.kserveauth.policy.PolicyEngine.*;

import java.util.Objects;

/** Builds the standard engine: compiled once, indexed, immutable. */
public final class PolicyEngineBuilder {
  PolicySet policies;
  ExplainLevel explain;
  PathNormalization normalization;
  ConnectionResolver resolver;

  PolicyEngineBuilder() {}

  /** The policies (required). */
  public PolicyEngineBuilder policies(PolicySet set) {
    if (policies != null) {
      throw new IllegalStateException("policies were already set to " + policies);
    }
    policies = Objects.requireNonNull(set, "set");
    return this;
  }

  /** Explanation level; default {@link ExplainLevel#OFF}. */
  public PolicyEngineBuilder explain(ExplainLevel level) {
    if (explain != null) {
      throw new IllegalStateException("explain level was already set to " + explain);
    }
    explain = Objects.requireNonNull(level, "level");
    return this;
  }

  /** Path normalization before matching; default {@link PathNormalization#BASE}. */
  public PolicyEngineBuilder pathNormalization(PathNormalization mode) {
    if (normalization != null) {
      throw new IllegalStateException("path normalization was already set to " + normalization);
    }
    normalization = Objects.requireNonNull(mode, "mode");
    return this;
  }

  /** Source of peer identity, destination IP and SNI; default {@link ConnectionResolver#none()}. */
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
