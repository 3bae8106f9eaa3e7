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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kserveauth.route.KServeRoutes;
import dev.kserveauth.authn.Principal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the request part of a conformance case into an {@link AccessRequest}. */
final class ConformanceCases {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Instant DEFAULT_TIME = Instant.parse("2026-01-07T10:00:00Z"); // a Wednesday

  private ConformanceCases() {}

  @SuppressWarnings("unchecked")
  static AccessRequest request(JsonNode r) {
    String method = r.path("method").asText("GET");
    String path = r.path("path").asText("/");
    Principal principal = null;
    if (r.hasNonNull("claims")) {
      principal = Principal.fromClaims(YAML.convertValue(r.get("claims"), Map.class));
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (r.hasNonNull("headers")) {
      r.get("headers").fields().forEachRemaining(e -> {
        List<String> vals = new ArrayList<>();
        if (e.getValue().isArray()) {
          e.getValue().forEach(v -> vals.add(v.asText()));
        } else {
          vals.add(e.getValue().asText());
        }
        headers.put(e.getKey(), vals);
      });
    }
    byte[] body = r.hasNonNull("body") ? r.get("body").asText().getBytes(StandardCharsets.UTF_8) : null;
    Instant time = r.hasNonNull("time") ? Instant.parse(r.get("time").asText()) : DEFAULT_TIME;
    return new AccessRequest(principal, method, path, r.path("host").asText("model.example.com"),
        r.path("port").asInt(8080), headers, r.path("sourceIp").asText("10.1.2.3"),
        r.path("remoteIp").asText(null), route(method, path, body), time);
  }

  /**
   * The route as the facade parses it (on the path without its query). These cases test the engine
   * alone, which also decides requests the facade would refuse with 400 before it (a trailing '/'
   * after a route: no route; a body that is not strict JSON: the route without a model, so the
   * cases can test how the engine treats an absent attribute).
   */
  private static dev.kserveauth.route.KServeRoute route(String method, String path, byte[] body) {
    String p = path.indexOf('?') < 0 ? path : path.substring(0, path.indexOf('?'));
    try {
      return KServeRoutes.parse(method, p, body);
    } catch (dev.kserveauth.http.AmbiguousPathException e) {
      return body == null ? dev.kserveauth.route.KServeRoute.other() : route(method, p, null);
    }
  }

  static ConnectionInfo connection(JsonNode r) {
    return new ConnectionInfo(r.path("peer").asText(null), r.path("destinationIp").asText(null),
        r.path("sni").asText(null));
  }
}
