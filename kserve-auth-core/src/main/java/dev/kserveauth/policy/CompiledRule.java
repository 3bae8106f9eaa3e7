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
