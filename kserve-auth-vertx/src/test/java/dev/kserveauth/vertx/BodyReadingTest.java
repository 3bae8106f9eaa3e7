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
package dev.kserveauth.vertx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.KServeAuth;
import dev.kserveauth.testing.http.BodyReadingChecks;
import dev.kserveauth.testing.http.ConformanceEnvironment;
import dev.kserveauth.testing.http.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * OpenAI bodies are read after authentication, only when the decision needs the model, bounded in
 * size (413) and time (408). The documented wiring mounts the handler before BodyHandler, so nothing
 * is buffered for a caller who fails authentication; a BodyHandler mounted after it still gets the
 * body, and the older wiring (BodyHandler first) still works.
 */
class BodyReadingTest {
  static ConformanceEnvironment env;
  static KServeAuth auth;
  static VertxServer authFirst;
  static VertxServer bodyFirst;

  @BeforeAll
  static void start() throws Exception {
    env = new ConformanceEnvironment();
    auth = BodyReadingChecks.auth(env);
    authFirst = new VertxServer(auth, false);
    bodyFirst = new VertxServer(auth, true);
  }

  @AfterAll
  static void stop() throws Exception {
    authFirst.close();
    bodyFirst.close();
    auth.close();
    env.close();
  }

  static void bodyReachesTheApplication(VertxServer server) throws Exception {
    String body = "{\"model\":\"sklearn-iris\",\"prompt\":\"" + "y".repeat(3000) + "\"}";
    RawHttp.Response ok = RawHttp.send(server.port(), "POST", "/openai/v1/completions",
        List.of("Authorization: Bearer " + env.token("DS"), "Content-Type: application/json"),
        body.getBytes(StandardCharsets.UTF_8));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.bodyText()).contains("y".repeat(3000));
    RawHttp.Response denied = RawHttp.send(server.port(), "POST", "/openai/v1/completions",
        List.of("Authorization: Bearer " + env.token("DS")),
        "{\"model\":\"production-fraud\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(denied.status()).isEqualTo(403);
  }

  @TestFactory
  Stream<DynamicTest> handlerBeforeBodyHandler() {
    return Stream.concat(BodyReadingChecks.all(authFirst::port, env::token, true), Stream.of(
        DynamicTest.dynamicTest("the body read for the decision reaches the application through a later BodyHandler",
            () -> bodyReachesTheApplication(authFirst))));
  }

  @Test
  void theOlderWiringWithBodyHandlerFirstStillDecidesOnTheBody() throws Exception {
    bodyReachesTheApplication(bodyFirst);
  }
}
