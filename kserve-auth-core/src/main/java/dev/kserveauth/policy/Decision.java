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
 * The engine's answer for one request, with the evidence for it: allow or deny, what determined it, and
 * why. It carries no HTTP status: the transport maps it ({@link dev.kserveauth.AuthResult#statusOf}: 200
 * for ALLOW; for DENY 401 when the request carried no valid credentials, else 403).
 *
 * <p>{@code policy} and {@code rule} identify what determined the
 * result ({@code null} for the default deny / default allow), as stable ids that trace back to a
 * file and an index, e.g. {@code policy = "policies.yaml#kserve/allow-data-scientists"},
 * {@code rule = "policies.yaml#kserve/allow-data-scientists#rules[0]"}, with the reason
 * {@code "allowed by ALLOW policy policies.yaml#kserve/allow-data-scientists"} (a test renders this example).
 *
 * @since 0.1
 * @param effect ALLOW or DENY
 * @param policy the determining policy id, or {@code null}
 * @param rule the determining rule id, or {@code null}
 * @param reasons short, caller-safe reasons (e.g. "denied by DENY policy ...", "no ALLOW policy matched")
 * @param explanation per-candidate-rule notes, filled according to the explanation level; empty when off
 * @param shadow decisions of dry-run (shadow) policies: reported, never enforced
 */
public record Decision(
    Effect effect,
    String policy,
    String rule,
    List<String> reasons,
    List<String> explanation,
    List<String> shadow) {

  /**
   * Copies the lists.
   *
   * @param effect ALLOW or DENY
   * @param policy the determining policy id, or {@code null}
   * @param rule the determining rule id, or {@code null}
   * @param reasons short, caller-safe reasons (e.g. "denied by DENY policy ...", "no ALLOW policy matched")
   * @param explanation per-candidate-rule notes, filled according to the explanation level; empty when off
   * @param shadow decisions of dry-run (shadow) policies: reported, never enforced
   * @throws NullPointerException if {@code effect} or a list is {@code null}
   */
  public Decision {
    Objects.requireNonNull(effect, "effect");
    reasons = List.copyOf(reasons);
    explanation = List.copyOf(explanation);
    shadow = List.copyOf(shadow);
  }

  /**
   * Whether the effect is ALLOW.
   *
   * @return {@code effect() == Effect.ALLOW}
   */
  public boolean allowed() {
    return effect == Effect.ALLOW;
  }
}
