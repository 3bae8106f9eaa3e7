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
package dev.kserveauth.benchmarks.policy;

import dev.kserveauth.policy.AccessRequest;
import dev.kserveauth.policy.Decision;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.policy.PolicySet;
import dev.kserveauth.route.KServeRoutes;
import dev.kserveauth.authn.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decision latency of the policy engine against jCasbin on the same RBAC-with-globs model, at
 * 10 / 100 / 1,000 / 10,000 rules, in one run.
 *
 * <p>The model: {@code rules} grants; grant {@code i} lets role {@code role-(i/2)} run verb
 * {@code predict} (even {@code i}) or {@code explain} (odd {@code i}) on the models matching the
 * glob {@code m(i/2)-*}. For kserve-auth that is one {@code kserve-auth/v1} {@code AccessPolicy}
 * whose roles hold {@code model:predict:m7-*}-style permissions, with roles read from the token's
 * {@code role} claim; for jCasbin it is one {@code p, role-7, m7-*, predict} line per grant, one
 * {@code g, u7, role-7} line per user, and the matcher
 * {@code r.act == p.act && g(r.sub, p.sub) && globMatch(r.obj, p.obj)}.
 *
 * <p>Both engines, the principals, the routes and 64 requests are built in {@link #setup()}; the
 * measured methods only decide. The requests cycle through roles spread across the whole set and
 * are half allowed (predict / explain on the role's own models) and half denied (another role's
 * model; a verb no role holds). Setup checks that both engines decide every request as expected.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PolicyEngineBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -bm sample -tu ns
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PolicyEngineBenchmark {

  /** Number of grants (rules) in the policy set. */
  @Param({"10", "100", "1000", "10000"})
  public int rules;

  static final int REQUESTS = 64;
  static final String ISSUER = "https://issuer.example";

  PolicyEngine engine;
  Enforcer casbin;
  AccessRequest[] ours;
  String[][] theirs;
  boolean[] expected;
  int next;

  @Setup
  public void setup() {
    int roles = Math.max(1, rules / 2);
    engine = PolicyEngine.builder().policies(PolicySet.parse(compactPolicy(rules), "bench-rbac.yaml")).build();
    casbin = casbin(rules, roles);

    ours = new AccessRequest[REQUESTS];
    theirs = new String[REQUESTS][];
    expected = new boolean[REQUESTS];
    Instant now = Instant.now();
    for (int j = 0; j < REQUESTS; j++) {
      int k = (int) ((j * 7919L) % roles);
      String method = "POST";
      String model;
      String verb;
      switch (j % 4) {
        case 0 -> { model = "m" + k + "-churn"; verb = "predict"; expected[j] = true; }
        case 1 -> { model = "m" + k + "-iris"; verb = "explain"; expected[j] = true; }
        case 2 -> { model = "m" + ((k + 1) % roles) + "-churn"; verb = "predict"; expected[j] = roles == 1; }
        default -> { model = "m" + k + "-churn"; verb = "delete"; method = "DELETE"; expected[j] = false; }
      }
      String path = switch (verb) {
        case "delete" -> "/v1/models/" + model;
        default -> "/v1/models/" + model + ":" + verb;
      };
      Principal p = Principal.fromClaims(Map.of("iss", ISSUER, "sub", "u" + k, "role", "role-" + k));
      ours[j] = new AccessRequest(p, method, path, "localhost", 8080, Map.of(), "127.0.0.1", null,
          KServeRoutes.parse(method, path), now);
      theirs[j] = new String[] {"u" + k, model, verb};
      boolean a = engine.decide(ours[j]).allowed();
      boolean b = casbin.enforce((Object[]) theirs[j]);
      if (a != expected[j] || b != expected[j]) {
        throw new IllegalStateException("request " + j + " " + method + " " + path + " as role-" + k
            + ": kserve-auth " + a + ", jCasbin " + b + ", expected " + expected[j]);
      }
    }
  }

  /** The compact-format policy: {@code rules} grants over {@code rules/2} roles. */
  static String compactPolicy(int rules) {
    StringBuilder y = new StringBuilder("""
        apiVersion: kserve-auth/v1
        kind: AccessPolicy
        metadata: {name: bench-rbac}
        spec:
          roleClaims: [role]
          roles:
        """);
    for (int i = 0; i < rules; i += 2) {
      int k = i / 2;
      y.append("    role-").append(k).append(": {permissions: [\"model:predict:m").append(k).append("-*\"");
      if (i + 1 < rules) {
        y.append(", \"model:explain:m").append(k).append("-*\"");
      }
      y.append("]}\n");
    }
    return y.toString();
  }

  static final String CASBIN_MODEL = """
      [request_definition]
      r = sub, obj, act

      [policy_definition]
      p = sub, obj, act

      [role_definition]
      g = _, _

      [policy_effect]
      e = some(where (p.eft == allow))

      [matchers]
      m = r.act == p.act && g(r.sub, p.sub) && globMatch(r.obj, p.obj)
      """;

  static Enforcer casbin(int rules, int roles) {
    Model m = new Model();
    m.loadModelFromText(CASBIN_MODEL);
    Enforcer e = new Enforcer(m);
    e.enableLog(false);
    List<List<String>> p = new ArrayList<>();
    for (int i = 0; i < rules; i++) {
      int k = i / 2;
      p.add(List.of("role-" + k, "m" + k + "-*", i % 2 == 0 ? "predict" : "explain"));
    }
    e.addPolicies(p);
    List<List<String>> g = new ArrayList<>();
    for (int k = 0; k < roles; k++) {
      g.add(List.of("u" + k, "role-" + k));
    }
    e.addGroupingPolicies(g);
    e.buildRoleLinks();
    return e;
  }

  @Benchmark
  public Decision kserveAuth() {
    int j = next++ & (REQUESTS - 1);
    return engine.decide(ours[j]);
  }

  @Benchmark
  public boolean jcasbin() {
    int j = next++ & (REQUESTS - 1);
    return casbin.enforce((Object[]) theirs[j]);
  }
}
