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
package dev.kserveauth.servlet;

import dev.kserveauth.KServeAuth;
import dev.kserveauth.KServeAuthBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The init-params {@link KServeAuthFilter} reads from {@code web.xml}.
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>kserve-auth</filter-name>
 *   <filter-class>dev.kserveauth.servlet.KServeAuthFilter</filter-class>
 *   <init-param><param-name>requestAuthentication</param-name><param-value>/etc/kserve-auth/authn.yaml</param-value></init-param>
 *   <init-param><param-name>policies</param-name><param-value>/etc/kserve-auth/policies</param-value></init-param>
 *   <init-param><param-name>publicPaths</param-name><param-value>/health,/metrics</param-value></init-param>
 *   <init-param><param-name>watch</param-name><param-value>true</param-value></init-param>
 * </filter>
 * }</pre>
 *
 * @since 0.1
 */
public final class FilterSettings {
  /** Init-param: the RequestAuthentication YAML file. */
  public static final String REQUEST_AUTHENTICATION = "requestAuthentication";
  /** Init-param: comma-separated policy files or directories. */
  public static final String POLICIES = "policies";
  /** Init-param: comma-separated public path patterns. */
  public static final String PUBLIC_PATHS = "publicPaths";
  /** Init-param: {@code true} to reload policies when the files change (checked every 2 s), or an ISO-8601 interval such as {@code PT5S}. */
  public static final String WATCH = "watch";
  /** Init-param: the challenge realm. */
  public static final String REALM = "realm";
  /**
   * Init-param: {@code true} when a start with no enforcing policy, which allows every request, is
   * meant (default {@code false}: such a start fails). See {@code KServeAuthBuilder.allowAllWithoutPolicy}.
   */
  public static final String ALLOW_ALL_WITHOUT_POLICY = "allowAllWithoutPolicy";

  private FilterSettings() {}

  static List<String> list(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** The facade the init-params describe; the filter that loads it owns it (closes it on destroy). */
  static KServeAuth load(Function<String, String> params) {
    String authn = params.apply(REQUEST_AUTHENTICATION);
    List<String> policies = list(params.apply(POLICIES));
    if (authn == null || authn.isBlank()) {
      throw new IllegalArgumentException("init-param '" + REQUEST_AUTHENTICATION + "' is required");
    }
    if (policies.isEmpty()) {
      throw new IllegalArgumentException("init-param '" + POLICIES + "' is required");
    }
    KServeAuthBuilder b = KServeAuth.builder()
        .requestAuthentication(Path.of(authn.trim()))
        .policies(policies.stream().map(Path::of).toArray(Path[]::new));
    List<String> publicPaths = list(params.apply(PUBLIC_PATHS));
    if (!publicPaths.isEmpty()) {
      b.publicPaths(publicPaths.toArray(String[]::new));
    }
    String watch = params.apply(WATCH);
    if (watch != null && !watch.isBlank() && !watch.trim().equalsIgnoreCase("false")) {
      b.watchPolicies(watch.trim().equalsIgnoreCase("true") ? Duration.ofSeconds(2) : Duration.parse(watch.trim()));
    }
    String realm = params.apply(REALM);
    if (realm != null && !realm.isBlank()) {
      b.realm(realm.trim());
    }
    String allowAll = params.apply(ALLOW_ALL_WITHOUT_POLICY);
    if (allowAll != null && !allowAll.isBlank()) {
      String v = allowAll.trim();
      if (!v.equals("true") && !v.equals("false")) {
        throw new IllegalArgumentException("init-param '" + ALLOW_ALL_WITHOUT_POLICY + "' must be true or false, was '"
            + v + "'");
      }
      b.allowAllWithoutPolicy(v.equals("true"));
    }
    return b.build();
  }
}
