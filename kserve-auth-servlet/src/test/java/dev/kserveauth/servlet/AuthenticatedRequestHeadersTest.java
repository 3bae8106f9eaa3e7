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

import dev.kserveauth.AuthResult;
import dev.kserveauth.policy.Decision;
import dev.kserveauth.policy.Effect;
import dev.kserveauth.testing.http.RawHttp;
import dev.kserveauth.authn.AuthenticationOutcome;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Headers the filter set or removed answer the Servlet header getters as any header would (on a real Jetty request). */
class AuthenticatedRequestHeadersTest {

  @Test
  void getDateHeaderParsesAHeaderTheFilterSet() throws Exception {
    AuthResult.Proceed p = new AuthResult.Proceed(new AuthenticationOutcome.Anonymous(),
        new Decision(Effect.ALLOW, null, null, List.of("test"), List.of(), List.of()), "/x",
        Set.of("x-removed", "x-expires", "x-user", "x-asctime"),
        Map.of("x-expires", "Sun, 06 Nov 1994 08:49:37 GMT", "x-user", "alice",
            "x-asctime", "Sun Nov  6 08:49:37 1994"), Set.of());
    StringBuilder seen = new StringBuilder();
    Filter wrap = (req, res, chain) -> {
      AuthenticatedRequest w = AuthenticatedRequest.of((HttpServletRequest) req, p, null);
      seen.append(w.getDateHeader("X-Expires")).append(' ').append(w.getDateHeader("x-asctime")).append(' ')
          .append(w.getDateHeader("x-removed")).append(' ');
      try {
        w.getDateHeader("x-user");
        seen.append("no exception");
      } catch (IllegalArgumentException e) {
        seen.append("IAE");
      }
      res.setContentLength(0);
    };
    try (JettyServer server = new JettyServer(wrap)) {
      RawHttp.Response r = RawHttp.send(server.port(), "GET", "/x", List.of("X-Removed: Sun, 06 Nov 1994 08:49:37 GMT",
          "X-Expires: not a date"), null);
      assertThat(r.status()).isEqualTo(200);
    }
    assertThat(seen.toString()).isEqualTo("784111777000 784111777000 -1 IAE");
  }

  /**
   * A replayed body with a charset the JVM does not know: getReader fails as the Servlet API says,
   * not with a RuntimeException.
   */
  @Test
  void getReaderOfAReplayedBodyWithAnUnknownCharset() throws Exception {
    AuthResult.Proceed p = new AuthResult.Proceed(new AuthenticationOutcome.Anonymous(),
        new Decision(Effect.ALLOW, null, null, List.of("test"), List.of(), List.of()), "/x",
        Set.of(), Map.of(), Set.of());
    StringBuilder seen = new StringBuilder();
    Filter wrap = (req, res, chain) -> {
      AuthenticatedRequest w = AuthenticatedRequest.of((HttpServletRequest) req, p, "{}".getBytes());
      try {
        seen.append(w.getReader().readLine()).append(' ');
      } catch (java.io.UnsupportedEncodingException e) {
        seen.append("unsupported:").append(e.getMessage()).append(' ');
      }
      res.setContentLength(0);
    };
    try (JettyServer server = new JettyServer(wrap)) {
      for (String charset : new String[] {"bogus-1", "utf-8"}) {
        List<String> headers = List.of("Content-Type: application/json; charset=" + charset);
        assertThat(RawHttp.send(server.port(), "GET", "/x", headers, null).status()).isEqualTo(200);
      }
    }
    assertThat(seen.toString()).isEqualTo("unsupported:bogus-1 {} ");
  }
}
