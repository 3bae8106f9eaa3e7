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
package dev.kserveauth.authn;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where roles are read from in a verified token: a list of claim paths. Each path is a list of
 * literal keys; the segment {@code *} stands for every key of an object (so
 * {@code resource_access.*.roles} collects the roles of every client). String values are split on
 * whitespace (OAuth2 {@code scope} style); arrays contribute each string element.
 *
 * <pre>{@code
 * RoleMapping keycloakOnly = RoleMapping.of(List.of(List.of("realm_access", "roles")));
 * RoleMapping withPrefix = RoleMapping.defaults().withPrefix("ROLE_");
 * }</pre>
 *
 * @since 0.1
 * @param paths claim paths, each a list of keys
 * @param prefix prepended to every role read (e.g. Spring's {@code ROLE_}); empty for none
 */
public record RoleMapping(List<List<String>> paths, String prefix) {

  private static final RoleMapping DEFAULTS = new RoleMapping(List.of(
      List.of("role"),
      List.of("roles"),
      List.of("groups"),
      List.of("realm_access", "roles"),
      List.of("resource_access", "*", "roles"),
      List.of("cognito:groups"),
      List.of("permissions"),
      List.of("scope")), "");

  /**
   * Copies the paths.
   *
   * @param paths claim paths, each a list of keys
   * @param prefix prepended to every role read (e.g. Spring's {@code ROLE_}); empty for none
   * @throws NullPointerException if {@code paths} or {@code prefix} is {@code null}
   */
  public RoleMapping {
    paths = paths.stream().map(List::copyOf).toList();
    Objects.requireNonNull(prefix, "prefix");
  }

  /**
   * The defaults: {@code role}, {@code roles}, {@code groups}, {@code realm_access.roles},
   * {@code resource_access.*.roles}, {@code cognito:groups}, {@code permissions}, {@code scope}.
   *
   * @return the default mapping, without a prefix
   */
  public static RoleMapping defaults() {
    return DEFAULTS;
  }

  /**
   * A mapping with exactly these paths and no prefix.
   *
   * @param paths claim paths, each a list of keys from the top-level claim down
   * @return the mapping
   */
  public static RoleMapping of(List<List<String>> paths) {
    return new RoleMapping(paths, "");
  }

  /**
   * Parses dotted paths such as {@code realm_access.roles} or {@code resource_access.my-client.roles}.
   * A key that itself contains a dot can be given with the {@link #of(List)} form instead.
   *
   * @param dottedPaths claim paths with {@code .} between keys
   * @return the mapping
   */
  public static RoleMapping ofDotted(List<String> dottedPaths) {
    return of(dottedPaths.stream().map(p -> List.of(p.split("\\."))).toList());
  }

  /**
   * This mapping with another prefix added to every role read.
   *
   * @param newPrefix the prefix, {@code ""} for none
   * @return a new mapping with the same paths
   */
  public RoleMapping withPrefix(String newPrefix) {
    return new RoleMapping(paths, newPrefix);
  }

  /**
   * Reads the roles from a claim set.
   *
   * @param claims the verified claim set
   * @return every role found under the paths, prefixed; empty when none
   */
  public Set<String> rolesOf(Map<String, Object> claims) {
    return collectRoles(claims);
  }

  LinkedHashSet<String> collectRoles(Map<String, Object> claims) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (List<String> path : paths) {
      collect(claims, path, 0, out);
    }
    return out;
  }

  private void collect(Object node, List<String> path, int i, Set<String> out) {
    if (i == path.size()) {
      if (node instanceof String s) {
        if (prefix.isEmpty()) {
          Principal.splitOnWhitespace(s, out);
        } else {
          java.util.List<String> parts = new java.util.ArrayList<>(4);
          Principal.splitOnWhitespace(s, parts);
          for (String part : parts) {
            out.add(prefix + part);
          }
        }
      } else if (node instanceof List<?> list) {
        for (Object o : list) {
          if (o instanceof String s && !s.isEmpty()) {
            out.add(prefix + s);
          }
        }
      }
      return;
    }
    if (!(node instanceof Map<?, ?> m)) {
      return;
    }
    String seg = path.get(i);
    if (seg.equals("*")) {
      for (Object child : m.values()) {
        collect(child, path, i + 1, out);
      }
    } else {
      Object child = m.get(seg);
      if (child != null) {
        collect(child, path, i + 1, out);
      }
    }
  }
}
