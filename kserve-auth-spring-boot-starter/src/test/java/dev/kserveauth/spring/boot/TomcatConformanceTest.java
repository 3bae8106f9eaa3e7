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

import dev.kserveauth.KServeAuth;
import dev.kserveauth.policy.Decision;
import dev.kserveauth.servlet.KServeAuthFilter;
import dev.kserveauth.testing.http.ConformanceEnvironment;
import dev.kserveauth.testing.http.EchoApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The HTTP conformance suite the servlet filter (Jetty) and the Vert.x handler run, here against the
 * starter on a real embedded Tomcat with Spring Security on the class path: the filter the starter
 * registers, the security context bridge and the starter's permit-all filter chain, in front of an
 * echo servlet. The facade is the environment's (its clock and audit sink); everything else is the
 * starter's auto-configuration.
 */
@SpringBootTest(classes = TomcatConformanceTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.web-application-type=servlet", ConformanceChecks.SPRING_SECURITY})
class TomcatConformanceTest {
  static final ConformanceEnvironment ENV = new ConformanceEnvironment();
  static final ConformanceChecks.Seen SEEN = new ConformanceChecks.Seen();

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

  @TestFactory
  Stream<DynamicNode> conformance() {
    SEEN.port = port;
    return ConformanceChecks.tests(SEEN, ENV, java.util.Set.of());
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {
    /** The environment's facade (request clock, audit sink): the starter's own backs off. */
    @Bean(destroyMethod = "")
    KServeAuth kserveAuth() {
      return ENV.auth();
    }

    @Bean
    ServletRegistrationBean<Echo> echo() {
      ServletRegistrationBean<Echo> r = new ServletRegistrationBean<>(new Echo(), "/*");
      r.setAsyncSupported(true);
      return r;
    }
  }

  /** The servlet echo application, as the Jetty conformance server runs it. */
  static final class Echo extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
      SEEN.hits.incrementAndGet();
      String info = req.getPathInfo();
      String path = req.getContextPath() + req.getServletPath() + (info == null ? "" : info);
      SEEN.paths.add(path);
      List<String> roles = new ArrayList<>();
      for (String r : EchoApp.ROLES) {
        if (req.isUserInRole(r)) {
          roles.add(r);
        }
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (String n : Collections.list(req.getHeaderNames())) {
        headers.put(n.toLowerCase(Locale.ROOT), req.getHeader(n));
      }
      String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Decision d = (Decision) req.getAttribute(KServeAuthFilter.DECISION_ATTRIBUTE);
      byte[] out = EchoApp.render(path, req.getUserPrincipal() == null ? null : req.getUserPrincipal().getName(), roles,
          headers, req.getQueryString(), Collections.list(req.getParameterNames()), body, d == null ? null : d.rule());
      res.setStatus(200);
      res.setContentType("application/json");
      res.getOutputStream().write(out);
    }
  }
}
