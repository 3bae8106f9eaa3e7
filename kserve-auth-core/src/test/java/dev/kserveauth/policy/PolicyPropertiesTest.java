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

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties over seeded random policy sets and requests (plain loops; each failure prints the seed).
 */
class PolicyPropertiesTest {

  static final int SETS = 60;
  static final int REQUESTS = 30;

  static PolicyEngine engine(String yaml) {
    return PolicyEngine.builder().policies(PolicySet.parse(yaml, "p.yaml")).build();
  }

  @Test
  void addingADenyNeverTurnsADenyIntoAnAllow() {
    for (long seed = 0; seed < SETS; seed++) {
      RandomPolicies g = new RandomPolicies(seed);
      List<String> docs = g.policies(1 + (int) (seed % 6), "p");
      PolicyEngine before = engine(RandomPolicies.join(docs));
      List<String> more = new ArrayList<>(docs);
      more.add(g.policy("extra-deny", "DENY"));
      PolicyEngine after = engine(RandomPolicies.join(more));
      for (int i = 0; i < REQUESTS; i++) {
        AccessRequest r = g.request();
        Decision b = before.decide(r);
        Decision a = after.decide(r);
        if (!b.allowed()) {
          assertThat(a.allowed()).as("seed %d request %d: %s -> %s", seed, i, b, a).isFalse();
        }
      }
    }
  }

  @Test
  void policyOrderNeverMatters() {
    for (long seed = 0; seed < SETS; seed++) {
      RandomPolicies g = new RandomPolicies(seed);
      List<String> docs = g.policies(2 + (int) (seed % 6), "p");
      List<String> shuffled = new ArrayList<>(docs);
      Collections.shuffle(shuffled, new Random(seed));
      PolicyEngine a = engine(RandomPolicies.join(docs));
      PolicyEngine b = engine(RandomPolicies.join(shuffled));
      for (int i = 0; i < REQUESTS; i++) {
        AccessRequest r = g.request();
        Decision x = a.decide(r);
        Decision y = b.decide(r);
        assertThat(y).as("seed %d request %d", seed, i).isEqualTo(x);
      }
    }
  }

  /** The index only skips rules that cannot match: same decision and rule as a linear scan. */
  @Test
  void indexedEngineAgreesWithALinearScan() {
    for (long seed = 0; seed < SETS; seed++) {
      RandomPolicies g = new RandomPolicies(1000 + seed);
      PolicySet set = PolicySet.parse(RandomPolicies.join(g.policies(1 + (int) (seed % 12), "p")), "p.yaml");
      PolicyEngine e = PolicyEngine.builder().policies(set).build();
      for (int i = 0; i < REQUESTS; i++) {
        AccessRequest r = g.request();
        Decision d = e.decide(r);
        String[] ref = linearScan(set, r);
        assertThat(d.effect().name() + " " + d.rule()).as("seed %d request %d %s %s", seed, i, r.method(), r.path())
            .isEqualTo(ref[0] + " " + ref[1]);
      }
    }
  }

  /** Istio's combining rule (DENY, then ALLOW; https://istio.io/latest/docs/concepts/security/#authorization-policies), without any index. */
  static String[] linearScan(PolicySet set, AccessRequest r) {
    EvalContext c = new EvalContext(r, PathNormalization.BASE.normalize(r.path()), ConnectionInfo.NONE);
    boolean anyAllow = false;
    for (CompiledPolicy p : set.compiled()) {
      if (p.action() == CompiledPolicy.Action.DENY && !p.dryRun()) {
        for (CompiledRule rule : p.rules()) {
          if (rule.matches(c)) {
            return new String[] {"DENY", rule.id()};
          }
        }
      }
      anyAllow |= p.action() == CompiledPolicy.Action.ALLOW && !p.dryRun();
    }
    if (!anyAllow) {
      return new String[] {"ALLOW", null};
    }
    for (CompiledPolicy p : set.compiled()) {
      if (p.action() == CompiledPolicy.Action.ALLOW && !p.dryRun()) {
        for (CompiledRule rule : p.rules()) {
          if (rule.matches(c)) {
            return new String[] {"ALLOW", rule.id()};
          }
        }
      }
    }
    return new String[] {"DENY", null};
  }
}
