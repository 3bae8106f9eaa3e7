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
package dev.kserveauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KServeClientV1Test {
  private final ObjectMapper json = new ObjectMapper();
  private MockWebServer server;
  private KServeClient client;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    client = KServeClient.builder().baseUrl(server.url("/").toString())
        .tokenProvider(TokenProvider.ofStatic("tok-1"))
        .retryPolicy(RetryPolicy.none())
        .build();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdown();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
  }

  private RecordedRequest taken() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("request reached the server").isNotNull();
    return r;
  }

  @Test
  void listModelsReadsTheModelsArrayAndSendsTheBearer() throws Exception {
    server.enqueue(json(200, "{\"models\":[\"sklearn-iris\",\"xgb\"]}"));
    assertThat(client.listModels()).containsExactly("sklearn-iris", "xgb");
    RecordedRequest r = taken();
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(r.getPath()).isEqualTo("/v1/models");
    assertThat(r.getHeader("Authorization")).isEqualTo("Bearer tok-1");
  }

  @Test
  void modelReadyIsTrueOn200FalseOn503AndThrowsOn404() throws Exception {
    server.enqueue(json(200, "{\"name\":\"m\",\"ready\":true}"));
    server.enqueue(json(503, "{\"error\":\"Model with name m is not ready.\"}"));
    server.enqueue(json(404, "{\"error\":\"Model with name nope does not exist.\"}"));
    assertThat(client.isModelReady("m")).isTrue();
    assertThat(client.isModelReady("m")).isFalse();
    assertThatThrownBy(() -> client.isModelReady("nope"))
        .isInstanceOfSatisfying(ModelNotFoundException.class, e -> {
          assertThat(e.model()).isEqualTo("nope");
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.error()).contains("Model with name nope does not exist.");
        })
        .hasMessageContaining("GET /v1/models/nope returned 404")
        .hasMessageContaining("Model with name nope does not exist.");
    assertThat(taken().getPath()).isEqualTo("/v1/models/m");
  }

  @Test
  void predictPostsTheBodyUnchangedToTheColonPath() throws Exception {
    server.enqueue(json(200, "{\"predictions\":[1,1]}"));
    JsonNode body = json.readTree("{\"instances\":[[6.8,2.8,4.8,1.4],[6.0,3.4,4.5,1.6]],\"custom\":{\"k\":1}}");
    JsonNode answer = client.predict("sklearn-iris", body);
    assertThat(answer.get("predictions")).hasSize(2);
    RecordedRequest r = taken();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getPath()).isEqualTo("/v1/models/sklearn-iris:predict");
    assertThat(r.getHeader("Content-Type")).startsWith("application/json");
    assertThat(json.readTree(r.getBody().readUtf8())).isEqualTo(body);
  }

  @Test
  void typedPredictWrapsInstancesAndConvertsPredictions() throws Exception {
    server.enqueue(json(200, "{\"predictions\":[1,2]}"));
    List<Integer> classes = client.predict("iris", List.of(List.of(6.8, 2.8, 4.8, 1.4), List.of(6.0, 3.4, 4.5, 1.6)),
        Integer.class);
    assertThat(classes).containsExactly(1, 2);
    assertThat(json.readTree(taken().getBody().readUtf8()))
        .isEqualTo(json.readTree("{\"instances\":[[6.8,2.8,4.8,1.4],[6.0,3.4,4.5,1.6]]}"));
  }

  @Test
  void typedPredictRejectsAnAnswerWithoutPredictions() {
    server.enqueue(json(200, "{\"outputs\":[]}"));
    assertThatThrownBy(() -> client.predict("iris", List.of(1), Integer.class))
        .isInstanceOf(KServeClientException.class).hasMessageContaining("\"predictions\"");
  }

  @Test
  void explainPostsToTheExplainPath() throws Exception {
    server.enqueue(json(200, "{\"explanations\":[{\"anchor\":[\"petal\"]}]}"));
    JsonNode out = client.explain("iris", json.readTree("{\"instances\":[[1,2,3,4]]}"));
    assertThat(out.path("explanations").get(0).path("anchor").get(0).asText()).isEqualTo("petal");
    assertThat(taken().getPath()).isEqualTo("/v1/models/iris:explain");
  }

  @Test
  void asyncVariantsCompleteWithTheSameResults() throws Exception {
    server.enqueue(json(200, "{\"models\":[\"a\"]}"));
    server.enqueue(json(200, "{\"predictions\":[0.5]}"));
    server.enqueue(json(404, "{\"error\":\"Model with name x does not exist.\"}"));
    assertThat(client.listModelsAsync().get(5, TimeUnit.SECONDS)).containsExactly("a");
    assertThat(client.predictAsync("a", List.of(List.of(1)), Double.class).get(5, TimeUnit.SECONDS)).containsExactly(0.5);
    assertThatThrownBy(() -> client.isModelReadyAsync("x").join())
        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(ModelNotFoundException.class);
  }

  @Test
  void errorShapesMapToTypedExceptionsWithTheServersText() {
    server.enqueue(json(400, "{\"error\":\"Expected \\\"instances\\\" to be a list\"}"));
    assertThatThrownBy(() -> client.predict("m", json.createObjectNode()))
        .isInstanceOfSatisfying(ClientErrorException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.error()).contains("Expected \"instances\" to be a list");
        });

    server.enqueue(json(422, "{\"detail\":[{\"loc\":[\"body\",\"inputs\"],\"msg\":\"field required\"}]}"));
    assertThatThrownBy(() -> client.predict("m", json.createObjectNode()))
        .isInstanceOfSatisfying(ClientErrorException.class, e -> {
          assertThat(e.status()).isEqualTo(422);
          assertThat(e.error()).isEmpty();
          assertThat(e.detail()).hasValueSatisfying(d -> assertThat(d).contains("field required"));
        });

    server.enqueue(new MockResponse().setResponseCode(403).setBody("RBAC: access denied"));
    assertThatThrownBy(() -> client.predict("m", json.createObjectNode()))
        .isInstanceOfSatisfying(ForbiddenException.class, e -> assertThat(e.body()).isEqualTo("RBAC: access denied"))
        .hasMessageContaining("RBAC: access denied");

    server.enqueue(json(500, "{\"error\":\"ValueError : bad shape\"}"));
    assertThatThrownBy(() -> client.predict("m", json.createObjectNode()))
        .isInstanceOfSatisfying(ServerErrorException.class, e -> assertThat(e.status()).isEqualTo(500))
        .hasMessageContaining("ValueError : bad shape");

    server.enqueue(json(501, "{\"error\":\"Model versioning not supported yet.\"}"));
    assertThatThrownBy(() -> client.predict("m", json.createObjectNode()))
        .isInstanceOfSatisfying(ServerErrorException.class, e -> assertThat(e.status()).isEqualTo(501));

    server.enqueue(new MockResponse().setResponseCode(404));
    assertThatThrownBy(() -> client.predict("m", json.createObjectNode()))
        .isInstanceOf(ModelNotFoundException.class).hasMessageContaining("(empty body)");

    server.enqueue(new MockResponse().setResponseCode(401).setHeader("Content-Type", "text/plain").setBody("Unauthorized"));
    assertThatThrownBy(() -> client.predict("m", json.createObjectNode()))
        .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.afterRefresh()).isFalse())
        .hasMessageContaining("Unauthorized")
        .hasMessageNotContaining("tok-1");
  }

  @Test
  void noTokenProviderMeansNoAuthorizationHeader() throws Exception {
    KServeClient anonymous = KServeClient.builder().baseUrl(server.url("/").toString()).build();
    server.enqueue(json(200, "{\"models\":[]}"));
    assertThat(anonymous.listModels()).isEmpty();
    assertThat(taken().getHeader("Authorization")).isNull();
  }

  @Test
  void builderRejectsBadInputAndRepeatedSettings() {
    assertThatThrownBy(() -> KServeClient.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> KServeClient.builder().baseUrl("ftp://x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KServeClient.builder().baseUrl("http://a").baseUrl("http://b"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("baseUrl was already set to http://a/");
    assertThatThrownBy(() -> client.predict("a/b", json.createObjectNode()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
