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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kserveauth.testing.http.ConformanceEnvironment;
import dev.kserveauth.testing.http.RawHttp;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The filter configured the web.xml way: from init-params naming files. */
class WebXmlConfigTest {

  static FilterConfig config(Map<String, String> params) {
    return new FilterConfig() {
      public String getFilterName() {
        return "kserve-auth";
      }

      public ServletContext getServletContext() {
        return null;
      }

      public String getInitParameter(String name) {
        return params.get(name);
      }

      public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(params.keySet());
      }
    };
  }

  @Test
  void initParamsConfigureTheFilter() throws Exception {
    try (ConformanceEnvironment env = new ConformanceEnvironment()) {
      KServeAuthFilter filter = new KServeAuthFilter();
      filter.init(config(Map.of(
          FilterSettings.REQUEST_AUTHENTICATION, env.configDir().resolve("request-authentication.yaml").toString(),
          FilterSettings.POLICIES, env.configDir().resolve("policies.yaml").toString(),
          FilterSettings.PUBLIC_PATHS, " /health , /metrics",
          FilterSettings.WATCH, "PT1S",
          FilterSettings.REALM, "models")));
      try (JettyServer jetty = new JettyServer(filter)) {
        RawHttp.Response ok = RawHttp.send(jetty.port(), "POST", "/v1/models/sklearn-iris:predict",
            List.of("Authorization: Bearer " + env.token("DS")), null);
        assertThat(ok.status()).isEqualTo(200);
        RawHttp.Response none = RawHttp.send(jetty.port(), "POST", "/v1/models/sklearn-iris:predict", List.of(), null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"models\"");
        assertThat(RawHttp.send(jetty.port(), "GET", "/metrics", List.of(), null).status()).isEqualTo(200);
      } finally {
        filter.destroy();
      }
    }
  }

  @Test
  void badFilesFailInitNamingTheFile() throws Exception {
    try (ConformanceEnvironment env = new ConformanceEnvironment()) {
      KServeAuthFilter filter = new KServeAuthFilter();
      assertThatThrownBy(() -> filter.init(config(Map.of(
          FilterSettings.REQUEST_AUTHENTICATION, env.configDir().resolve("request-authentication.yaml").toString(),
          FilterSettings.POLICIES, env.configDir().resolve("missing.yaml").toString()))))
          .isInstanceOf(ServletException.class).hasMessageContaining("missing.yaml");
      assertThatThrownBy(() -> filter.init(config(Map.of(
          FilterSettings.POLICIES, env.configDir().resolve("policies.yaml").toString()))))
          .isInstanceOf(ServletException.class).hasMessageContaining("requestAuthentication");
    }
  }

  @Test
  void aPolicyFolderWithOnlyTheRequestAuthenticationFailsInitUnlessAllowAllIsSet() throws Exception {
    // issue 14 item 23: this used to start a filter that let anonymous DELETEs through
    try (ConformanceEnvironment env = new ConformanceEnvironment()) {
      String ra = env.configDir().resolve("request-authentication.yaml").toString();
      KServeAuthFilter filter = new KServeAuthFilter();
      assertThatThrownBy(() -> filter.init(config(Map.of(FilterSettings.REQUEST_AUTHENTICATION, ra,
          FilterSettings.POLICIES, ra))))
          .isInstanceOf(ServletException.class).hasMessageContaining("none enforcing")
          .hasMessageContaining("allowAllWithoutPolicy");
      assertThatThrownBy(() -> filter.init(config(Map.of(FilterSettings.REQUEST_AUTHENTICATION, ra,
          FilterSettings.POLICIES, ra, FilterSettings.ALLOW_ALL_WITHOUT_POLICY, "yes"))))
          .isInstanceOf(ServletException.class).hasMessageContaining("must be true or false");
      filter.init(config(Map.of(FilterSettings.REQUEST_AUTHENTICATION, ra, FilterSettings.POLICIES, ra,
          FilterSettings.ALLOW_ALL_WITHOUT_POLICY, "true")));
      try (JettyServer jetty = new JettyServer(filter)) {
        assertThat(RawHttp.send(jetty.port(), "DELETE", "/v2/models/m", List.of(), null).status()).isEqualTo(200);
      } finally {
        filter.destroy();
      }
    }
  }
}
