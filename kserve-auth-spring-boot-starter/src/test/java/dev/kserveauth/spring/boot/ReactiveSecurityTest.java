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
import dev.kserveauth.testing.http.ConformanceEnvironment;
import dev.kserveauth.testing.http.RawHttp;
import dev.kserveauth.authn.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The starter in a WebFlux application on Reactor Netty with Spring Security, from properties alone:
 * {@code @PreAuthorize}, {@code @AuthenticationPrincipal} and the exchange principal see the kserve-auth
 * caller; an OpenAI body the decision read is replayed to the controller.
 */
@SpringBootTest(classes = ReactiveSecurityTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.main.web-application-type=reactive")
class ReactiveSecurityTest {
  static final ConformanceEnvironment ENV = new ConformanceEnvironment();
  private static final ObjectMapper JSON = new ObjectMapper();

  @DynamicPropertySource
  static void props(DynamicPropertyRegistry r) {
    ConformanceChecks.properties(r, ENV);
  }

  @Value("${local.server.port}")
  int port;

  @AfterAll
  static void close() throws IOException {
    ENV.close();
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @EnableReactiveMethodSecurity
  @Import(Models.class)
  static class App {}

  @RestController
  static class Models {
    @PreAuthorize("hasRole('admin')")
    @PostMapping("/v1/models/{model}:predict")
    Mono<Map<String, Object>> predict(@PathVariable String model, @AuthenticationPrincipal Object caller,
        Mono<java.security.Principal> name) {
      // typed Object: WebFlux resolves a parameter of a java.security.Principal type as the exchange's
      // principal (the Authentication) before @AuthenticationPrincipal is looked at (Spring 7)
      return name.map(n -> Map.of("model", model, "subject", ((Principal) caller).subject(), "name", n.getName()));
    }

    @PostMapping("/openai/v1/completions")
    Mono<Map<String, Object>> completions(@org.springframework.web.bind.annotation.RequestBody Map<String, Object> body) {
      return Mono.just(Map.of("model", body.get("model")));
    }
  }

  private RawHttp.Response post(String target, String token, String body) throws IOException {
    return RawHttp.send(port, "POST", target, List.of("Authorization: Bearer " + token, "Content-Type: application/json"),
        body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void preAuthorizeAndAuthenticationPrincipalSeeTheKServeAuthCaller() throws Exception {
    RawHttp.Response admin = post("/v1/models/sklearn-iris:predict", ENV.token("ADMIN"), "{}");
    assertThat(admin.status()).as(admin.bodyText()).isEqualTo(200);
    JsonNode body = JSON.readTree(admin.body());
    assertThat(body.path("subject").asText()).isEqualTo("admin");
    assertThat(body.path("name").asText()).isEqualTo("admin");
    RawHttp.Response ds = post("/v1/models/sklearn-iris:predict", ENV.token("DS"), "{}");
    assertThat(ds.status()).as(ds.bodyText()).isEqualTo(403);
  }

  @Test
  void theBodyReadForTheDecisionIsReplayedToTheController() throws Exception {
    RawHttp.Response r = post("/openai/v1/completions", ENV.token("ADMIN"), "{\"model\":\"sklearn-iris\",\"prompt\":\"x\"}");
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).path("model").asText()).isEqualTo("sklearn-iris");
  }

  @Test
  void rejectsAreKServeAuthsBytesNotSpringSecuritys() throws Exception {
    RawHttp.Response r = RawHttp.send(port, "POST", "/v1/models/sklearn-iris:predict", List.of(), new byte[0]);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"kserve\"");
    assertThat(r.bodyText()).isEqualTo("{\"error\":\"authentication required\"}");
  }
}
