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

import dev.kserveauth.testing.http.RouteSpellings;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The {@code jetty-servlet} and {@code spring-mvc-*} columns of route-spellings.yaml, checked against
 * the real matchers with the routes a KServe model server registers: Jetty 12's servlet mappings
 * (default URI compliance, no kserve-auth in front) and Spring's {@link PathPatternParser}, with its
 * Spring 6 defaults and with trailing-slash matching on (Spring 5's default, a Spring 6 opt-in).
 * Spring MVC picks the most specific of the matching patterns, as here.
 */
class ServletRouterSpellingsTest {
  static Server jetty;
  static ServerConnector connector;

  static final Map<String, String> SPRING_ROUTES = new LinkedHashMap<>();

  static {
    SPRING_ROUTES.put("/v1/models", "v1-list");
    SPRING_ROUTES.put("/v1/models/{model}", "v1-model");
    SPRING_ROUTES.put("/v1/models/{model}:predict", "v1-predict");
    SPRING_ROUTES.put("/v2", "v2-server");
    SPRING_ROUTES.put("/v2/models/{model}", "v2-model");
    SPRING_ROUTES.put("/v2/models/{model}/infer", "v2-infer");
    SPRING_ROUTES.put("/v2/models/{model}/versions/{version}", "v2-version");
    SPRING_ROUTES.put("/v2/models/{model}/versions/{version}/infer", "v2-version-infer");
    SPRING_ROUTES.put("/openai/v1/completions", "openai-completions");
    SPRING_ROUTES.put("/openai/v1/chat/completions", "openai-chat");
    SPRING_ROUTES.put("/health", "health");
  }

  @BeforeAll
  static void start() throws Exception {
    jetty = new Server();
    connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler ctx = new ServletContextHandler("/");
    Map<String, String> mappings = new LinkedHashMap<>();
    mappings.put("/v1/models", "v1-list");
    mappings.put("/v1/models/*", "v1-models/*");
    mappings.put("/v2", "v2-server");
    mappings.put("/v2/models/*", "v2-models/*");
    mappings.put("/openai/v1/completions", "openai-completions");
    mappings.put("/openai/v1/chat/completions", "openai-chat");
    mappings.put("/health", "health");
    mappings.forEach((mapping, name) -> ctx.addServlet(new ServletHolder(name, new Named(name)), mapping));
    jetty.setHandler(ctx);
    jetty.start();
  }

  @AfterAll
  static void stop() throws Exception {
    jetty.stop();
  }

  static final class Named extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final String name;

    Named(String name) {
      this.name = name;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) {
      res.setHeader("X-Route", name);
      res.setStatus(200);
    }
  }

  @TestFactory
  Stream<DynamicTest> jettyServletMappingsDispatchAsTheTableSays() {
    return RouteSpellings.check("jetty-servlet", RouteSpellings.overHttp(connector::getLocalPort));
  }

  @TestFactory
  Stream<DynamicTest> springMvc6MatchesAsTheTableSays() {
    return RouteSpellings.check("spring-mvc-6", s -> spring(new PathPatternParser(), s.target()));
  }

  @TestFactory
  @SuppressWarnings("deprecation") // the option Spring 6 deprecated is the one under test
  Stream<DynamicTest> springMvcWithTrailingSlashMatchMatchesAsTheTableSays() {
    PathPatternParser parser = new PathPatternParser();
    parser.setMatchOptionalTrailingSeparator(true);
    return RouteSpellings.check("spring-mvc-trailing-slash", s -> spring(parser, s.target()));
  }

  /** The route Spring MVC would pick: the most specific matching pattern, on the raw request path. */
  static String spring(PathPatternParser parser, String target) {
    PathContainer path = PathContainer.parsePath(target);
    return SPRING_ROUTES.entrySet().stream()
        .map(e -> Map.entry(parser.parse(e.getKey()), e.getValue()))
        .filter(e -> e.getKey().matches(path))
        .min((a, b) -> PathPattern.SPECIFICITY_COMPARATOR.compare(a.getKey(), b.getKey()))
        .map(Map.Entry::getValue)
        .orElse(null);
  }
}
