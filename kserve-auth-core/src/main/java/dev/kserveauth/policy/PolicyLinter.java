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

import dev.kserveauth.internal.policy.StringMatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the traps of policies that load fine but do not mean what their authors think, each with
 * the fix. The policies keep Istio's meaning when they load; the linter only points out where that
 * meaning probably surprises.
 *
 * <pre>{@code
 * for (LintFinding f : PolicyLinter.lint(PolicySet.load(Path.of("policies/")))) {
 *   System.out.println(f.format());
 * }
 * }</pre>
 *
 * <p>Findings:
 * <ul>
 *   <li>{@code role-as-request-principal}: a {@code requestPrincipals} entry {@code <iss>/<x>} whose
 *       subject part looks like a role ({@code https://auth.company.com/data-scientist}). Istio
 *       compares it with the token's {@code sub}, so it never matches a role.</li>
 *   <li>{@code middle-wildcard-path}: a path value with a {@code *} that is neither first nor last
 *       ({@code /v1/models/*:predict}). Istio takes it literally, so it never matches.</li>
 *   <li>{@code time-window-without-zone}: a time window that names no zone is read in UTC.</li>
 *   <li>{@code never-matches}: a rule with a condition that can never hold.</li>
 *   <li>{@code shadowed-rule}: a rule after a match-everything rule in the same policy, or a rule
 *       identical to an earlier one.</li>
 *   <li>{@code unreachable-allow}: an unconditional DENY policy denies everything, so no ALLOW rule
 *       can ever take effect.</li>
 *   <li>{@code peer-identity-in-process}: a rule on the caller's mTLS workload identity
 *       ({@code principals}, {@code namespaces}, {@code serviceAccounts}, {@code trustDomains},
 *       {@code source.principal}, {@code source.namespace}). In the mesh the sidecar proves it; an
 *       in-process server has it only from a {@link ConnectionResolver}. Without one the positive forms
 *       are never true (a DENY rule never denies through them) and the {@code not*} forms always are.</li>
 *   <li>{@code custom-several-providers}: CUSTOM policies naming different providers. Istio allows one
 *       provider per workload; a server refuses the set.</li>
 *   <li>{@code custom-asks-for-everything}: a CUSTOM rule that matches every request ({@code {}}): the
 *       provider is asked for health and readiness probes too, and an outage of it denies them.</li>
 * </ul>
 *
 * <p>Lint does not know which providers a server registers: a CUSTOM policy loads in a server only
 * when its {@code provider.name} is registered there ({@code KServeAuthBuilder#authorizer}).
 *
 * @since 0.1
 */
public final class PolicyLinter {

  /** Lower-case words joined by hyphens or underscores: how role names look, unlike ids, emails or UUIDs. */
  private static final Pattern ROLE_LIKE = Pattern.compile("[a-z][a-z]*([-_][a-z]+)*");

  private PolicyLinter() {}

  /**
   * Lints a loaded policy set; the findings are in policy and rule order.
   *
   * @param set the loaded policies
   * @return the findings; empty when there is nothing to report
   */
  public static List<LintFinding> lint(PolicySet set) {
    List<LintFinding> out = new ArrayList<>();
    CompiledPolicy denyAll = null;
    for (CompiledPolicy p : set.compiled()) {
      if (p.action() == CompiledPolicy.Action.DENY && !p.dryRun()
          && p.rules().stream().anyMatch(r -> r.conditions().isEmpty())) {
        denyAll = p;
      }
    }
    CompiledPolicy firstCustom = null;
    for (CompiledPolicy p : set.compiled()) {
      if (p.action() != CompiledPolicy.Action.CUSTOM) {
        continue;
      }
      if (firstCustom == null) {
        firstCustom = p;
      } else if (!firstCustom.provider().name().equals(p.provider().name())) {
        out.add(new LintFinding(p.provider().location(), p.id(), null, "custom-several-providers",
            "this CUSTOM policy asks provider '" + p.provider().name() + "', " + firstCustom.id() + " asks '"
                + firstCustom.provider().name() + "': Istio allows one provider per workload, and a server "
                + "refuses to load both",
            "use one provider, or keep the policies of different workloads apart (selector + forWorkload)"));
      }
      for (CompiledRule r : p.rules()) {
        if (r.conditions().isEmpty()) {
          out.add(new LintFinding(r.location(), p.id(), r.id(), "custom-asks-for-everything",
              "this CUSTOM rule matches every request: provider '" + p.provider().name() + "' is asked for health "
                  + "and readiness probes too, and while it is down they are denied",
              "exclude the probes, e.g. to: [{operation: {notPaths: [\"/v2/health/*\", \"/healthz\"]}}]"));
        }
      }
    }
    for (CompiledPolicy p : set.compiled()) {
      Map<String, String> seen = new HashMap<>();
      String catchAll = null;
      for (CompiledRule r : p.rules()) {
        if (catchAll != null) {
          out.add(new LintFinding(r.location(), p.id(), r.id(), "shadowed-rule",
              "this rule can never be the determining one: " + catchAll + " matches every request first",
              "remove the empty rule ({}) or this one; an empty rule matches everything"));
        }
        String shape = r.conditions().stream().map(c -> c.label() + "=" + c.matcher()).toList().toString();
        String earlier = seen.putIfAbsent(shape, r.id());
        if (earlier != null) {
          out.add(new LintFinding(r.location(), p.id(), r.id(), "shadowed-rule",
              "this rule repeats " + earlier + " exactly", "remove one of the two"));
        }
        int peer = 0;
        for (CompiledRule.Condition c : r.conditions()) {
          walk(c.matcher(), p, r, out);
          peer |= peerIdentity(c.matcher(), false);
        }
        if (peer != 0) {
          out.add(peerIdentityFinding(p, r, peer));
        }
        if (r.conditions().isEmpty() && catchAll == null) {
          catchAll = r.id();
        }
      }
      if (denyAll != null && p.action() == CompiledPolicy.Action.ALLOW && !p.dryRun()) {
        out.add(new LintFinding(p.location(), p.id(), null, "unreachable-allow",
            "no rule of this ALLOW policy can take effect: " + denyAll.id() + " denies every request",
            "give the DENY policy's rule conditions (from/to/when), or remove it"));
      }
    }
    return List.copyOf(out);
  }

  private static void walk(Matcher m, CompiledPolicy p, CompiledRule r, List<LintFinding> out) {
    if (m instanceof Matcher.AllOf a) {
      a.all().forEach(x -> walk(x, p, r, out));
    } else if (m instanceof Matcher.AnyOf a) {
      a.any().forEach(x -> walk(x, p, r, out));
    } else if (m instanceof Matcher.Not n) {
      walk(n.inner(), p, r, out);
    } else if (m instanceof Matcher.RequestPrincipal rp) {
      rolePrincipal(rp, p, r, out);
    } else if (m instanceof Matcher.StringIn s) {
      middleWildcard(s, p, r, out);
    } else if (m instanceof Matcher.TimeIn t) {
      if (!t.window().zoneGiven()) {
        out.add(new LintFinding(r.location(), p.id(), r.id(), "time-window-without-zone",
            "time window '" + t.window().source() + "' names no zone, so it is read in UTC",
            "add an IANA zone: '" + t.window().source() + " Europe/Berlin' (or the zone you mean)"));
      }
    } else if (m instanceof Matcher.Never n) {
      out.add(new LintFinding(r.location(), p.id(), r.id(), "never-matches",
          "this rule can never match: " + n.why(), "rewrite or remove the condition"));
    }
  }

  private static final int PEER_POSITIVE = 1;
  private static final int PEER_NEGATED = 2;

  /** Which polarities of peer-identity conditions the matcher holds. */
  private static int peerIdentity(Matcher m, boolean negated) {
    if (m instanceof Matcher.AllOf a) {
      return a.all().stream().mapToInt(x -> peerIdentity(x, negated)).reduce(0, (x, y) -> x | y);
    } else if (m instanceof Matcher.AnyOf a) {
      return a.any().stream().mapToInt(x -> peerIdentity(x, negated)).reduce(0, (x, y) -> x | y);
    } else if (m instanceof Matcher.Not n) {
      return peerIdentity(n.inner(), !negated);
    } else if (m instanceof Matcher.StringIn s && s.attribute() == Attribute.Scalar.PEER_PRINCIPAL) {
      return negated ? PEER_NEGATED : PEER_POSITIVE;
    }
    return 0;
  }

  private static LintFinding peerIdentityFinding(CompiledPolicy p, CompiledRule r, int peer) {
    boolean deny = p.action() == CompiledPolicy.Action.DENY;
    StringBuilder msg = new StringBuilder("this rule matches on the caller's mTLS workload identity, which Istio's"
        + " sidecar proves; an in-process server knows it only when a ConnectionResolver supplies it. Without one,");
    // per condition, not per rule: a peer condition may be one alternative among several sources
    if ((peer & PEER_POSITIVE) != 0) {
      msg.append(" principals/namespaces/serviceAccounts/trustDomains conditions are never true: this rule ")
          .append(deny ? "never denies through them" : "never allows through them");
    }
    if ((peer & PEER_NEGATED) != 0) {
      msg.append((peer & PEER_POSITIVE) != 0 ? ";" : "")
          .append(" their not* forms are always true: this rule ")
          .append(deny ? "denies callers they were meant to let through"
              : "lets through callers they were meant to keep out");
    }
    return new LintFinding(r.location(), p.id(), r.id(), "peer-identity-in-process", msg.toString(),
        "identify callers by their token: requestPrincipals: [\"<issuer>/system:serviceaccount:<namespace>:<name>\"]"
            + " for Kubernetes service-account tokens (or a claim in when:); keep the peer rule only if the server"
            + " terminates mTLS and is built with PolicyEngine.builder().connectionResolver(...)");
  }

  private static void rolePrincipal(Matcher.RequestPrincipal rp, CompiledPolicy p, CompiledRule r,
      List<LintFinding> out) {
    String source = rp.source();
    int slash = source.lastIndexOf('/');
    if (slash < 0) {
      return;
    }
    String sub = source.substring(slash + 1);
    if (sub.contains("*") || !ROLE_LIKE.matcher(sub).matches()) {
      return;
    }
    out.add(new LintFinding(r.location(), p.id(), r.id(), "role-as-request-principal",
        "requestPrincipals '" + source + "' matches tokens whose subject (sub) is '" + sub
            + "'; it looks like a role, and Istio never compares it with a role claim",
        "match the issuer with requestPrincipals: [\"" + source.substring(0, slash) + "/*\"] and the role with"
            + " when: [{key: request.auth.claims[role], values: [\"" + sub + "\"]}]"));
  }

  private static void middleWildcard(Matcher.StringIn s, CompiledPolicy p, CompiledRule r, List<LintFinding> out) {
    if (s.attribute() != Attribute.Scalar.PATH) {
      return;
    }
    for (StringMatch m : s.patterns()) {
      String v = m.source();
      int star = v.indexOf('*');
      if (m.kind() == StringMatch.Kind.EXACT && star > 0 && star < v.length() - 1) {
        out.add(new LintFinding(r.location(), p.id(), r.id(), "middle-wildcard-path",
            "path '" + v + "' has a '*' in the middle; Istio compares it literally, so it never matches a real path",
            suggestPath(v)));
      }
    }
  }

  private static String suggestPath(String v) {
    int star = v.indexOf('*');
    String tail = v.substring(star + 1);
    String head = v.substring(0, star);
    StringBuilder sb = new StringBuilder("use a suffix '*" + tail + "'");
    // Istio's template operators must be whole segments: '/v2/models/{*}/infer' loads, '/v1/models/{*}:predict' does not.
    if (head.endsWith("/") && (tail.isEmpty() || tail.startsWith("/")) && tail.indexOf('*') < 0) {
      sb.append(", a template '").append(head).append("{*}").append(tail).append("'");
    }
    if (head.startsWith("/v1/models/") || head.startsWith("/v2/models/")) {
      sb.append(", or the kserve.verb / kserve.model keys (compact format: verbs and model globs)");
    }
    return sb.toString();
  }
}
