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
package dev.kserveauth.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kserveauth.error.KServeAuthException;
import dev.kserveauth.policy.AccessRequest;
import dev.kserveauth.policy.Decision;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.policy.PolicySet;
import dev.kserveauth.route.KServeRoutes;
import dev.kserveauth.authn.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the AuthorizationPolicy loader with YAML text, then decides a fixed request against
 * whatever loaded. Loading may only fail with our own exception (naming file and line); deciding
 * never throws.
 */
class PolicyLoaderFuzzer {

  private static final Principal DS = Principal.fromClaims(Map.of(
      "iss", "https://auth.company.com", "sub", "user123", "role", "data-scientist",
      "team", "ml-platform", "aud", List.of("kserve-api")));

  @FuzzTest(maxDuration = "30s")
  void loadNeverEscapesAndDecideNeverThrows(FuzzedDataProvider data) {
    String yaml = data.consumeRemainingAsString();
    PolicySet set;
    try {
      set = PolicySet.parse(yaml, "fuzz.yaml");
    } catch (KServeAuthException expected) {
      return;
    }
    PolicyEngine engine = PolicyEngine.builder().policies(set).build();
    for (Principal p : new Principal[] {DS, null}) {
      AccessRequest req = new AccessRequest(p, "POST", "/v1/models/sklearn-iris:predict", "iris.example.com",
          8080, Map.of("user-agent", List.of("fuzz")), "10.0.0.1", "10.0.0.1",
          KServeRoutes.parse("POST", "/v1/models/sklearn-iris:predict", null), Instant.EPOCH);
      Decision d = engine.decide(req);
      if (d == null || d.effect() == null) {
        throw new AssertionError("unexpected decision " + d);
      }
    }
  }
}
