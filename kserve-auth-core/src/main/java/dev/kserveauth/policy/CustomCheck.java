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
 * Whether the CUSTOM policies (Istio {@code action: CUSTOM}) ask their external authorizer for one
 * request, and why. Istio's rule: the provider is asked when any rule of a CUSTOM policy naming it
 * matches; otherwise the CUSTOM step is skipped and DENY and ALLOW policies decide alone.
 *
 * @param provider the provider the CUSTOM policies name
 * @param policy the id of the CUSTOM policy whose rule matched, or {@code null} when none matched
 * @param rule the id of the matching rule, or {@code null}
 * @param explanation per-rule notes ({@code explain}), filled according to the engine's explanation level
 * @since 0.1
 */
public record CustomCheck(String provider, String policy, String rule, List<String> explanation) {

  /**
   * Copies the explanation.
   *
   * @param provider the provider the CUSTOM policies name
   * @param policy the id of the CUSTOM policy whose rule matched, or {@code null} when none matched
   * @param rule the id of the matching rule, or {@code null}
   * @param explanation per-rule notes ({@code explain}), filled according to the engine's explanation level
   * @throws NullPointerException if {@code provider} or {@code explanation} is {@code null}
   */
  public CustomCheck {
    Objects.requireNonNull(provider, "provider");
    explanation = List.copyOf(explanation);
  }

  /**
   * Whether the provider is asked.
   *
   * @return {@code true} when a CUSTOM rule matched, so the provider decides
   */
  public boolean asks() {
    return rule != null;
  }
}
