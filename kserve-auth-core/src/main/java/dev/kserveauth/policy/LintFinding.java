package dev.kserveauth.policy;

import java.util.Objects;

/**
 * One trap the {@link PolicyLinter} found in a policy set.
 *
 * @param location {@code file:line} of the rule or value
 * @param policy the policy id
 * @param rule the rule id, or {@code null} for a finding about the whole policy
 * @param code a stable, greppable code such as {@code role-as-request-principal}
 * @param message what is wrong, in the terms of the mesh (what Istio would do with it)
 * @param suggestion how to write what was probably meant
 */
public record LintFinding(String location, String policy, String rule, String code, String message,
    String suggestion) {

  /**
   * Checks the components.
   *
   * @param location {@code file:line} of the rule or value
   * @param policy the policy id
   * @param rule the rule id, or {@code null} for a finding about the whole policy
   * @param code a stable, greppable code such as {@code role-as-request-principal}
   * @param message what is wrong, in the terms of the mesh (what Istio would do with it)
   * @param suggestion how to write what was probably meant
   * @throws NullPointerException if a component is {@code null}
   */
  public LintFinding {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(suggestion, "suggestion");
  }

  /**
   * {@code file:line: [code] message\n    fix: suggestion}.
   *
   * @return the finding on two lines
   */
  public String format() {
    return location + ": [" + code + "] " + message + "\n    fix: " + suggestion;
  }
}
