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

import dev.kserveauth.route.KServeRoutes;
import dev.kserveauth.authn.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helpers that build requests and principals. */
final class Requests {

  static final Instant WEDNESDAY_10_BERLIN = Instant.parse("2026-01-07T09:00:00Z");

  private Requests() {}

  static AccessRequest req(Principal p, String method, String path) {
    return req(p, method, path, WEDNESDAY_10_BERLIN, Map.of());
  }

  static AccessRequest req(Principal p, String method, String path, Instant time, Map<String, List<String>> headers) {
    return new AccessRequest(p, method, path, "models.example.com", 8080, headers, "10.0.0.7", null,
        KServeRoutes.parse(method, path, null), time);
  }

  /** A principal from issuer, subject and extra claims given as key, value pairs. */
  static Principal principal(String iss, String sub, Object... kv) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", iss);
    if (sub != null) {
      claims.put("sub", sub);
    }
    for (int i = 0; i < kv.length; i += 2) {
      claims.put((String) kv[i], kv[i + 1]);
    }
    return Principal.fromClaims(claims);
  }

  static final String ISS = "https://auth.company.com";
  static final List<String> AUD = List.of("kserve-api", "ml-inference");

  static Principal admin() {
    return principal(ISS, "admin", "role", "admin", "team", "ml-platform", "permissions", List.of("*"), "aud", AUD);
  }

  static Principal ds() {
    return dsWithTeam("ml-platform");
  }

  static Principal dsWithTeam(String team) {
    return principal(ISS, "user123", "role", "data-scientist", "team", team, "permissions",
        List.of("model:predict", "model:explain", "model:list"), "aud", AUD);
  }

  static Principal dev() {
    return principal(ISS, "dev1", "role", "model-developer", "team", "ai-research", "permissions",
        List.of("model:*"), "aud", AUD);
  }
}
