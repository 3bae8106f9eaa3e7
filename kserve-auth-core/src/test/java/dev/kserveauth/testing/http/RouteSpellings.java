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

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.DynamicTest;

/**
 * The {@code routers} columns of {@code conformance/http/route-spellings.yaml}: where real routers
 * dispatch each spelling. The adapters' modules check every column against the real router
 * (vertx-web's Router, Jetty's servlet mappings, Spring's PathPatternParser), so the table is what
 * the routers do, not what someone thought they do.
 */
public final class RouteSpellings {
  /** The file. */
  public static final String FILE = "route-spellings.yaml";

  /**
   * One spelling as one router sees it.
   *
   * @param note the case's note
   * @param method the method
   * @param target the request target as sent
   * @param body the body, or {@code null}
   * @param route the route name the router dispatches it to, or {@code null} for none
   */
  public record Spelling(String note, String method, String target, byte[] body, String route) {}

  private RouteSpellings() {}

  /** Every spelling that has a column for {@code router}. */
  public static List<Spelling> forRouter(String router) {
    List<Spelling> out = new ArrayList<>();
    for (JsonNode c : HttpConformance.readYaml(FILE).path("cases")) {
      JsonNode col = c.path("routers");
      if (!col.has(router)) {
        continue;
      }
      JsonNode r = c.path("request");
      out.add(new Spelling(c.path("note").asText(), r.path("method").asText("GET"), r.path("target").asText(),
          r.hasNonNull("body") ? r.get("body").asText().getBytes(StandardCharsets.UTF_8) : null,
          col.get(router).isNull() ? null : col.get(router).asText()));
    }
    Assertions.assertThat(out).as(router + " column in " + FILE).isNotEmpty();
    return out;
  }

  /**
   * Asks a real server which route it dispatched a spelling to: the server under test answers the
   * route's name in an {@code X-Route} header (absent: no route).
   */
  public static Function<Spelling, String> overHttp(java.util.function.IntSupplier port) {
    return s -> {
      try {
        return RawHttp.send(port.getAsInt(), s.method(), s.target(), List.of(), s.body()).header("X-Route");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
  }

  /**
   * One test per spelling: {@code dispatch} answers the route the real router chose ({@code null}
   * for none), which must be the table's.
   */
  public static Stream<DynamicTest> check(String router, Function<Spelling, String> dispatch) {
    return forRouter(router).stream().map(s -> DynamicTest.dynamicTest(router + ": " + s.method() + " " + s.target(),
        () -> Assertions.assertThat(dispatch.apply(s)).as(s.note()).isEqualTo(s.route())));
  }
}
