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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.authn.Principal;
import dev.kserveauth.authn.RequestAuthenticator;
import dev.kserveauth.testing.http.LateAuthorizer;
import dev.kserveauth.testing.http.RawHttp;
import dev.kserveauth.testing.http.TableAuthenticator;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Decisions that complete after the filter's {@code doFilter} returned, through the starter on a real
 * embedded Tomcat with Spring MVC and Spring Security: an OpenAI body the decision reads the model from
 * (read with async I/O), and an external authorizer that answers later. Tomcat recycles the request's
 * filter chain when the original dispatch returns; these were 500s before the filter continued by an
 * ASYNC dispatch. Spring MVC's own async ({@code Callable}) is not decided again.
 */
@SpringBootTest(classes = TomcatAsyncDecisionTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.main.web-application-type=servlet")
class TomcatAsyncDecisionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final AtomicInteger ASKED = new AtomicInteger();

  @DynamicPropertySource
  static void props(DynamicPropertyRegistry r) {
    r.add("kserve.auth.policies", () -> {
      try {
        Path f = Files.createTempFile("policies", ".yaml");
        f.toFile().deleteOnExit();
        return Files.writeString(f, LateAuthorizer.POLICIES).toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Value("${local.server.port}")
  int port;

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(Models.class)
  static class App {
    /** Asks an authorizer that answers on another thread after 200 ms: allow, except under /deny. */
    @Bean
    KServeAuth kserveAuth() {
      return LateAuthorizer.auth(LateAuthorizer.later(200, ASKED));
    }

    /** The facade's own authenticator is a table (no RequestAuthentication file for the starter to read). */
    @Bean
    RequestAuthenticator kserveAuthRequestAuthenticator(KServeAuth auth) {
      return new TableAuthenticator(Map.of());
    }
  }

  @RestController
  static class Models {
    @PostMapping("/openai/v1/completions")
    Map<String, Object> completions(@RequestBody String body, @AuthenticationPrincipal Principal caller,
        HttpServletRequest req) {
      return Map.of("body", body, "subject", caller.subject(), "token", String.valueOf(req.getHeader("Authorization")));
    }

    @PostMapping({"/v1/models/{model}:predict", "/deny/{model}"})
    Map<String, Object> predict(@PathVariable String model, @AuthenticationPrincipal Principal caller,
        HttpServletRequest req) {
      return Map.of("model", model, "subject", caller.subject(), "token", String.valueOf(req.getHeader("Authorization")));
    }

    /** Spring MVC async: startAsync, then a dispatch of the application's own. */
    @GetMapping("/v1/models/{model}/later")
    Callable<Map<String, Object>> later(@PathVariable String model, @AuthenticationPrincipal Principal caller) {
      return () -> Map.of("model", model, "subject", caller.subject());
    }
  }

  private RawHttp.Response post(String target, String body) throws IOException {
    return RawHttp.send(port, "POST", target, List.of("Authorization: Bearer ds", "Content-Type: application/json"),
        body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anOpenAiBodyIsDecidedOnTheModelItNames() throws Exception {
    String body = "{\"model\":\"sklearn-iris\",\"prompt\":\"hi\"}";
    RawHttp.Response ok = post("/openai/v1/completions", body);
    assertThat(ok.status()).as(ok.bodyText()).isEqualTo(200);
    JsonNode echo = JSON.readTree(ok.body());
    assertThat(echo.get("body").asText()).isEqualTo(body); // replayed to @RequestBody
    assertThat(echo.get("subject").asText()).isEqualTo("user123"); // Spring Security's Authentication
    assertThat(echo.get("token").asText()).isEqualTo("null"); // the token was stripped

    RawHttp.Response denied = post("/openai/v1/completions", "{\"model\":\"production-fraud\",\"prompt\":\"hi\"}");
    assertThat(denied.status()).as(denied.bodyText()).isEqualTo(403);
  }

  @Test
  void anExternalAuthorizerAnsweringLater() throws Exception {
    int asked = ASKED.get();
    RawHttp.Response ok = post("/v1/models/sklearn-iris:predict", "{\"instances\":[]}");
    assertThat(ok.status()).as(ok.bodyText()).isEqualTo(200);
    JsonNode echo = JSON.readTree(ok.body());
    assertThat(echo.get("model").asText()).isEqualTo("sklearn-iris");
    assertThat(echo.get("subject").asText()).isEqualTo("user123");
    assertThat(echo.get("token").asText()).isEqualTo("null");

    RawHttp.Response denied = post("/deny/sklearn-iris", "{}");
    assertThat(denied.status()).as(denied.bodyText()).isEqualTo(403);
    assertThat(ASKED.get()).isEqualTo(asked + 2);
  }

  @Test
  void springMvcsOwnAsyncDispatchIsNotDecidedAgain() throws Exception {
    int asked = ASKED.get();
    RawHttp.Response ok = RawHttp.send(port, "GET", "/v1/models/sklearn-iris/later",
        List.of("Authorization: Bearer ds"), null);
    assertThat(ok.status()).as(ok.bodyText()).isEqualTo(200);
    JsonNode echo = JSON.readTree(ok.body());
    assertThat(echo.get("model").asText()).isEqualTo("sklearn-iris");
    assertThat(echo.get("subject").asText()).isEqualTo("user123");
    assertThat(ASKED.get()).isEqualTo(asked + 1);
  }
}
