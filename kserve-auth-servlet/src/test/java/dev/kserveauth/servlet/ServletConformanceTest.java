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

import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.audit.AuditEvent;
import dev.kserveauth.audit.AuditSink;
import dev.kserveauth.testing.http.ConformanceEnvironment;
import dev.kserveauth.testing.http.HttpConformance;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The HTTP conformance suite against the servlet filter on a real Jetty 12, with the real authenticator and engine. */
class ServletConformanceTest {
  static ConformanceEnvironment env;
  static JettyServer jetty;

  @BeforeAll
  static void start() throws Exception {
    env = new ConformanceEnvironment();
    jetty = new JettyServer(new KServeAuthFilter(env.auth()));
  }

  @AfterAll
  static void stop() throws Exception {
    jetty.close();
    env.close();
  }

  @TestFactory
  Stream<DynamicNode> conformance() {
    return Stream.concat(HttpConformance.tests(jetty, env), Stream.of(
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
            assertThat(jetty.paths.stream().filter(p -> p.contains("production-fraud")).count())
                .as(jetty.paths.toString()).isLessThanOrEqualTo(1))));
  }
}
