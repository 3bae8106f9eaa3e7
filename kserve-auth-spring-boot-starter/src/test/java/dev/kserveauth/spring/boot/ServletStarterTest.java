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
import dev.kserveauth.testing.http.ConformanceEnvironment;
import dev.kserveauth.testing.http.RawHttp;
import dev.kserveauth.authn.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The starter in a Spring MVC application on Tomcat with Spring Security and Actuator, configured by
 * properties alone: the facade it builds, {@code @PreAuthorize} and {@code @AuthenticationPrincipal}
 * with a kserve-auth principal, the {@code kserveAuth} health contributor and the meters at
 * {@code /actuator/prometheus}.
 */
@SpringBootTest(classes = ServletStarterTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.web-application-type=servlet",
        "management.endpoints.web.exposure.include=health,prometheus",
        "management.endpoint.health.show-details=always",
        // @SpringBootTest turns metrics export off unless asked (Boot 3 and 4 alike)
        "management.defaults.metrics.export.enabled=true", "management.prometheus.metrics.export.enabled=true",
        "kserve.auth.audit.claims=team"})
class ServletStarterTest {
  static final ConformanceEnvironment ENV = new ConformanceEnvironment();
  private static final ObjectMapper JSON = new ObjectMapper();

  @DynamicPropertySource
  static void props(DynamicPropertyRegistry r) {
    ConformanceChecks.properties(r, ENV);
    r.add("kserve.auth.public-paths", () -> "/health,/actuator/*");
  }

  @Value("${local.server.port}")
  int port;

  @Autowired
  KServeAuth auth;

  @AfterAll
  static void close() throws IOException {
    ENV.close();
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @EnableMethodSecurity
  @Import(Models.class)
  static class App {}

  @RestController
  static class Models {
    @PreAuthorize("hasRole('admin')")
    @PostMapping("/v1/models/{model}:predict")
    Map<String, Object> predict(@PathVariable String model, @AuthenticationPrincipal Principal caller,
        java.security.Principal name) {
      return Map.of("model", model, "subject", caller.subject(), "name", name.getName(), "team",
          caller.claim("team").orElse(""));
    }
  }

  private RawHttp.Response post(String target, String token) throws IOException {
    return RawHttp.send(port, "POST", target, token == null ? List.of() : List.of("Authorization: Bearer " + token),
        "{\"instances\":[[1,2,3,4]]}".getBytes(StandardCharsets.UTF_8));
  }

  private RawHttp.Response get(String target) throws IOException {
    return RawHttp.send(port, "GET", target, List.of(), null);
  }

  @Test
  void theFacadeIsTheStartersOwnBuiltFromTheProperties() {
    assertThat(auth).isNotSameAs(ENV.auth());
    assertThat(auth.realm()).isEqualTo("kserve");
  }

  @Test
  void preAuthorizeSeesTheKServeAuthPrincipalAndItsRoles() throws Exception {
    RawHttp.Response admin = post("/v1/models/sklearn-iris:predict", ENV.token("ADMIN"));
    assertThat(admin.status()).as(admin.bodyText()).isEqualTo(200);
    JsonNode body = JSON.readTree(admin.body());
    assertThat(body.path("subject").asText()).isEqualTo("admin");
    assertThat(body.path("name").asText()).isEqualTo("admin");
    assertThat(body.path("model").asText()).isEqualTo("sklearn-iris");

    // kserve-auth allows a data scientist to predict; the method's own rule (admin only) refuses
    RawHttp.Response ds = post("/v1/models/sklearn-iris:predict", ENV.token("DS"));
    assertThat(ds.status()).as(ds.bodyText()).isEqualTo(403);
  }

  @Test
  void kserveAuthRejectsBeforeSpringSecurityWithItsOwnBytes() throws Exception {
    RawHttp.Response anonymous = post("/v1/models/sklearn-iris:predict", null);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"kserve\"");
    assertThat(anonymous.bodyText()).isEqualTo("{\"error\":\"authentication required\"}");
    RawHttp.Response expired = post("/v1/models/sklearn-iris:predict", ENV.token("EXPIRED"));
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.header("WWW-Authenticate")).startsWith("Bearer realm=\"kserve\", error=\"invalid_token\"");
  }

  @Test
  void healthShowsPoliciesAndEachIssuersKeySource() throws Exception {
    post("/v1/models/sklearn-iris:predict", ENV.token("ADMIN")); // keys fetched
    RawHttp.Response res = get("/actuator/health");
    assertThat(res.status()).as(res.bodyText()).isEqualTo(200);
    JsonNode c = JSON.readTree(res.body()).path("components").path("kserveAuth");
    assertThat(c.path("status").asText()).as(res.bodyText()).isEqualTo("UP");
    JsonNode policies = c.path("details").path("policies");
    assertThat(policies.path("loaded").asBoolean()).isTrue();
    assertThat(policies.path("count").asInt()).isGreaterThan(3);
    assertThat(policies.path("sources").get(0).asText()).endsWith("policies.yaml");
    JsonNode issuer = c.path("details").path("issuers").path(ConformanceEnvironment.ISSUER);
    assertThat(issuer.path("source").asText()).as(res.bodyText()).startsWith("http://127.0.0.1:");
    assertThat(issuer.path("available").asBoolean()).isTrue();
    assertThat(issuer.path("stale").asBoolean()).isFalse();
    assertThat(issuer.path("lastSuccessfulFetchAgeSeconds").isNumber()).isTrue();
  }

  @Test
  void prometheusShowsTheDocumentedMeters() throws Exception {
    post("/v1/models/sklearn-iris:predict", ENV.token("ADMIN"));
    post("/v1/models/sklearn-iris:predict", ENV.token("EXPIRED"));
    RawHttp.Response res = get("/actuator/prometheus");
    assertThat(res.status()).isEqualTo(200);
    String text = res.bodyText();
    assertThat(text).contains("rbac_authorization_total{decision=\"allow\"")
        .contains("jwt_validation_total{status=\"valid\"")
        .contains("jwt_validation_total{status=\"expired\"")
        .contains("jwt_validation_duration_seconds_count")
        .contains("rbac_role_usage_total{role=\"admin\"")
        .contains("jwks_fetch_total{issuer=\"" + ConformanceEnvironment.ISSUER + "\",result=\"success\"");
  }
}
