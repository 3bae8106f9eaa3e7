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
