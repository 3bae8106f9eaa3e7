package dev.kserveauth.internal.policy;

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
 */
public record CompiledPolicy(String id, String location, Action action, boolean dryRun, List<CompiledRule> rules) {

  /** What a matching policy does. */
  public enum Action {
    /** Grants; once any enforced ALLOW policy exists, requests matching none are denied. */
    ALLOW,
    /** Denies; checked before ALLOW, any match wins. */
    DENY,
    /** Only reported (Istio AUDIT); never changes a decision. */
    AUDIT
  }

  public CompiledPolicy {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(action, "action");
    location = location == null ? "" : location;
    rules = List.copyOf(rules);
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
