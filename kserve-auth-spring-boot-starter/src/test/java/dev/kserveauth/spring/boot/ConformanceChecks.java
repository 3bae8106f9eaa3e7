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
package dev.kserveauth.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.audit.AuditEvent;
import dev.kserveauth.audit.AuditSink;
import dev.kserveauth.testing.http.ConformanceEnvironment;
import dev.kserveauth.testing.http.HttpConformance;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.springframework.test.context.DynamicPropertyRegistry;

/** What both Spring Boot conformance tests share: the environment's files as properties, the echo app's record, the extra checks. */
final class ConformanceChecks {
  private ConformanceChecks() {}

  /**
   * Spring Security's auto-configurations (Boot 3.5 and Boot 4.0 names; an absent one is ignored): the
   * suite runs kserve-auth alone, as the other adapters' suites do. With Spring Security in the chain
   * its StrictHttpFirewall refuses some spellings kserve-auth decides on their resolved path (a
   * {@code /../} traversal) with its own 400; SpringSecurityTest covers kserve-auth inside a chain.
   */
  static final String SPRING_SECURITY = "spring.autoconfigure.exclude="
      + "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration,org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration,org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration,org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration,org.springframework.boot.autoconfigure.security.reactive.ReactiveSecurityAutoConfiguration,org.springframework.boot.autoconfigure.security.reactive.ReactiveUserDetailsServiceAutoConfiguration,org.springframework.boot.actuate.autoconfigure.security.reactive.ReactiveManagementWebSecurityAutoConfiguration,org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration,org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration,org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration,org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration,org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration,org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration,org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration";

  /** What the echo application saw. */
  static final class Seen implements HttpConformance.Target {
    final AtomicInteger hits = new AtomicInteger();
    final List<String> paths = Collections.synchronizedList(new ArrayList<>());
    volatile int port;

    @Override
    public int port() {
      return port;
    }

    @Override
    public int appHits() {
      return hits.get();
    }
  }

  /** The starter's properties for the environment's RequestAuthentication and policies. */
  static void properties(DynamicPropertyRegistry r, ConformanceEnvironment env) {
    r.add("kserve.auth.request-authentication", () -> env.configDir().resolve("request-authentication.yaml").toString());
    r.add("kserve.auth.policies", () -> env.configDir().resolve("policies.yaml").toString());
    r.add("kserve.auth.public-paths", () -> "/health,/metrics");
  }

  /** The suite, and the checks the servlet and Vert.x conformance tests add to it. */
  static Stream<DynamicNode> tests(Seen seen, ConformanceEnvironment env, java.util.Set<String> knownDifferences) {
    Stream<DynamicNode> suite = HttpConformance.tests(seen, env).map(n -> n instanceof org.junit.jupiter.api.DynamicContainer c
        ? org.junit.jupiter.api.DynamicContainer.dynamicContainer(c.getDisplayName(),
            c.getChildren().filter(t -> !knownDifferences.contains(t.getDisplayName())))
        : n);
    return Stream.concat(suite, Stream.of(
        DynamicTest.dynamicTest("no audit event carries a token", () -> {
          assertThat(env.audit()).isNotEmpty();
          for (AuditEvent e : env.audit()) {
            String json = AuditSink.toJson(e);
            env.tokens().forEach((name, token) -> {
              if (token.length() > 40) {
                assertThat(json).as(name).doesNotContain(token).doesNotContain(token.split("\\.")[0] + ".");
              }
            });
            assertThat(json).doesNotContain("@company.com");
          }
        }),
        DynamicTest.dynamicTest("the application never served the denied model to a data scientist", () ->
            assertThat(seen.paths.stream().filter(p -> p.contains("production-fraud")).count())
                .as(seen.paths.toString()).isLessThanOrEqualTo(1))));
  }
}
