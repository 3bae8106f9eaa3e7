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
 * One trap the {@link PolicyLinter} found in a policy set.
 *
 * @since 0.1
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
