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

import dev.kserveauth.authn.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded generators of Istio-format policies and requests for property tests. */
final class RandomPolicies {

  static final String[] METHODS = {"GET", "POST", "DELETE", "PUT", "P*", "*"};
  static final String[] PATHS = {"/v1/models/iris:predict", "/v1/models/*", "/v2/models/{*}/infer", "*:predict",
      "/health", "/v1/models", "/v2/*", "/v1/models/*:predict", "/v1/models/dev-churn:predict", "*"};
  static final String[] MODELS = {"iris", "dev-*", "prod*", "*", "team-?-x", "*-staging"};
  static final String[] VERBS = {"predict", "infer", "list", "delete", "health"};
  static final String[] ROLES = {"admin", "data-scientist", "model-developer", "ad*"};
  static final String[] PRINCIPALS = {"*", "https://auth.company.com/alice", "*/bob", "https://auth.company.com/*"};
  static final String[] ENVS = {"prod", "dev*", "*"};
  static final String[] TIMES = {"Mon-Fri 09:00-17:00 Europe/Berlin", "22:00-06:00", "Sat,Sun 00:00-24:00 UTC"};

  static final String[][] REQUEST_LINES = {{"GET", "/health"}, {"GET", "/v1/models"},
      {"POST", "/v1/models/iris:predict"}, {"POST", "/v1/models/dev-churn:predict"},
      {"POST", "/v1/models/prod-fraud:predict"}, {"DELETE", "/v1/models/iris"}, {"GET", "/v1/models/team-a-x"},
      {"POST", "/v2/models/iris/infer"}, {"POST", "/v2/models/x-staging/infer"}, {"PUT", "/v1/models/dev-a"},
      {"POST", "/v1/models/*:predict"}, {"GET", "/metrics"}, {"PATCH", "/v2/models/iris/ready"}};

  private final Random rnd;

  RandomPolicies(long seed) {
    rnd = new Random(seed);
  }

  private String pick(String[] a) {
    return a[rnd.nextInt(a.length)];
  }

  private String list(String[] a) {
    int n = 1 + rnd.nextInt(2);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("\"" + pick(a) + "\"");
    }
    return "[" + String.join(", ", out) + "]";
  }

  /** One AuthorizationPolicy document. */
  String policy(String name, String action) {
    StringBuilder b = new StringBuilder();
    b.append("apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: ").append(name)
        .append(", namespace: ns").append(rnd.nextInt(2)).append("}\nspec:\n  action: ").append(action)
        .append("\n  rules:\n");
    int rules = 1 + rnd.nextInt(3);
    for (int r = 0; r < rules; r++) {
      b.append("  - {");
      List<String> parts = new ArrayList<>();
      if (rnd.nextInt(3) == 0) {
        parts.add("from: [{source: {" + (rnd.nextBoolean() ? "requestPrincipals: " : "notRequestPrincipals: ")
            + list(PRINCIPALS) + "}}]");
      }
      if (rnd.nextInt(3) > 0) {
        List<String> op = new ArrayList<>();
        if (rnd.nextBoolean()) {
          op.add((rnd.nextInt(4) == 0 ? "notMethods: " : "methods: ") + list(METHODS));
        }
        if (rnd.nextBoolean() || op.isEmpty()) {
          op.add((rnd.nextInt(4) == 0 ? "notPaths: " : "paths: ") + list(PATHS));
        }
        parts.add("to: [{operation: {" + String.join(", ", op) + "}}]");
      }
      List<String> when = new ArrayList<>();
      int nw = rnd.nextInt(3);
      for (int w = 0; w < nw; w++) {
        String neg = rnd.nextInt(4) == 0 ? "notValues" : "values";
        switch (rnd.nextInt(5)) {
          case 0 -> when.add("{key: kserve.model, " + neg + ": " + list(MODELS) + "}");
          case 1 -> when.add("{key: kserve.verb, " + neg + ": " + list(VERBS) + "}");
          case 2 -> when.add("{key: \"request.auth.claims[role]\", " + neg + ": " + list(ROLES) + "}");
          case 3 -> when.add("{key: \"request.headers[x-env]\", " + neg + ": " + list(ENVS) + "}");
          default -> when.add("{key: request.time, " + neg + ": " + list(TIMES) + "}");
        }
      }
      if (!when.isEmpty()) {
        parts.add("when: [" + String.join(", ", when) + "]");
      }
      b.append(String.join(", ", parts)).append("}\n");
    }
    return b.toString();
  }

  /** Several policy documents. */
  List<String> policies(int n, String prefix) {
    List<String> docs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      docs.add(policy(prefix + i, rnd.nextInt(3) == 0 ? "DENY" : "ALLOW"));
    }
    return docs;
  }

  AccessRequest request() {
    String[] line = REQUEST_LINES[rnd.nextInt(REQUEST_LINES.length)];
    Principal p = switch (rnd.nextInt(4)) {
      case 0 -> null;
      case 1 -> Requests.principal(Requests.ISS, "alice", "role", pick(new String[] {"admin", "data-scientist"}));
      case 2 -> Requests.principal("https://other.example", "bob", "role", "model-developer");
      default -> Requests.principal(Requests.ISS, "carol");
    };
    Map<String, List<String>> headers = switch (rnd.nextInt(3)) {
      case 0 -> Map.of();
      case 1 -> Map.of("x-env", List.of("prod"));
      default -> Map.of("x-env", List.of("dev-3"));
    };
    Instant t = Instant.parse("2026-01-05T00:00:00Z").plusSeconds(rnd.nextInt(7 * 24 * 3600));
    return Requests.req(p, line[0], line[1], t, headers);
  }

  static String join(List<String> docs) {
    return String.join("---\n", docs);
  }
}
