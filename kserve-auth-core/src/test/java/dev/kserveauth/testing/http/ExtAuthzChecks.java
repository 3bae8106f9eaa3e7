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
package dev.kserveauth.testing.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.authz.EnvoyExtAuthzHttp;
import dev.kserveauth.authn.Principal;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Istio {@code CUSTOM} with the {@code envoyExtAuthzHttp} provider against a real loopback
 * authorization service (JDK {@code HttpServer}), through an adapter's real server: the same checks
 * for the servlet filter and the Vert.x handler. The service answers by the path it is asked about:
 * {@code /allow*} 200 with headers, {@code /deny*} 403 with a body and headers, {@code /login*} 302,
 * {@code /slow*} after 3 s, {@code /error*} 500, {@code /huge*} 200 with 1 MiB; the policy asks it for
 * every path but {@code /health}.
 */
public final class ExtAuthzChecks implements AutoCloseable {

  /** The adapter's server (closed with the checks when it is {@link AutoCloseable}). */
  public interface Server extends HttpConformance.Target {}

  /** Builds the adapter's server (filter / handler in front of {@link EchoApp}). */
  public interface ServerFactory {
    HttpConformance.Target start(KServeAuth auth) throws Exception;
  }

  /** What the authorization service was asked. */
  public record Check(String method, String path, Map<String, String> headers, String body) {}

