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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kserveauth.KServeAuth;
import dev.kserveauth.testing.http.ConformanceEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Properties binding, the activation conditions, and startup errors that name the bad property, file and line. */
class StartupErrorsTest {
  static final ConformanceEnvironment ENV = new ConformanceEnvironment();

  @TempDir
  Path dir;

  @AfterAll
  static void close() throws IOException {
    ENV.close();
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {}

  private static ConfigurableApplicationContext run(String... props) {
    List<String> all = new ArrayList<>(List.of(props));
    all.add("spring.main.banner-mode=off");
    return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
        .properties(all.toArray(String[]::new)).run();
  }

  private static String authn() {
    return "kserve.auth.request-authentication=" + ENV.configDir().resolve("request-authentication.yaml");
  }

  static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append('\n');
    }
    return sb.toString();
  }

  @Test
  void anInvalidPolicyFileStopsStartupNamingFileAndLine() throws IOException {
    Path bad = dir.resolve("broken-policy.yaml");
    Files.writeString(bad, "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: x}\n"
        + "spec:\n  action: ALLOW\n  rules:\n  - to:\n    - operation:\n        methodz: [GET]\n");
    assertThatThrownBy(() -> run(authn(), "kserve.auth.policies=" + bad))
        .satisfies(e -> assertThat(messages(e)).containsPattern("broken-policy\\.yaml:\\d+"));
  }

  @Test
  void aMissingPolicyFileStopsStartupNamingIt() {
    Path missing = dir.resolve("no-such-policies.yaml");
    assertThatThrownBy(() -> run(authn(), "kserve.auth.policies=" + missing))
        .satisfies(e -> assertThat(messages(e)).contains("no-such-policies.yaml"));
  }

  @Test
  void anInvalidRequestAuthenticationFileNamesFileAndLine() throws IOException {
    Path bad = dir.resolve("bad-authn.yaml");
    Files.writeString(bad, "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: x}\n"
        + "spec:\n  jwtRules:\n  - issuer: https://a.example\n    jwksUri: not a url\n");
    assertThatThrownBy(() -> run("kserve.auth.request-authentication=" + bad,
        "kserve.auth.policies=" + ENV.configDir().resolve("policies.yaml")))
        .satisfies(e -> assertThat(messages(e)).containsPattern("bad-authn\\.yaml:\\d+"));
  }

  @Test
  void policiesWithoutRequestAuthenticationIsAClearError() {
    assertThatThrownBy(() -> run("kserve.auth.policies=" + ENV.configDir().resolve("policies.yaml")))
        .satisfies(e -> assertThat(messages(e)).contains("kserve.auth.request-authentication is required"));
  }

  @Test
  void aBadValueNamesTheProperty() {
    assertThatThrownBy(() -> run(authn(), "kserve.auth.policies=" + ENV.configDir().resolve("policies.yaml"),
        "kserve.auth.signature-provider=fastest"))
        .satisfies(e -> assertThat(messages(e)).contains("kserve.auth.signature-provider"));
    assertThatThrownBy(() -> run(authn(), "kserve.auth.policies=" + ENV.configDir().resolve("policies.yaml"),
        "kserve.auth.max-body-size=lots"))
        .satisfies(e -> assertThat(messages(e)).contains("kserve.auth.max-body-size"));
  }

  @Test
  void inactiveWithoutPoliciesOrWhenDisabled() {
    try (ConfigurableApplicationContext c = run(authn())) {
      assertThat(c.getBeansOfType(KServeAuth.class)).isEmpty();
    }
    try (ConfigurableApplicationContext c = run(authn(), "kserve.auth.enabled=false",
        "kserve.auth.policies=" + ENV.configDir().resolve("policies.yaml"))) {
      assertThat(c.getBeansOfType(KServeAuth.class)).isEmpty();
    }
  }

  @Test
  void propertiesBindToTheFacade() {
    try (ConfigurableApplicationContext c = run(authn(),
        "kserve.auth.policies=" + ENV.configDir().resolve("policies.yaml"), "kserve.auth.realm=models",
        "kserve.auth.max-body-size=64KB", "kserve.auth.body-timeout=3s", "kserve.auth.signature-provider=off")) {
      KServeAuth auth = c.getBean(KServeAuth.class);
      assertThat(auth.realm()).isEqualTo("models");
      assertThat(auth.maxBodyBytes()).isEqualTo(64 * 1024);
      assertThat(auth.bodyTimeout()).hasSeconds(3);
      assertThat(c.getBean(KServeAuthProperties.class).getSignatureProvider())
          .isEqualTo(KServeAuthProperties.SignatureProviderMode.OFF);
    }
  }
}
