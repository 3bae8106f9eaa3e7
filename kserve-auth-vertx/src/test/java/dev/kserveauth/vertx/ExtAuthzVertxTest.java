package dev.kserveauth.vertx;

import dev.kserveauth.testing.http.ExtAuthzChecks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Istio CUSTOM + envoyExtAuthzHttp through the Vert.x handler (never blocking the event loop). */
class ExtAuthzVertxTest {

  static ExtAuthzChecks checks;

  @BeforeAll
  static void start() throws Exception {
    checks = new ExtAuthzChecks(auth -> new VertxServer(auth));
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
}
