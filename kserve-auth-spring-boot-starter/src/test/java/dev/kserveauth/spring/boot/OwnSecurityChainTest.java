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

import dev.kserveauth.spring.boot.internal.KServeAuthBearerTokenResolver;
import dev.kserveauth.testing.http.ConformanceEnvironment;
import dev.kserveauth.testing.http.RawHttp;
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
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * kserve-auth inside the application's own SecurityFilterChain: the starter's permit-all chain backs
 * off, and the chain's URL rules see the kserve-auth Authentication (loaded by Spring Security's
 * SecurityContextHolderFilter from where the starter stored it).
 */
@SpringBootTest(classes = OwnSecurityChainTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.main.web-application-type=servlet")
class OwnSecurityChainTest {
  static final ConformanceEnvironment ENV = new ConformanceEnvironment();

  @DynamicPropertySource
  static void props(DynamicPropertyRegistry r) {
    ConformanceChecks.properties(r, ENV);
  }

  @Value("${local.server.port}")
  int port;

  @Autowired
  ApplicationContext context;

  @AfterAll
  static void close() throws IOException {
    ENV.close();
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(Models.class)
  static class App {
    @Bean
    SecurityFilterChain appChain(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.requestMatchers("/v1/models/**").hasRole("admin").anyRequest().denyAll())
          .csrf(c -> c.disable())
          .build();
    }
  }

  @RestController
  static class Models {
    @PostMapping("/v1/models/{model}:predict")
    Map<String, Object> predict(@PathVariable String model, java.security.Principal caller) {
      return Map.of("model", model, "caller", caller.getName());
    }
  }

  private RawHttp.Response post(String token) throws IOException {
    return RawHttp.send(port, "POST", "/v1/models/sklearn-iris:predict", List.of("Authorization: Bearer " + token),
        "{}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theApplicationsChainDecidesWithTheKServeAuthAuthentication() throws Exception {
    assertThat(context.getBeansOfType(SecurityFilterChain.class)).containsOnlyKeys("appChain");
    RawHttp.Response admin = post(ENV.token("ADMIN"));
    assertThat(admin.status()).as(admin.bodyText()).isEqualTo(200);
    assertThat(admin.bodyText()).contains("\"caller\":\"admin\"");
    // allowed by kserve-auth, refused by the application's own rule (role admin)
    assertThat(post(ENV.token("DS")).status()).isEqualTo(403);
  }

  @Test
  void springSecuritysBearerResolutionSkipsRequestsKServeAuthDecided() {
    assertThat(context.getBean(BearerTokenResolver.class)).isInstanceOf(KServeAuthBearerTokenResolver.class);
  }
}
