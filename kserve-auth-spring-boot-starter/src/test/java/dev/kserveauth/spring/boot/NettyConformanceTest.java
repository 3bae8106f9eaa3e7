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
import dev.kserveauth.spring.boot.security.KServeAuthAuthentication;
import dev.kserveauth.testing.http.ConformanceEnvironment;
import dev.kserveauth.testing.http.EchoApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The HTTP conformance suite against the starter's WebFlux filter on a real Reactor Netty, with Spring
 * Security on the class path (the reactive security bridge and the starter's permit-all chain), in
 * front of an echo handler.
 */
@SpringBootTest(classes = NettyConformanceTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.web-application-type=reactive", ConformanceChecks.SPRING_SECURITY})
class NettyConformanceTest {
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
    return ConformanceChecks.tests(SEEN, ENV, KNOWN_DIFFERENCES);
  }

  /**
   * Cases WebFlux answers differently, on purpose (docs/spring-boot.md): WebFlux routes on the path as
   * sent, without resolving dot-segments, so a traversal kserve-auth decides on its resolved path is
   * not the path routed; the filter refuses it (400) rather than let the router see another path.
   */
  static final java.util.Set<String> KNOWN_DIFFERENCES =
      java.util.Set.of("a traversal that lands on an allowed model is allowed on the resolved path");

  @org.junit.jupiter.api.Test
  void aTraversalIsRefusedBecauseWebFluxRoutesTheUnresolvedPath() throws Exception {
    SEEN.port = port;
    int before = SEEN.appHits();
    dev.kserveauth.testing.http.RawHttp.Response res = dev.kserveauth.testing.http.RawHttp.send(port, "POST",
        "/v1/models/production-fraud/../sklearn-iris:predict",
        List.of("Authorization: Bearer " + ENV.token("DS")), "{}".getBytes(StandardCharsets.UTF_8));
    org.assertj.core.api.Assertions.assertThat(res.status()).isEqualTo(400);
    org.assertj.core.api.Assertions.assertThat(res.bodyText()).isEqualTo("{\"error\":\"ambiguous request path\"}");
    org.assertj.core.api.Assertions.assertThat(SEEN.appHits()).isEqualTo(before);
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {
    @Bean(destroyMethod = "")
    KServeAuth kserveAuth() {
      return ENV.auth();
    }

    /**
     * The echo application as the last WebFilter: it sees every request the kserve-auth filter lets
     * through, CORS preflights included (WebFlux's DispatcherHandler would answer those itself).
     */
    @Bean
    org.springframework.web.server.WebFilter echo() {
      return new EchoFilter();
    }
  }

  static final class EchoFilter implements org.springframework.web.server.WebFilter, org.springframework.core.Ordered {
    @Override
    public int getOrder() {
      return org.springframework.core.Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(org.springframework.web.server.ServerWebExchange exchange,
        org.springframework.web.server.WebFilterChain chain) {
      return echo(exchange).flatMap(out -> {
        exchange.getResponse().setStatusCode(org.springframework.http.HttpStatus.OK);
        exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_JSON);
        return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(out)));
      });
    }
  }

  /** The echo application: what WebFlux routed on (decoded segments), who the principal is, what reached it. */
  static Mono<byte[]> echo(org.springframework.web.server.ServerWebExchange request) {
    SEEN.hits.incrementAndGet();
    StringBuilder path = new StringBuilder();
    for (PathContainer.Element e : request.getRequest().getPath().pathWithinApplication().elements()) {
      path.append(e instanceof PathContainer.PathSegment s ? s.valueToMatch() : e.value());
    }
    SEEN.paths.add(path.toString());
    Map<String, String> headers = new LinkedHashMap<>();
    request.getRequest().getHeaders()
        .forEach((n, v) -> headers.putIfAbsent(n.toLowerCase(Locale.ROOT), v.get(0)));
    Decision d = (Decision) request.getAttributes().get(KServeAuthWebFilter.DECISION_ATTRIBUTE);
    List<String> params = new ArrayList<>(request.getRequest().getQueryParams().keySet());
    String query = request.getRequest().getURI().getRawQuery();
    return request.getPrincipal().map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
        .zipWith(DataBufferUtils.join(request.getRequest().getBody())
            .map(b -> {
              byte[] bytes = new byte[b.readableByteCount()];
              b.read(bytes);
              DataBufferUtils.release(b);
              return new String(bytes, StandardCharsets.UTF_8);
            }).defaultIfEmpty(""))
        .flatMap(t -> {
          java.security.Principal p = t.getT1().orElse(null);
          List<String> roles = new ArrayList<>();
          if (p instanceof KServeAuthAuthentication a) {
            for (String r : EchoApp.ROLES) {
              if (a.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(("ROLE_" + r)::equals)) {
                roles.add(r);
              }
            }
          }
          byte[] out = EchoApp.render(path.toString(), p == null ? null : p.getName(), roles, headers, query, params,
              t.getT2(), d == null ? null : d.rule());
          return Mono.just(out);
        });
  }
}
