package dev.kserveauth.policy;

import java.util.List;
import java.util.Objects;

/**
 * One rule: it matches when every condition matches (AND). An empty condition list always matches
 * (Istio {@code rules: [{}]}).
 *
 * @param id stable id, {@code <policy id>#rules[<i>]}
 * @param location where it was written ({@code file.yaml:12})
 * @param conditions the conditions, each with a label saying where it came from
 */
record CompiledRule(String id, String location, List<Condition> conditions) {

  public CompiledRule {
    Objects.requireNonNull(id, "id");
    location = location == null ? "" : location;
    conditions = List.copyOf(conditions);
  }

  /**
   * One labelled part of a rule.
   *
   * @param label where it came from, e.g. {@code from}, {@code to}, {@code when[request.auth.claims[role]]}
   * @param matcher the compiled condition
   */
  public record Condition(String label, Matcher matcher) {
    public Condition {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(matcher, "matcher");
    }
  }

  /** Whether the rule matches. */
  public boolean matches(EvalContext c) {
    for (Condition cond : conditions) {
      if (!cond.matcher().matches(c)) {
        return false;
      }
    }
    return true;
  }

  /** The first condition that does not match, or {@code null} when the rule matches. */
  public Condition firstFailure(EvalContext c) {
    for (Condition cond : conditions) {
      if (!cond.matcher().matches(c)) {
        return cond;
      }
    }
    return null;
  }
}
