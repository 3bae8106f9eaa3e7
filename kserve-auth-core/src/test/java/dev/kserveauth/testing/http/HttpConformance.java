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
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs the HTTP conformance suite (data in {@code conformance/http/*.yaml}, listed in
 * {@code conformance/http/index.txt}) against a live server: the servlet filter on Jetty and the
 * Vert.x handler run the same files unchanged.
 *
 * <p>The server under test serves the echo application ({@link EchoApp}) behind the adapter, for the
 * environment {@link ConformanceEnvironment} builds. A case:
 *
 * <pre>{@code
 * - note: "4 data scientist may predict"
 *   request:
 *     method: POST
 *     target: /v1/models/sklearn-iris:predict      # exact bytes on the wire (path + query)
 *     token: DS                                     # sent as Authorization: Bearer <DS>
 *     headers: ["X-User: forged"]                   # extra raw header lines; {DS} expands to the token
 *     body: '{"instances": [[1,2,3,4]]}'
 *   want:
 *     status: 200                                   # or status_in: [400, 403], or status_below: 500
 *     reached: true                                 # the application saw the request
 *     www_authenticate: 'Bearer realm="kserve"'    # exact header value (or null: absent)
 *     body: '{"error":"authentication required"}'  # exact body (for rejects)
 *     body_contains: expired
 *     app: {user: user123, headers: {x-user: user123, authorization: null}, query: "a=1"}
 * }</pre>
 */
public final class HttpConformance {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The server under test. */
  public interface Target {
    /** The loopback port. */
    int port();

    /** How many requests the application behind the adapter has handled so far. */
    int appHits();
  }

  /** Tokens and the request clock of the environment the server runs. */
  public interface Environment {
    /** The compact JWS (or raw text) for a token name such as {@code DS}. */
    String token(String name);

    /** Sets the time policies see ({@code request.time}); {@code null} restores the default. */
    void requestTime(java.time.Instant time);
  }

  private HttpConformance() {}

  /** The suite's case files. */
  public static List<String> files() {
    String index = resource("conformance/http/index.txt");
    return index.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  /**
   * Dynamic tests for every case of every file.
   *
   * @param target the server
   * @param env tokens and request clock
   */
  public static Stream<DynamicNode> tests(Target target, Environment env) {
    Function<String, String> tokens = env::token;
    List<DynamicNode> files = new ArrayList<>();
    for (String file : files()) {
      JsonNode doc = readYaml(file);
      List<DynamicNode> cases = new ArrayList<>();
      for (JsonNode c : doc.path("cases")) {
        String note = c.path("note").asText("case");
        cases.add(DynamicTest.dynamicTest(note, () -> {
          env.requestTime(c.hasNonNull("time") ? java.time.Instant.parse(c.get("time").asText()) : null);
          try {
            runCase(target, tokens, c);
          } finally {
            env.requestTime(null);
          }
        }));
      }
      files.add(DynamicContainer.dynamicContainer(file, cases));
    }
    return files.stream();
  }

  /** One case file of the suite, parsed. */
  public static JsonNode readYaml(String file) {
    try {
      return YAML.readTree(resource("conformance/http/" + file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends one case's request. */
  public static RawHttp.Response send(Target target, Function<String, String> tokens, JsonNode req) throws IOException {
    String method = req.path("method").asText("GET");
    String path = expand(req.path("target").asText("/"), tokens);
    List<String> headers = new ArrayList<>();
    String token = req.path("token").asText(null);
    if (token != null && !token.equals("none")) {
      headers.add("Authorization: Bearer " + tokens.apply(token));
    }
    for (JsonNode h : req.path("headers")) {
      headers.add(expand(h.asText(), tokens));
    }
    byte[] body = req.hasNonNull("body") ? req.get("body").asText().getBytes(StandardCharsets.UTF_8) : null;
    return RawHttp.send(target.port(), method, path, headers, body);
  }

  static void runCase(Target target, Function<String, String> tokens, JsonNode c) throws Exception {
    JsonNode want = c.path("want");
    int before = target.appHits();
    RawHttp.Response res = send(target, tokens, c.path("request"));
    String what = c.path("note").asText() + " -> " + res.statusLine() + " " + res.bodyText();
    if (want.has("status")) {
      assertThat(res.status()).as(what).isEqualTo(want.get("status").asInt());
    }
    if (want.has("status_in")) {
      List<Integer> allowed = new ArrayList<>();
      want.get("status_in").forEach(n -> allowed.add(n.asInt()));
      assertThat(res.status()).as(what).isIn(allowed);
    }
    assertThat(res.status()).as(what + " (never a 500)").isNotEqualTo(500);
    if (want.has("status_below")) {
      assertThat(res.status()).as(what).isLessThan(want.get("status_below").asInt());
    }
    int hits = target.appHits() - before;
    if (want.has("reached")) {
      assertThat(hits).as(what + " (application reached)").isEqualTo(want.get("reached").asBoolean() ? 1 : 0);
    }
    if (want.has("www_authenticate")) {
      JsonNode w = want.get("www_authenticate");
      assertThat(res.header("WWW-Authenticate")).as(what).isEqualTo(w.isNull() ? null : w.asText());
    }
    for (JsonNode s : want.path("www_authenticate_contains")) {
      assertThat(res.header("WWW-Authenticate")).as(what).contains(s.asText());
    }
    if (want.has("body")) {
      assertThat(res.bodyText()).as(what).isEqualTo(want.get("body").asText());
      assertThat(res.header("Content-Type")).as(what).isEqualTo("application/json");
      assertThat(res.header("Content-Length")).as(what).isEqualTo(String.valueOf(res.body().length));
    }
    if (want.has("body_contains")) {
      assertThat(res.bodyText()).as(what).contains(want.get("body_contains").asText());
    }
    if (want.has("app")) {
      JsonNode app = JSON.readTree(res.body());
      JsonNode wantApp = want.get("app");
      for (Iterator<Map.Entry<String, JsonNode>> it = wantApp.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getKey().equals("headers")) {
          for (Iterator<Map.Entry<String, JsonNode>> h = f.getValue().fields(); h.hasNext(); ) {
            Map.Entry<String, JsonNode> e = h.next();
            JsonNode got = app.path("headers").get(e.getKey());
            if (e.getValue().isNull()) {
              assertThat(got).as(what + " header " + e.getKey() + " must be absent").isNull();
            } else {
              assertThat(got).as(what + " header " + e.getKey()).isNotNull();
              assertThat(got.asText()).as(what + " header " + e.getKey()).isEqualTo(expand(e.getValue().asText(), tokens));
            }
          }
        } else if (f.getKey().equals("roles")) {
          List<String> roles = new ArrayList<>();
          app.path("roles").forEach(r -> roles.add(r.asText()));
          List<String> wantRoles = new ArrayList<>();
          f.getValue().forEach(r -> wantRoles.add(r.asText()));
          assertThat(roles).as(what).containsExactlyInAnyOrderElementsOf(wantRoles);
        } else {
          JsonNode got = app.get(f.getKey());
          if (f.getValue().isNull()) {
            assertThat(got == null || got.isNull()).as(what + " " + f.getKey() + " must be null, was " + got).isTrue();
          } else {
            assertThat(got).as(what + " " + f.getKey()).isNotNull();
            assertThat(got.asText()).as(what + " " + f.getKey()).isEqualTo(expand(f.getValue().asText(), tokens));
          }
        }
      }
    }
  }

  private static final java.util.regex.Pattern TOKEN_REF = java.util.regex.Pattern.compile("\\{([A-Z][A-Z0-9_]*)\\}");

  /** Replaces {NAME} with the token NAME. */
  static String expand(String s, Function<String, String> tokens) {
    return TOKEN_REF.matcher(s).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(tokens.apply(m.group(1))));
  }

  static String resource(String name) {
    try (InputStream in = HttpConformance.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
