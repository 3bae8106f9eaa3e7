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
package dev.kserveauth.testing.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The application both adapters' test servers run behind kserve-auth: it answers 200 with JSON
 * describing what it saw, so the conformance suite can check what reached it.
 *
 * <p>Fields: {@code path} (the path the server routed on), {@code user} (principal name or null),
 * {@code roles} (which of {@link #ROLES} the framework says the user has), {@code headers} (lower-case
 * name to first value), {@code query} (raw query string or null), {@code params} (sorted, comma-joined
 * names of the query parameters the framework's parameter API shows), {@code body}, {@code rule}
 * (the decision's determining rule, from the request attribute / context data).
 */
public final class EchoApp {
  /** Roles the echo app asks the framework about. */
  public static final List<String> ROLES = List.of("admin", "data-scientist", "model-developer", "monitoring");

  private static final ObjectMapper JSON = new ObjectMapper();

  private EchoApp() {}

  public static byte[] render(String path, String user, List<String> roles, Map<String, String> headers, String query,
      List<String> params, String body, String rule) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", path);
    m.put("user", user);
    m.put("roles", roles);
    m.put("headers", headers);
    m.put("query", query);
    m.put("params", String.join(",", new java.util.TreeSet<>(params)));
    m.put("body", body);
    m.put("rule", rule);
    try {
      return JSON.writeValueAsString(m).getBytes(StandardCharsets.UTF_8);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
