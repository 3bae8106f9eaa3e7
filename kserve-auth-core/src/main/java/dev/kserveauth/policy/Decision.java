package dev.kserveauth.policy;

import java.util.List;
import java.util.Objects;

/**
 * The engine's answer for one request, with the evidence for it.
 *
 * <p>{@code status} is 200 for ALLOW; for DENY it is 401 when the request carried no valid
 * credentials and 403 otherwise. {@code policy} and {@code rule} identify what determined the
 * result ({@code null} for the default deny / default allow), as stable ids that trace back to a
 * file and an index, e.g. {@code policy = "policies.yaml#kserve/allow-data-scientists"},
 * {@code rule = "policies.yaml#kserve/allow-data-scientists#rules[0]"}, with the reason
 * {@code "allowed by ALLOW policy policies.yaml#kserve/allow-data-scientists"} (a test renders this example).
 *
 * @param effect ALLOW or DENY
 * @param status the HTTP status the decision implies (200, 401 or 403)
 * @param policy the determining policy id, or {@code null}
 * @param rule the determining rule id, or {@code null}
 * @param reasons short, caller-safe reasons (e.g. "denied by DENY policy ...", "no ALLOW policy matched")
 * @param explanation per-candidate-rule notes, filled according to the explanation level; empty when off
 * @param shadow decisions of dry-run (shadow) policies: reported, never enforced
 */
public record Decision(
    Effect effect,
    int status,
    String policy,
    String rule,
    List<String> reasons,
    List<String> explanation,
    List<String> shadow) {

  public Decision {
    Objects.requireNonNull(effect, "effect");
    reasons = List.copyOf(reasons);
    explanation = List.copyOf(explanation);
    shadow = List.copyOf(shadow);
  }

  public boolean allowed() {
    return effect == Effect.ALLOW;
  }
}
