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

import dev.kserveauth.policy.CompiledPolicy.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy engine: compiled once from a {@link PolicySet}, then {@link #decide} many times from
 * any thread. Enforced DENY and ALLOW rules are indexed separately ({@link RuleIndex}); dry-run and
 * AUDIT policies are evaluated in full and only reported in {@link Decision#shadow()}.
 *
 * <p>Combining rule: any matching enforced DENY rule denies; otherwise, when at least one enforced
 * ALLOW policy exists (even one without rules), a matching ALLOW rule allows and no match denies;
 * with no enforced ALLOW policy the request is allowed. Rules are tried in policy-id order, so the
 * determining rule does not depend on file or document order. Any exception while evaluating
 * denies (fail closed), is named in the reasons and counted in {@link #evaluationErrors()}.
 */
final class IndexedPolicyEngine implements PolicyEngine {

  /** Explanations list at most this many rules, so a denial against thousands of rules stays readable. */
  static final int MAX_EXPLAINED_RULES = 100;
  private static final List<String> DEFAULT_ALLOW = List.of("no ALLOW policy: allowed by default");
  private static final List<String> NO_ALLOW_MATCHED = List.of("no ALLOW policy matched");
  private static final Logger AUDIT = LoggerFactory.getLogger("dev.kserveauth.policy.audit");

  private final Bucket deny;
  private final Bucket allow;
  private final boolean hasEnforcedAllow;
  private final boolean enforcing;
  private final List<CompiledPolicy> observed;
  private final boolean hasDryRun;
  private final ExplainLevel level;
  private final PathNormalization normalization;
  private final ConnectionResolver resolver;
  private final LongAdder errors = new LongAdder();
  private final boolean dependsOnModel;
  private final Bucket custom;
  private final String provider;
  private final java.util.Map<String, String> providerLocations;

  /** Rules of one action, with their owning policies, in evaluation order. */
  private static final class Bucket {
    final CompiledRule[] rules;
    final CompiledPolicy[] owners;
    final List<String>[] reasons;
    final RuleIndex index;

    @SuppressWarnings("unchecked")
    Bucket(List<CompiledPolicy> policies, String verb) {
      List<CompiledRule> r = new ArrayList<>();
      List<CompiledPolicy> o = new ArrayList<>();
      for (CompiledPolicy p : policies) {
        for (CompiledRule rule : p.rules()) {
          r.add(rule);
          o.add(p);
        }
      }
      rules = r.toArray(new CompiledRule[0]);
      owners = o.toArray(new CompiledPolicy[0]);
      reasons = new List[owners.length];
      for (int i = 0; i < owners.length; i++) {
        reasons[i] = List.of(verb + " policy " + owners[i].id());
      }
      index = new RuleIndex(r);
    }
  }

  /**
   * @param set the policies
   * @param level explanation level
   * @param normalization path normalization
   * @param resolver connection facts
   */
  public IndexedPolicyEngine(PolicySet set, ExplainLevel level, PathNormalization normalization,
      ConnectionResolver resolver) {
    List<CompiledPolicy> denies = new ArrayList<>();
    List<CompiledPolicy> allows = new ArrayList<>();
    List<CompiledPolicy> obs = new ArrayList<>();
    List<CompiledPolicy> customs = new ArrayList<>();
    boolean dry = false;
    for (CompiledPolicy p : set.compiled()) {
      if (p.action() == Action.CUSTOM) {
        customs.add(p);
      } else if (p.dryRun() || p.action() == Action.AUDIT) {
        obs.add(p);
        dry |= p.dryRun();
      } else if (p.action() == Action.DENY) {
        denies.add(p);
      } else {
        allows.add(p);
      }
    }
    this.deny = new Bucket(denies, "denied by DENY");
    this.allow = new Bucket(allows, "allowed by ALLOW");
    this.hasEnforcedAllow = !allows.isEmpty();
    this.enforcing = !allows.isEmpty() || !denies.isEmpty() || !customs.isEmpty();
    this.observed = List.copyOf(obs);
    this.hasDryRun = dry;
    this.level = level;
    this.normalization = normalization;
    this.resolver = resolver;
    this.dependsOnModel = reads(denies, Attribute.Scalar.KSERVE_MODEL) || reads(allows, Attribute.Scalar.KSERVE_MODEL)
        || reads(customs, Attribute.Scalar.KSERVE_MODEL);
    this.custom = customs.isEmpty() ? null : new Bucket(customs, "asked by CUSTOM");
    this.provider = customs.isEmpty() ? null : onlyProvider(customs);
    this.providerLocations = customs.isEmpty() ? java.util.Map.of()
        : java.util.Map.of(provider, customs.get(0).provider().location());
  }

  /**
   * Istio's restriction: the CUSTOM policies of one workload name one provider (several need
   * {@code PILOT_ENABLE_MULTIPLE_CUSTOM_AUTHZ_PROVIDERS}, and then each request may still be sent to
   * at most one). In process the workload is the process, so a set naming two is a load error.
   */
  private static String onlyProvider(List<CompiledPolicy> customs) {
    CompiledPolicy first = customs.get(0);
    for (CompiledPolicy p : customs) {
      if (!p.provider().name().equals(first.provider().name())) {
        throw new dev.kserveauth.policy.PolicyException(p.provider().location(), "CUSTOM policy " + p.id()
            + " names provider '" + p.provider().name() + "' but CUSTOM policy " + first.id() + " ("
            + first.provider().location() + ") names '" + first.provider().name() + "': Istio allows one "
            + "provider per workload; use one provider, or split the policies with forWorkload(...)");
      }
    }
    return first.provider().name();
  }

  @Override
  public dev.kserveauth.policy.CustomCheck custom(AccessRequest request) {
    if (custom == null) {
      return null;
    }
    List<String> explain = level == ExplainLevel.OFF ? List.of() : new ArrayList<>();
    EvalContext c = new EvalContext(request, normalization.normalize(request.path()), resolver.resolve(request));
    for (int i : custom.index.candidates(c)) {
      CompiledRule r = custom.rules[i];
      if (evaluate(r, c)) {
        if (level != ExplainLevel.OFF) {
          explain.add(r.id() + " (" + r.location() + "): CUSTOM rule matched: provider '" + provider + "' is asked");
        }
        return new dev.kserveauth.policy.CustomCheck(provider, custom.owners[i].id(), r.id(), explain);
      } else if (level != ExplainLevel.OFF && explain.size() < MAX_EXPLAINED_RULES) {
        explain.add(r.id() + " (" + r.location() + "): CUSTOM rule did not match: " + why(r, c));
      }
    }
    if (level != ExplainLevel.OFF) {
      explain.add("no CUSTOM rule matched: provider '" + provider + "' is not asked");
    }
    return new dev.kserveauth.policy.CustomCheck(provider, null, null, explain);
  }

  @Override
  public java.util.Set<String> providers() {
    return provider == null ? java.util.Set.of() : java.util.Set.of(provider);
  }

  @Override
  public java.util.Map<String, String> providerLocations() {
    return providerLocations;
  }

  @Override
  public Decision decide(AccessRequest request) {
    boolean anonymous = request.principal() == null;
    List<String> explain = level == ExplainLevel.OFF ? List.of() : new ArrayList<>();
    EvalContext c;
    try {
      String path = normalization.normalize(request.path());
      ConnectionInfo info = resolver.resolve(request);
      c = new EvalContext(request, path, info);
    } catch (IllegalArgumentException e) {
      return deny(anonymous, null, null, List.of("invalid request: " + e.getMessage()), explain, List.of());
    } catch (RuntimeException e) {
      errors.increment();
      return deny(anonymous, null, null, List.of("evaluation error: " + e.getClass().getSimpleName()
          + " while resolving the connection"), explain, List.of());
    }
    List<String> shadow;
    try {
      shadow = observed.isEmpty() ? List.of() : shadow(c);
    } catch (RuntimeException e) {
      // only an enforced rule can throw here (dry-run errors are caught per policy); enforce() below
      // meets the same error, counts it and denies
      shadow = List.of("shadow evaluation error: " + e.getClass().getSimpleName());
    }
    try {
      return enforce(c, anonymous, explain, shadow);
    } catch (RuntimeException e) {
      errors.increment();
      return deny(anonymous, null, null, List.of("evaluation error: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + "; denied (fail closed)"), explain, shadow);
    }
  }

  private Decision enforce(EvalContext c, boolean anonymous, List<String> explain, List<String> shadow) {
    boolean full = level == ExplainLevel.FULL;
    int[] denyCand = deny.index.candidates(c);
    for (int i : denyCand) {
      CompiledRule r = deny.rules[i];
      if (evaluate(r, c)) {
        if (level != ExplainLevel.OFF) {
          explain.add(r.id() + " (" + r.location() + "): DENY rule matched");
        }
        return deny(anonymous, deny.owners[i].id(), r.id(), deny.reasons[i], explain, shadow);
      } else if (full && explain.size() < MAX_EXPLAINED_RULES) {
        explain.add(r.id() + " (" + r.location() + "): DENY rule did not match: " + why(r, c));
      }
    }
    if (full && deny.rules.length > 0) { // "0 of 0 DENY rules" says nothing
      explain.add((deny.rules.length - denyCand.length) + " of " + deny.rules.length
          + " DENY rules were not candidates (index)");
    }
    if (!hasEnforcedAllow) {
      return new Decision(Effect.ALLOW, null, null, DEFAULT_ALLOW, explain, shadow);
    }
    int[] allowCand = allow.index.candidates(c);
    for (int i : allowCand) {
      CompiledRule r = allow.rules[i];
      if (evaluate(r, c)) {
        if (full) {
          explain.add(r.id() + " (" + r.location() + "): ALLOW rule matched");
          explain.add((allow.rules.length - allowCand.length) + " of " + allow.rules.length
              + " ALLOW rules were not candidates (index)");
        }
        return new Decision(Effect.ALLOW, allow.owners[i].id(), r.id(), allow.reasons[i], explain, shadow);
      }
    }
    if (level != ExplainLevel.OFF) {
      int shown = 0;
      for (int i : allowCand) {
        if (shown++ == MAX_EXPLAINED_RULES) {
          explain.add("... and " + (allowCand.length - MAX_EXPLAINED_RULES) + " more candidate ALLOW rules");
          break;
        }
        CompiledRule r = allow.rules[i];
        explain.add(r.id() + " (" + r.location() + "): ALLOW rule did not match: " + why(r, c));
      }
      explain.add((allow.rules.length - allowCand.length) + " of " + allow.rules.length
          + " ALLOW rules were not candidates: their path, model, verb or method cannot match");
    }
    return deny(anonymous, null, null, NO_ALLOW_MATCHED, explain, shadow);
  }

  private static boolean evaluate(CompiledRule r, EvalContext c) {
    try {
      return r.matches(c);
    } catch (RuntimeException e) {
      throw new RuleEvaluationException(r.id(), e);
    }
  }

  /** Names the rule whose evaluation failed; message is caller-safe. */
  static final class RuleEvaluationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RuleEvaluationException(String ruleId, RuntimeException cause) {
      super("in rule " + ruleId + ": " + cause.getClass().getSimpleName(), cause, false, false);
    }
  }

  private static String why(CompiledRule r, EvalContext c) {
    CompiledRule.Condition f = r.firstFailure(c);
    if (f == null) {
      return "(matched)";
    }
    String why = f.label() + " requires " + f.matcher().describe();
    if (c.scalar(Attribute.Scalar.PEER_PRINCIPAL) == null
        && Matcher.reads(f.matcher(), Attribute.Scalar.PEER_PRINCIPAL)) {
      why += " (the request has no mTLS peer identity; in process only a ConnectionResolver supplies one)";
    }
    return why;
  }

  private static Decision deny(boolean anonymous, String policy, String rule, List<String> reasons,
      List<String> explain, List<String> shadow) {
    return new Decision(Effect.DENY, policy, rule, reasons, explain, shadow);
  }

  /** Dry-run and AUDIT policies: evaluated, reported, never enforced. */
  private List<String> shadow(EvalContext c) {
    List<String> out = new ArrayList<>();
    String shadowDeny = null;
    boolean dryAllowExists = false;
    boolean dryAllowMatched = false;
    for (CompiledPolicy p : observed) {
      CompiledRule m;
      try {
        m = p.firstMatch(c);
      } catch (RuntimeException e) {
        errors.increment();
        out.add((p.dryRun() ? "dry-run " : "") + p.action() + " " + p.id() + ": evaluation error "
            + e.getClass().getSimpleName());
        if (p.dryRun() && p.action() == Action.DENY) {
          shadowDeny = p.id();
        }
        continue;
      }
      if (p.action() == Action.AUDIT) {
        if (m != null) {
          out.add((p.dryRun() ? "dry-run " : "") + "AUDIT " + p.id() + ": matched " + m.id());
          AUDIT.info("AUDIT policy {} matched rule {} for {} {}", p.id(), m.id(), c.request().method(), c.path());
        }
        continue;
      }
      if (p.action() == Action.DENY) {
        out.add("dry-run DENY " + p.id() + ": " + (m == null ? "not matched" : "would deny (" + m.id() + ")"));
        if (m != null && shadowDeny == null) {
          shadowDeny = p.id();
        }
      } else {
        dryAllowExists = true;
        dryAllowMatched |= m != null;
        out.add("dry-run ALLOW " + p.id() + ": " + (m == null ? "not matched" : "matched (" + m.id() + ")"));
      }
    }
    if (hasDryRun) {
      out.add(0, "shadow decision with dry-run policies enforced: " + shadowVerdict(c, shadowDeny, dryAllowExists,
          dryAllowMatched));
    }
    return out;
  }

  /** The decision the engine would take if the dry-run policies were enforced too. */
  private String shadowVerdict(EvalContext c, String dryDeny, boolean dryAllowExists, boolean dryAllowMatched) {
    for (int i : deny.index.candidates(c)) {
      if (deny.rules[i].matches(c)) {
        return "DENY by " + deny.owners[i].id();
      }
    }
    if (dryDeny != null) {
      return "DENY by " + dryDeny;
    }
    if (!hasEnforcedAllow && !dryAllowExists) {
      return "ALLOW (no ALLOW policy)";
    }
    if (dryAllowMatched) {
      return "ALLOW";
    }
    for (int i : allow.index.candidates(c)) {
      if (allow.rules[i].matches(c)) {
        return "ALLOW by " + allow.owners[i].id();
      }
    }
    return "DENY (no ALLOW policy matched)";
  }

  /** Whether any enforced rule compares this attribute (dry-run and AUDIT policies never decide). */
  private static boolean reads(List<CompiledPolicy> policies, Attribute attribute) {
    for (CompiledPolicy p : policies) {
      for (CompiledRule r : p.rules()) {
        for (CompiledRule.Condition c : r.conditions()) {
          if (Matcher.reads(c.matcher(), attribute)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  @Override
  public boolean dependsOnModel() {
    return dependsOnModel;
  }

  /** Number of evaluation errors since this engine was built. */
  @Override
  public boolean enforcing() {
    return enforcing;
  }

  @Override
  public long evaluationErrors() {
    return errors.sum();
  }

  @Override
  public String toString() {
    return "PolicyEngine[deny rules=" + deny.rules.length + " (unindexed " + deny.index.unindexed() + "), allow rules="
        + allow.rules.length + " (unindexed " + allow.index.unindexed() + "), observed=" + observed.size() + "]";
  }
}