  static final String POLICIES = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: ext-authz, namespace: istio-system}
      spec:
        action: CUSTOM
        provider: {name: %s}
        rules:
        - to:
          - operation:
              notPaths: ["/health"]
      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: allow-all, namespace: istio-system}
      spec:
        rules: [{}]
      """;

  /** The Kubeflow oauth2-proxy provider's shape (kubeflow/manifests), pointed at the loopback service. */
  static String meshConfig(int port) {
    return """
        meshConfig:
          extensionProviders:
          - name: authz
            envoyExtAuthzHttp:
              service: 127.0.0.1
              port: %d
              pathPrefix: /check
              timeout: 0.5s
              statusOnError: 503
              includeRequestHeadersInCheck: [cookie, "x-forwarded-*"]
              includeAdditionalHeadersInCheck: {x-ext-authz: kserve-auth}
              includeRequestBodyInCheck: {maxRequestBytes: 16, allowPartialMessage: true}
              headersToUpstreamOnAllow: [authorization, "x-auth-request-*"]
              headersToDownstreamOnAllow: [x-authz-trace]
              headersToDownstreamOnDeny: [content-type, set-cookie, location, x-deny-reason]
          - name: authz-open
            envoyExtAuthzHttp:
              service: 127.0.0.1
              port: %d
              timeout: 0.5s
              failOpen: true
          - name: otel
            opentelemetry: {service: otel.istio-system.svc.cluster.local, port: 4317}
        """.formatted(port, port);
  }

  private final HttpServer authz;
  public final List<Check> checks = Collections.synchronizedList(new ArrayList<>());
  private final ServerFactory factory;
  private final Map<String, EnvoyExtAuthzHttp> providers;
  private final List<AutoCloseable> open = new ArrayList<>();
  private static final ObjectMapper JSON = new ObjectMapper();

  public ExtAuthzChecks(ServerFactory factory) throws IOException {
    this.factory = factory;
    authz = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    authz.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "authz-service");
      t.setDaemon(true);
      return t;
    }));
    authz.createContext("/", this::answer);
    authz.start();
    providers = EnvoyExtAuthzHttp.parse(meshConfig(authz.getAddress().getPort()), "mesh.yaml");
  }

  private void answer(HttpExchange ex) throws IOException {
    try (ex) {
      Map<String, String> h = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = ex.getRequestURI().getRawPath()
          + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
      checks.add(new Check(ex.getRequestMethod(), path, h, body));
      String p = path.startsWith("/check") ? path.substring("/check".length()) : path;
      var out = ex.getResponseHeaders();
      if (p.startsWith("/allow")) {
        out.add("x-auth-request-user", "alice");
        out.add("x-not-listed", "dropped");
        out.add("x-authz-trace", "t-1");
        send(ex, 200, "ok");
      } else if (p.startsWith("/deny")) {
        out.add("Content-Type", "text/plain");
        out.add("x-deny-reason", "team mismatch");
        out.add("x-internal-secret", "never to the caller");
        send(ex, 403, "denied by authz");
      } else if (p.startsWith("/nocontent")) {
        send(ex, 204, ""); // a 2xx that is not 200: Envoy denies
      } else if (p.startsWith("/login")) {
        out.add("Location", "/oauth2/start?rd=%2Flogin");
        out.add("Set-Cookie", "_oauth2_proxy_csrf=abc; HttpOnly");
        send(ex, 302, "");
      } else if (p.startsWith("/slow")) {
        try {
          Thread.sleep(3000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        send(ex, 200, "late");
      } else if (p.startsWith("/huge")) {
        send(ex, 200, "x".repeat(1 << 20));
      } else {
        send(ex, 500, "oops");
      }
    }
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      try (OutputStream o = ex.getResponseBody()) {
        o.write(b);
      }
    }
  }

  /** A server whose CUSTOM policy asks {@code provider}. */
  public Server server(String provider) throws Exception {
    KServeAuth auth = KServeAuth.builder()
        .authenticator(new TableAuthenticator(Map.of("ds", DS)))
        .policyEngine(dev.kserveauth.policy.PolicyEngine.builder()
            .policies(dev.kserveauth.policy.PolicySet.parse(POLICIES.formatted(provider), "authz.yaml")).build())
        .authorizers(providers)
        .build();
    HttpConformance.Target t = factory.start(auth);
    if (t instanceof AutoCloseable c) {
      open.add(c);
    }
    return new Server() {
      @Override
      public int port() {
        return t.port();
      }

      @Override
      public int appHits() {
        return t.appHits();
      }
    };
  }

  static final Principal DS = TableAuthenticator.principal("user123", "data-scientist", "ml-platform");

  static JsonNode echo(RawHttp.Response r) throws IOException {
    return JSON.readTree(r.body());
  }

  // ---------------------------------------------------------------------------------------------

  /** 200 allows; the listed answer headers reach the application, replacing the caller's copies. */
  public void allowSendsUpstreamHeadersToTheApplication() throws Exception {
    Server s = server("authz");
    RawHttp.Response r = RawHttp.send(s.port(), "GET", "/allow/x?a=1", List.of("Cookie: sid=42",
        "X-Forwarded-Proto: https", "X-Auth-Request-User: mallory", "X-Private: p", "Authorization: Bearer ds"), null);
    assertThat(r.status()).isEqualTo(200);
    JsonNode app = echo(r);
    assertThat(app.path("headers").path("x-auth-request-user").asText()).isEqualTo("alice");
    assertThat(app.path("headers").has("x-not-listed")).isFalse();
    assertThat(app.path("user").asText()).isEqualTo("user123");
    assertThat(r.header("x-authz-trace")).isEqualTo("t-1"); // headersToDownstreamOnAllow
    Check c = checks.get(checks.size() - 1);
    assertThat(c.method()).isEqualTo("GET");
    assertThat(c.path()).isEqualTo("/check/allow/x?a=1"); // pathPrefix + path + query
    assertThat(c.headers()).containsEntry("cookie", "sid=42").containsEntry("x-forwarded-proto", "https")
        .containsEntry("authorization", "Bearer ds").containsEntry("x-ext-authz", "kserve-auth")
        .doesNotContainKey("x-private");
    assertThat(c.headers().get("host")).startsWith("localhost:");
  }

  /** Not 200 (and not 5xx): denied; status, body and the listed headers reach the caller, the app never runs. */
  public void denyIsPassedThrough() throws Exception {
    Server s = server("authz");
    RawHttp.Response r = RawHttp.send(s.port(), "POST", "/deny/model", List.of("Content-Type: text/plain"),
        "0123456789abcdefXYZ".getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.bodyText()).isEqualTo("denied by authz");
    assertThat(r.header("x-deny-reason")).isEqualTo("team mismatch");
    assertThat(r.header("x-internal-secret")).isNull();
    assertThat(s.appHits()).isZero();
    Check c = checks.get(checks.size() - 1);
    assertThat(c.body()).isEqualTo("0123456789abcdef"); // maxRequestBytes 16, allowPartialMessage
    assertThat(c.headers()).containsEntry("x-envoy-auth-partial-body", "true");
    RawHttp.Response login = RawHttp.send(s.port(), "GET", "/login/ui", List.of(), null);
    assertThat(login.status()).isEqualTo(302); // never followed: the caller goes to the login page
    assertThat(login.header("location")).isEqualTo("/oauth2/start?rd=%2Flogin");
    assertThat(login.header("set-cookie")).isEqualTo("_oauth2_proxy_csrf=abc; HttpOnly");
    RawHttp.Response noContent = RawHttp.send(s.port(), "GET", "/nocontent/x", List.of(), null);
    assertThat(noContent.status()).as("only 200 allows, as in Envoy's HTTP client").isEqualTo(204);
    assertThat(s.appHits()).isZero();
  }

  /** Timeout, 5xx and an oversized answer are errors: statusOnError; failOpen allows instead. */
  public void errorsAnswerStatusOnErrorUnlessFailOpen() throws Exception {
    Server s = server("authz");
    for (String path : List.of("/slow/x", "/error/x", "/huge/x")) {
      long t0 = System.nanoTime();
      RawHttp.Response r = RawHttp.send(s.port(), "GET", path, List.of(), null);
      assertThat(r.status()).as(path).isEqualTo(503);
      assertThat(System.nanoTime() - t0).as(path).isLessThan(2_500_000_000L);
    }
    assertThat(s.appHits()).isZero();
    Server open = server("authz-open");
    RawHttp.Response r = RawHttp.send(open.port(), "GET", "/slow/x", List.of(), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(open.appHits()).isEqualTo(1);
    RawHttp.Response denied = RawHttp.send(open.port(), "GET", "/deny/x", List.of(), null);
    assertThat(denied.status()).isEqualTo(403); // failOpen is about errors, not denials
    assertThat(denied.header("x-internal-secret")).isEqualTo("never to the caller"); // no list: all headers
  }

  /** Paths the policy excludes are never sent; a request with a spelling the server would route elsewhere never reaches the app. */
  public void theCheckedPathIsTheRoutedPath() throws Exception {
    Server s = server("authz");
    int before = checks.size();
    assertThat(RawHttp.send(s.port(), "GET", "/health", List.of(), null).status()).isEqualTo(200);
    assertThat(checks).hasSize(before); // notPaths: not asked
    for (String spelling : List.of("/allow/../deny/x", "/allow/%2e%2e/deny/x", "/allow%2F..%2Fdeny/x",
        "/./deny/x", "//deny/x", "/allow/..;/deny/x", "/allow\\..\\deny")) {
      int hits = s.appHits();
      int asked = checks.size();
      RawHttp.Response r = RawHttp.send(s.port(), "GET", spelling, List.of(), null);
      if (r.status() == 200) { // went on: then the service was asked about exactly the path the app routed
        JsonNode app = echo(r);
        assertThat(checks.get(checks.size() - 1).path()).as(spelling).isEqualTo("/check" + app.path("path").asText());
        assertThat(app.path("path").asText()).as(spelling).startsWith("/allow");
      } else {
        assertThat(s.appHits()).as(spelling).isEqualTo(hits);
        for (Check c : checks.subList(asked, checks.size())) {
          assertThat(c.path()).as(spelling).doesNotContain("..").doesNotContain("%2").doesNotContain("//");
        }
      }
    }
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    providers.values().forEach(EnvoyExtAuthzHttp::close);
    authz.stop(0);
  }
}
