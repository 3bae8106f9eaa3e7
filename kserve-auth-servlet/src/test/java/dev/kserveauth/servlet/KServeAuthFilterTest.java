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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.audit.AuditSink;
import dev.kserveauth.policy.Decision;
import dev.kserveauth.policy.Effect;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.testing.http.RawHttp;
import dev.kserveauth.testing.http.TableAuthenticator;
import dev.kserveauth.authn.Principal;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The filter on a real Jetty 12: what the application sees, and what callers get. */
class KServeAuthFilterTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Principal DS = TableAuthenticator.principal("user123", "data-scientist", "ml-platform");
  static final PolicyEngine ENGINE = r -> r.principal() != null && !r.path().contains("production")
      ? new Decision(Effect.ALLOW, "p", "p#rules[0]", List.of(), List.of(), List.of())
      : new Decision(Effect.DENY, null, null, List.of("no ALLOW policy matched"), List.of(), List.of());
  static JettyServer jetty;

  @BeforeAll
  static void start() throws Exception {
    KServeAuth auth = KServeAuth.builder().authenticator(new TableAuthenticator(Map.of("ds", DS)))
        .policyEngine(ENGINE).publicPaths("/health").auditSink(AuditSink.none()).maxBodyBytes(64).build();
    jetty = new JettyServer(new KServeAuthFilter(auth));
  }

  @AfterAll
  static void stop() throws Exception {
    jetty.close();
  }

  RawHttp.Response send(String method, String target, String... headers) throws Exception {
    return RawHttp.send(jetty.port(), method, target, List.of(headers), null);
  }

  @Test
  void allowedRequestSeesPrincipalRolesAttributesAndStrippedHeaders() throws Exception {
    RawHttp.Response r = send("POST", "/v1/models/iris:predict?a=1", "Authorization: Bearer ds", "X-User: admin");
    assertThat(r.status()).isEqualTo(200);
    JsonNode app = JSON.readTree(r.body());
    assertThat(app.get("user").asText()).isEqualTo("user123");
    assertThat(app.get("roles")).hasSize(1);
    assertThat(app.get("roles").get(0).asText()).isEqualTo("data-scientist");
    assertThat(app.path("headers").get("x-user").asText()).isEqualTo("user123"); // forged copy replaced
    assertThat(app.path("headers").has("authorization")).isFalse(); // forwardOriginalToken: false
    assertThat(app.get("rule").asText()).isEqualTo("p#rules[0]");
    assertThat(app.get("query").asText()).isEqualTo("a=1");
    assertThat(app.get("params").asText()).isEqualTo("a");
  }

  @Test
  void deniedRequestsNeverReachTheApp() throws Exception {
    int before = jetty.appHits();
    RawHttp.Response none = send("POST", "/v1/models/iris:predict");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"kserve\"");
    assertThat(none.bodyText()).isEqualTo("{\"error\":\"authentication required\"}");
    RawHttp.Response denied = send("POST", "/v1/models/production:predict", "Authorization: Bearer ds");
    assertThat(denied.status()).isEqualTo(403);
    RawHttp.Response expired = send("POST", "/v1/models/iris:predict", "Authorization: Bearer old");
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.header("WWW-Authenticate")).contains("error=\"invalid_token\"", "Jwt is expired");
    assertThat(jetty.appHits()).isEqualTo(before);
  }

  @Test
  void pathTricksNeverReachADeniedModel() throws Exception {
    for (String t : List.of("/v1/models/x/../production:predict", "/v1/models/x/%2e%2e/production:predict",
        "/v1/models/x%2F..%2Fproduction:predict", "/v1/models//production:predict",
        "/v1/models/iris;x=/../production:predict", "/v1/models/iris;/../../models/production:predict",
        "/v1/models/%70roduction:predict", "/v1/models/x/..%2Fproduction:predict", "/v1/models/x\\..\\production")) {
      RawHttp.Response r = send("POST", t, "Authorization: Bearer ds");
      assertThat(r.status()).as(t).isIn(400, 403);
    }
    assertThat(jetty.paths).noneMatch(p -> p.contains("production"));
  }

  @Test
  void publicPathNeedsNoToken() throws Exception {
    assertThat(send("GET", "/health").status()).isEqualTo(200);
  }

  @Test
  void openAiBodyIsBufferedAndReplayedOrRejectedWhenTooLarge() throws Exception {
    byte[] small = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);
    RawHttp.Response ok = RawHttp.send(jetty.port(), "POST", "/openai/v1/completions",
        List.of("Authorization: Bearer ds", "Content-Type: application/json"), small);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(JSON.readTree(ok.body()).get("body").asText()).isEqualTo("{\"model\":\"m\"}");
    RawHttp.Response big = RawHttp.send(jetty.port(), "POST", "/openai/v1/completions",
        List.of("Authorization: Bearer ds"), new byte[100]);
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.bodyText()).isEqualTo("{\"error\":\"request body too large\"}");
  }

  @Test
  void malformedAuthorizationNeverGives500() throws Exception {
    for (String h : List.of("Authorization: Basic Zm9vOmJhcg==", "Authorization: Bearer", "Authorization: Bearer  ",
        "Authorization: ", "Authorization: Bearer a b c", "Authorization: \u00ff\u00fe", "Authorization: Bearer " + "x".repeat(6000))) {
      RawHttp.Response r = send("POST", "/v1/models/iris:predict", h);
      assertThat(r.status()).as(h).isIn(400, 401, 431);
    }
  }

  @Test
  void webXmlInitParamsAreValidated() {
    KServeAuthFilter f = new KServeAuthFilter();
    jakarta.servlet.FilterConfig cfg = new jakarta.servlet.FilterConfig() {
      public String getFilterName() {
        return "kserve-auth";
      }

      public jakarta.servlet.ServletContext getServletContext() {
        return null;
      }

      public String getInitParameter(String name) {
        return null;
      }

      public java.util.Enumeration<String> getInitParameterNames() {
        return java.util.Collections.emptyEnumeration();
      }
    };
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.init(cfg))
        .isInstanceOf(jakarta.servlet.ServletException.class).hasMessageContaining("requestAuthentication");
  }

  @Test
  void rejectSentBeforeTheBodyArrivesTellsTheClientTheConnectionCloses() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), jetty.port())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/models/iris:predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: 12\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // the 401 comes before the body is sent; without "Connection: close" Jetty would drop the
      // connection silently once the unread body is discovered, breaking the client's next request
      String head = head(s.getInputStream());
      assertThat(head).startsWith("HTTP/1.1 401").containsIgnoringCase("\r\nConnection: close");
    }
  }

  @Test
  void rejectOfABodylessRequestKeepsTheConnection() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), jetty.port())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write("GET /v1/models/iris HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String first = head(in);
      assertThat(first).startsWith("HTTP/1.1 401").doesNotContainIgnoringCase("Connection: close");
      in.readNBytes(contentLength(first));
      out.write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(head(in)).startsWith("HTTP/1.1 200");
    }
  }

  private static String head(InputStream in) throws java.io.IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      b.write(c);
      String t = b.toString(StandardCharsets.ISO_8859_1);
      if (t.endsWith("\r\n\r\n")) {
        return t;
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    return 0;
  }
}
