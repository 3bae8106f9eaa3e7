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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.testing.http.ConformanceEnvironment;
import dev.kserveauth.testing.http.HttpConformance;
import dev.kserveauth.testing.http.LateAuthorizer;
import dev.kserveauth.testing.http.RawHttp;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A decision that completes after the container's dispatch returned (an OpenAI body read with async
 * I/O, an external authorizer answering later) continues the application the same way on Tomcat,
 * which recycles a request's filter chain when the original dispatch returns, and on Jetty: with and
 * without async support, and when the filter is not mapped for ASYNC dispatches.
 */
class AsyncContinuationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COMPLETION = "/openai/v1/completions";

  static ConformanceEnvironment env;

  @BeforeAll
  static void start() throws Exception {
    env = new ConformanceEnvironment();
  }

  @AfterAll
  static void stop() throws Exception {
    env.close();
  }

  interface Started extends HttpConformance.Target, AutoCloseable {}

  static Started server(String container, Filter filter, boolean async, EnumSet<DispatcherType> dispatch)
      throws Exception {
    return server(container, filter, async, dispatch, echo -> echo);
  }

  static Started server(String container, Filter filter, boolean async, EnumSet<DispatcherType> dispatch,
      java.util.function.Function<EchoServlet, HttpServlet> app) throws Exception {
    if (container.equals("tomcat")) {
      TomcatServer t = new TomcatServer(filter, async, dispatch, app);
      return started(t, t);
    }
    JettyServer j = new JettyServer(filter, async, dispatch, app);
    return started(j, j);
  }

  private static Started started(HttpConformance.Target t, AutoCloseable c) {
    return new Started() {
      @Override
      public int port() {
        return t.port();
      }

      @Override
      public int appHits() {
        return t.appHits();
      }

      @Override
      public void close() throws Exception {
        c.close();
      }
    };
  }

  static Started server(String container, KServeAuth auth, boolean async) throws Exception {
    return server(container, new KServeAuthFilter(auth), async,
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
  }

  private static RawHttp.Response post(int port, String target, String token, String body) throws Exception {
    return RawHttp.send(port, "POST", target, List.of("Authorization: Bearer " + token,
        "Content-Type: application/json", "X-User: forged"), body.getBytes(StandardCharsets.UTF_8));
  }

  /** The reported bug: an OpenAI body naming the model, decided on kserve.model, was a 500 on Tomcat. */
  @ParameterizedTest(name = "{0}, async supported: {1}")
  @CsvSource({"tomcat, true", "tomcat, false", "jetty, true", "jetty, false"})
  void anOpenAiBodyDecidedOnTheModel(String container, boolean async) throws Exception {
    try (Started s = server(container, env.auth(), async)) {
      String body = "{\"model\":\"sklearn-iris\",\"prompt\":\"hi\"}";
      RawHttp.Response ok = post(s.port(), COMPLETION, env.token("DS"), body);
      assertThat(ok.status()).as(ok.bodyText()).isEqualTo(200);
      JsonNode echo = JSON.readTree(ok.body());
      assertThat(echo.get("body").asText()).isEqualTo(body); // replayed to the application
      assertThat(echo.get("user").asText()).isNotEmpty(); // the principal survived
      assertThat(echo.get("headers").has("authorization")).isFalse(); // the token was stripped
      assertThat(s.appHits()).isEqualTo(1);

      RawHttp.Response denied = post(s.port(), COMPLETION, env.token("DS"),
          "{\"model\":\"production-fraud\",\"prompt\":\"hi\"}");
      assertThat(denied.status()).isEqualTo(403);
      assertThat(s.appHits()).isEqualTo(1);
    }
  }

  static KServeAuth later() {
    return LateAuthorizer.auth(LateAuthorizer.later(300, new AtomicInteger()));
  }

  /** An external authorizer that answers later: the application runs once, with the principal; a deny never reaches it. */
  @ParameterizedTest(name = "{0}, async supported: {1}")
  @CsvSource({"tomcat, true", "tomcat, false", "jetty, true", "jetty, false"})
  void anAuthorizerAnsweringLater(String container, boolean async) throws Exception {
    try (KServeAuth auth = later(); Started s = server(container, auth, async)) {
      RawHttp.Response ok = post(s.port(), "/v1/models/sklearn-iris:predict", "ds", "{\"instances\":[]}");
      assertThat(ok.status()).as(ok.bodyText()).isEqualTo(200);
      JsonNode echo = JSON.readTree(ok.body());
      assertThat(echo.get("user").asText()).isEqualTo("user123");
      assertThat(echo.get("body").asText()).isEqualTo("{\"instances\":[]}");
      assertThat(echo.get("headers").has("authorization")).isFalse();
      assertThat(echo.get("headers").get("x-user").asText()).isEqualTo("user123"); // set, the forged copy stripped

      RawHttp.Response denied = post(s.port(), "/deny/x", "ds", "{}");
      assertThat(denied.status()).isEqualTo(403);
      assertThat(s.appHits()).isEqualTo(1);

      // both at once: the body read with async I/O, then the authorizer asked with the model known
      RawHttp.Response model = post(s.port(), COMPLETION, "ds", "{\"model\":\"sklearn-iris\",\"prompt\":\"x\"}");
      assertThat(model.status()).as(model.bodyText()).isEqualTo(200);
      assertThat(JSON.readTree(model.body()).get("body").asText())
          .isEqualTo("{\"model\":\"sklearn-iris\",\"prompt\":\"x\"}");
      RawHttp.Response production = post(s.port(), COMPLETION, "ds", "{\"model\":\"production-x\",\"prompt\":\"x\"}");
      assertThat(production.status()).isEqualTo(403);
      assertThat(s.appHits()).isEqualTo(2);
    }
  }

  /**
   * The filter mapped for REQUEST only (the ASYNC dispatch skips it): an asynchronously decided
   * request still reaches the application as allowed (the dispatch carries the filter's wrapper):
   * principal, headers set, forged copies and the token stripped, the body replayed; a deny never
   * reaches it. The filter warns once that it could not check the dispatch's routing again.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"tomcat", "jetty"})
  void notMappedForAsyncStillSeesTheRequestAsAllowed(String container) throws Exception {
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stderr = System.err;
    try (KServeAuth auth = later(); Started s = server(container, new KServeAuthFilter(auth), true,
        EnumSet.of(DispatcherType.REQUEST))) {
      System.setErr(new java.io.PrintStream(log, true, StandardCharsets.UTF_8)); // slf4j-simple writes here
      RawHttp.Response ok;
      try {
        ok = post(s.port(), "/v1/models/sklearn-iris:predict", "ds", "{\"instances\":[]}");
        post(s.port(), "/v1/models/sklearn-iris:predict", "ds", "{\"instances\":[]}");
        Thread.sleep(200); // the warning comes when the async cycle completes, after the response
      } finally {
        System.setErr(stderr);
      }
      String warned = log.toString(StandardCharsets.UTF_8);
      assertThat(warned).contains("not mapped for DispatcherType.ASYNC");
      assertThat(warned.indexOf("not mapped")).isEqualTo(warned.lastIndexOf("not mapped")); // once
      assertThat(ok.status()).as(ok.bodyText()).isEqualTo(200);
      JsonNode echo = JSON.readTree(ok.body());
      assertThat(echo.get("user").asText()).isEqualTo("user123");
      assertThat(echo.get("headers").has("authorization")).isFalse();
      assertThat(echo.get("headers").get("x-user").asText()).isEqualTo("user123"); // set, the forged copy stripped
      assertThat(echo.get("body").asText()).isEqualTo("{\"instances\":[]}");

      RawHttp.Response model = post(s.port(), COMPLETION, "ds", "{\"model\":\"sklearn-iris\",\"prompt\":\"x\"}");
      assertThat(model.status()).as(model.bodyText()).isEqualTo(200);
      assertThat(JSON.readTree(model.body()).get("body").asText())
          .isEqualTo("{\"model\":\"sklearn-iris\",\"prompt\":\"x\"}");
      assertThat(post(s.port(), COMPLETION, "ds", "{\"model\":\"production-x\",\"prompt\":\"x\"}").status())
          .isEqualTo(403);
      assertThat(post(s.port(), "/deny/x", "ds", "{}").status()).isEqualTo(403);
      assertThat(s.appHits()).isEqualTo(3);
    }
  }

  /**
   * An application of its own async (startAsync, then dispatch to itself): its ASYNC dispatch is not
   * decided again (the authorizer is asked once per request), and it sees the request as allowed, after
   * a decision on the request's thread and after one the filter continued by its own dispatch.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"tomcat", "jetty"})
  void theApplicationsOwnAsyncDispatchIsNotDecidedAgain(String container) throws Exception {
    AtomicInteger asked = new AtomicInteger();
    AtomicInteger dispatched = new AtomicInteger();
    try (KServeAuth auth = LateAuthorizer.auth(LateAuthorizer.later(300, asked));
        Started s = server(container, new KServeAuthFilter(auth), true,
            EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), echo -> new SelfDispatching(echo, dispatched))) {
      RawHttp.Response ok = post(s.port(), "/v1/models/sklearn-iris:predict", "ds", "{\"instances\":[]}");
      assertThat(ok.status()).as(ok.bodyText()).isEqualTo(200);
      JsonNode echo = JSON.readTree(ok.body());
      assertThat(echo.get("user").asText()).isEqualTo("user123");
      assertThat(echo.get("headers").has("authorization")).isFalse();
      assertThat(echo.get("headers").get("x-user").asText()).isEqualTo("user123"); // not the forged copy
      assertThat(echo.get("body").asText()).isEqualTo("{\"instances\":[]}");
      assertThat(asked.get()).isEqualTo(1);
      assertThat(dispatched.get()).isEqualTo(1);

      RawHttp.Response model = post(s.port(), COMPLETION, "ds", "{\"model\":\"sklearn-iris\",\"prompt\":\"x\"}");
      assertThat(model.status()).as(model.bodyText()).isEqualTo(200);
      assertThat(JSON.readTree(model.body()).get("body").asText())
          .isEqualTo("{\"model\":\"sklearn-iris\",\"prompt\":\"x\"}");
      assertThat(asked.get()).isEqualTo(2);
      assertThat(s.appHits()).isEqualTo(2);
    }
    try (Started s = server(container, new KServeAuthFilter(env.auth()), true,
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), echo -> new SelfDispatching(echo, dispatched))) {
      int decided = env.audit().size();
      RawHttp.Response ok = RawHttp.send(s.port(), "GET", "/v1/models/sklearn-iris",
          List.of("Authorization: Bearer " + env.token("DS")), new byte[0]);
      assertThat(ok.status()).as(ok.bodyText()).isEqualTo(200);
      assertThat(JSON.readTree(ok.body()).get("user").asText()).isNotEmpty();
      assertThat(env.audit()).hasSize(decided + 1);
    }
  }

  /** The application: starts async on its first dispatch, dispatches to itself, and echoes on the second. */
  static final class SelfDispatching extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final EchoServlet echo;
    private final AtomicInteger dispatched;

    SelfDispatching(EchoServlet echo, AtomicInteger dispatched) {
      this.echo = echo;
      this.dispatched = dispatched;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
      if (req.getAttribute("app.dispatched") == null) {
        req.setAttribute("app.dispatched", Boolean.TRUE);
        AsyncContext ac = req.startAsync();
        ac.start(() -> {
          dispatched.incrementAndGet();
          ac.dispatch();
        });
        return;
      }
      echo.service(req, res);
    }
  }
}
