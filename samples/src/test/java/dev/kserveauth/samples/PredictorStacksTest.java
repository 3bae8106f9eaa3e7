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
package dev.kserveauth.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.servlet.Filter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The toy predictor speaks KServe V1 and V2 the same way on Jetty and on Vert.x (auth passes everything here). */
class PredictorStacksTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Vertx vertx;
  private static ServletPredictor jetty;
  private static VertxPredictor vertxPredictor;

  @BeforeAll
  static void start() throws Exception {
    Filter passThrough = (req, resp, chain) -> chain.doFilter(req, resp);
    jetty = ServletPredictor.start("127.0.0.1", 0, passThrough, new ModelServer(List.of("sklearn-iris"), () -> "# metrics\n"));
    vertx = Vertx.vertx();
    vertxPredictor = VertxPredictor.start(vertx, "127.0.0.1", 0, RoutingContext::next,
        new ModelServer(List.of("sklearn-iris"), () -> "# metrics\n"));
  }

  @AfterAll
  static void stop() throws Exception {
    jetty.close();
    vertxPredictor.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static Stream<Integer> ports() {
    return Stream.of(jetty.port(), vertxPredictor.port());
  }

  private static HttpResponse<String> call(int port, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @MethodSource("ports")
  void v1PredictExplainListReady(int port) throws Exception {
    HttpResponse<String> r = call(port, "POST", "/v1/models/sklearn-iris:predict",
        "{\"instances\":[[6.8,2.8,4.8,1.4],[5.1,3.5,1.4,0.2],[7.7,3.0,6.1,2.3]]}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("predictions").toString()).isEqualTo("[1,0,2]");

    JsonNode explain = JSON.readTree(call(port, "POST", "/v1/models/sklearn-iris:explain",
        "{\"instances\":[[5.1,3.5,1.4,0.2]]}").body());
    assertThat(explain.at("/explanations/0/class").asText()).isEqualTo("setosa");

    assertThat(JSON.readTree(call(port, "GET", "/v1/models", null).body()).get("models").toString())
        .isEqualTo("[\"sklearn-iris\"]");
    assertThat(call(port, "GET", "/v1/models/sklearn-iris", null).body()).contains("\"ready\":true");
    HttpResponse<String> unknown = call(port, "POST", "/v1/models/nope:predict", "{\"instances\":[]}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("Model with name nope does not exist.");
  }

  @ParameterizedTest
  @MethodSource("ports")
  void v1RejectsBadInputWith400(int port) throws Exception {
    HttpResponse<String> r = call(port, "POST", "/v1/models/sklearn-iris:predict", "{\"instances\": 3}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("Expected \\\"instances\\\" to be a list");
    assertThat(call(port, "POST", "/v1/models/sklearn-iris:predict", "not json").statusCode()).isEqualTo(400);
  }

  @ParameterizedTest
  @MethodSource("ports")
  void v2InferMetadataHealth(int port) throws Exception {
    HttpResponse<String> r = call(port, "POST", "/v2/models/sklearn-iris/infer",
        "{\"id\":\"42\",\"inputs\":[{\"name\":\"input-0\",\"shape\":[2,4],\"datatype\":\"FP32\",\"data\":[[6.8,2.8,4.8,1.4],[5.1,3.5,1.4,0.2]]}]}");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode res = JSON.readTree(r.body());
    assertThat(res.get("id").asText()).isEqualTo("42");
    assertThat(res.at("/outputs/0/data").toString()).isEqualTo("[1,0]");
    assertThat(res.at("/outputs/0/shape").toString()).isEqualTo("[2]");

    HttpResponse<String> badShape = call(port, "POST", "/v2/models/sklearn-iris/infer",
        "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[2,4],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}");
    assertThat(badShape.statusCode()).isEqualTo(400);

    assertThat(JSON.readTree(call(port, "GET", "/v2/models/sklearn-iris", null).body()).get("platform").asText())
        .isEqualTo("java-iris");
    assertThat(call(port, "GET", "/v2/models/sklearn-iris/ready", null).statusCode()).isEqualTo(200);
    assertThat(call(port, "GET", "/v2/models/sklearn-iris/versions/1/ready", null).statusCode()).isEqualTo(200);
    assertThat(call(port, "GET", "/v2/health/live", null).body()).contains("\"live\":true");
    assertThat(call(port, "GET", "/v2/health/ready", null).body()).contains("\"ready\":true");
    assertThat(call(port, "GET", "/v2", null).body()).contains("kserve-auth-samples");
    assertThat(call(port, "GET", "/health", null).statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = call(port, "GET", "/metrics", null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
  }

  @ParameterizedTest
  @MethodSource("ports")
  void aBodyOverTheBoundGets413(int port) throws Exception {
    String big = "{\"instances\": [" + "[1,2,3,4],".repeat(ServletPredictor.MAX_BODY_BYTES / 10 + 1) + "[1,2,3,4]]}";
    assertThat(call(port, "POST", "/v1/models/sklearn-iris:predict", big).statusCode()).isEqualTo(413);
  }

  @ParameterizedTest
  @MethodSource("ports")
  void deleteUnloadsUntilPut(int port) throws Exception {
    try {
      assertThat(call(port, "DELETE", "/v1/models/sklearn-iris", null).statusCode()).isEqualTo(200);
      assertThat(call(port, "GET", "/v1/models/sklearn-iris", null).statusCode()).isEqualTo(503);
      assertThat(call(port, "POST", "/v2/models/sklearn-iris/infer", "{}").statusCode()).isEqualTo(503);
    } finally {
      assertThat(call(port, "PUT", "/v1/models/sklearn-iris", null).statusCode()).isEqualTo(200);
    }
    assertThat(call(port, "GET", "/v1/models/sklearn-iris", null).statusCode()).isEqualTo(200);
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> methodsTypesBodies() {
    List<org.junit.jupiter.params.provider.Arguments> all = new java.util.ArrayList<>();
    String[] types = {null, "application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
        "text/plain", "application/octet-stream"};
    String[] bodies = {null, "", "{\"model\":\"sklearn-iris\"}", "{\"model\":", "a=1&model=x&b=%ZZ",
        "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--xyz--\r\n"};
    for (int port : ports().toList()) {
      for (String method : new String[] {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
        for (String path : new String[] {"/v1/models/sklearn-iris:predict", "/openai/v1/completions"}) {
          for (String type : types) {
            for (String body : bodies) {
              all.add(org.junit.jupiter.params.provider.Arguments.of(port, method, path, type, body));
            }
          }
        }
      }
    }
    return all.stream();
  }

  /** Bad input never yields a 5xx from the samples' own wiring (the Vert.x sample used to answer OPTIONS + form with 500). */
  @ParameterizedTest
  @MethodSource("methodsTypesBodies")
  void noMethodContentTypeOrBodyGivesA5xx(int port, String method, String path, String type, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + " " + type + " " + body + " -> " + r.body()).isLessThan(500);
  }
}
