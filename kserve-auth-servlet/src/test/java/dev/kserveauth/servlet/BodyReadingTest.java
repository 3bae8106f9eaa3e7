package dev.kserveauth.servlet;

import dev.kserveauth.KServeAuth;
import dev.kserveauth.testing.http.BodyReadingChecks;
import dev.kserveauth.testing.http.ConformanceEnvironment;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * OpenAI bodies are read after authentication, only when the decision needs the model, bounded in
 * size (413) and time (408): with async support (the documented wiring: no thread waits for a slow
 * client) and without it (a blocking read with the same bounds).
 */
class BodyReadingTest {
  static ConformanceEnvironment env;
  static KServeAuth auth;
  static JettyServer async;
  static JettyServer blocking;

  @BeforeAll
  static void start() throws Exception {
    env = new ConformanceEnvironment();
    auth = BodyReadingChecks.auth(env);
    async = new JettyServer(new KServeAuthFilter(auth), true);
    blocking = new JettyServer(new KServeAuthFilter(auth), false);
  }

  @AfterAll
  static void stop() throws Exception {
    async.close();
    blocking.close();
    auth.close();
    env.close();
  }

  @TestFactory
  Stream<DynamicTest> asyncSupported() {
    return BodyReadingChecks.all(async::port, env::token, true);
  }

  @TestFactory
  Stream<DynamicTest> withoutAsyncSupport() {
    return BodyReadingChecks.all(blocking::port, env::token, false);
  }
}
