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

import java.util.List;
import java.util.Objects;

/**
 * One policy in the format-neutral model: an action, whether it is dry-run (shadow), and rules
 * ORed together. A policy with no rules never matches; an ALLOW policy with no rules still counts
 * as an ALLOW policy (deny-by-default, Istio's "allow-nothing").
 *
 * @param id stable id, e.g. {@code policies.yaml#ml-models/kserve-rbac}
 * @param location where it was written ({@code policies.yaml:17})
 * @param action ALLOW, DENY or AUDIT
 * @param dryRun evaluated and reported, never enforced
 * @param rules the rules
 * @param scope which workloads the policy names (Istio namespace + selector), or {@code null} for every workload
 * @param provider for a CUSTOM policy the external authorizer it asks ({@code provider.name}), else {@code null}
 */
record CompiledPolicy(String id, String location, Action action, boolean dryRun, List<CompiledRule> rules,
    Scope scope, Provider provider) {

  /**
   * The external authorizer a CUSTOM policy asks.
   *
   * @param name the provider name ({@code provider.name})
   * @param location where it was written ({@code policies.yaml:9})
   */
  public record Provider(String name, String location) {
    public Provider {
      Objects.requireNonNull(name, "name");
      location = location == null ? "" : location;
    }
  }

  /**
   * Istio's workload targeting (<a href="https://istio.io/latest/docs/reference/config/security/authorization-policy/">{@code selector}, {@code targetRef}</a>).
   *
   * @param namespace the policy's namespace
   * @param matchLabels {@code selector.matchLabels}; empty for no selector
   * @param targetRefs whether the policy targets gateways/waypoints ({@code targetRef(s)}) instead of workloads
   */
  public record Scope(String namespace, java.util.Map<String, String> matchLabels, boolean targetRefs) {
    public Scope {
      Objects.requireNonNull(namespace, "namespace");
      matchLabels = java.util.Map.copyOf(matchLabels);
    }

    /**
     * Whether a policy with this scope applies to a workload (Istio: same namespace or the root
     * namespace, selector labels a subset of the workload's; targetRefs never apply to a workload).
     */
    public boolean appliesTo(String workloadNamespace, java.util.Map<String, String> labels, String rootNamespace) {
      if (targetRefs) {
        return false;
      }
      if (!namespace.equals(workloadNamespace) && !namespace.equals(rootNamespace)) {
        return false;
      }
      for (java.util.Map.Entry<String, String> e : matchLabels.entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
  }

  /** A policy that applies to every workload. */
  public CompiledPolicy(String id, String location, Action action, boolean dryRun, List<CompiledRule> rules) {
    this(id, location, action, dryRun, rules, null, null);
  }

  /** An ALLOW, DENY or AUDIT policy with a scope. */
  public CompiledPolicy(String id, String location, Action action, boolean dryRun, List<CompiledRule> rules,
      Scope scope) {
    this(id, location, action, dryRun, rules, scope, null);
  }

  /** What a matching policy does. */
  public enum Action {
    /** Grants; once any enforced ALLOW policy exists, requests matching none are denied. */
    ALLOW,
    /** Denies; checked before ALLOW, any match wins. */
    DENY,
    /** Only reported (Istio AUDIT); never changes a decision. */
    AUDIT,
    /**
     * Asks an external authorizer (Istio CUSTOM) when a rule matches; evaluated before DENY and ALLOW.
     * A provider deny denies; a provider allow lets DENY and ALLOW decide.
     */
    CUSTOM
  }

  public CompiledPolicy {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(action, "action");
    location = location == null ? "" : location;
    rules = List.copyOf(rules);
    if ((action == Action.CUSTOM) != (provider != null)) {
      throw new IllegalArgumentException("a provider is required for, and only valid with, action CUSTOM: " + id);
    }
  }

  /** Whether the policy can change a decision: ALLOW or DENY, and not dry-run. */
  public boolean enforcing() {
    return !dryRun && action != Action.AUDIT;
  }

  /** The first matching rule, or {@code null}. */
  public CompiledRule firstMatch(EvalContext c) {
    for (CompiledRule r : rules) {
      if (r.matches(c)) {
        return r;
      }
    }
    return null;
  }
}
