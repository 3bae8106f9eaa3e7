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

import dev.kserveauth.testing.http.ExtAuthzChecks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Istio CUSTOM + envoyExtAuthzHttp through the Jetty filter (Servlet async while the service answers). */
class ExtAuthzServletTest {

  static ExtAuthzChecks checks;

  @BeforeAll
  static void start() throws Exception {
    checks = new ExtAuthzChecks(auth -> new JettyServer(new KServeAuthFilter(auth)));
  }

  @AfterAll
  static void stop() throws Exception {
    checks.close();
  }

  @Test
  void allowSendsUpstreamHeadersToTheApplication() throws Exception {
    checks.allowSendsUpstreamHeadersToTheApplication();
  }

  @Test
  void denyIsPassedThrough() throws Exception {
    checks.denyIsPassedThrough();
  }

  @Test
  void errorsAnswerStatusOnErrorUnlessFailOpen() throws Exception {
    checks.errorsAnswerStatusOnErrorUnlessFailOpen();
  }

  @Test
  void theCheckedPathIsTheRoutedPath() throws Exception {
    checks.theCheckedPathIsTheRoutedPath();
  }

  /** A chain without async support: the filter waits for the provider (bounded), same answers. */
  @Test
  void withoutAsyncSupportTheSameAnswers() throws Exception {
    try (ExtAuthzChecks blocking = new ExtAuthzChecks(auth -> new JettyServer(new KServeAuthFilter(auth), false))) {
      blocking.allowSendsUpstreamHeadersToTheApplication();
      blocking.denyIsPassedThrough();
      blocking.errorsAnswerStatusOnErrorUnlessFailOpen();
    }
  }
}
