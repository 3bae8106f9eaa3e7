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
package dev.kserveauth.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kserveauth.http.AmbiguousPathException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KServeRoutesTest {

  @ParameterizedTest(name = "{0} {1} -> {2} {3} {4} {5}")
  @CsvSource(nullValues = "-", textBlock = """
      GET,    /v1/models,                                  V1,     LIST,     -,        -
      GET,    /v1/models/iris,                             V1,     READY,    iris,     -
      DELETE, /v1/models/iris,                             V1,     DELETE,   iris,     -
      PUT,    /v1/models/iris,                             V1,     UPDATE,   iris,     -
      POST,   /v1/models/iris,                             V1,     OTHER,    iris,     -
      POST,   /v1/models/sklearn-iris:predict,             V1,     PREDICT,  sklearn-iris, -
      POST,   /v1/models/sklearn-iris:explain,             V1,     EXPLAIN,  sklearn-iris, -
      POST,   /v1/models/:predict,                         OTHER,  OTHER,    -,        -
      POST,   /v1/models/a/b:predict,                      OTHER,  OTHER,    -,        -
      GET,    /v2/health/live,                             V2,     HEALTH,   -,        -
      GET,    /v2/health/ready,                            V2,     HEALTH,   -,        -
      GET,    /v2/health/other,                            OTHER,  OTHER,    -,        -
      GET,    /v2,                                         V2,     METADATA, -,        -
      GET,    /v2/models/iris,                             V2,     METADATA, iris,     -
      GET,    /v2/models/iris/versions/3,                  V2,     METADATA, iris,     3
      GET,    /v2/models/iris/ready,                       V2,     READY,    iris,     -
      GET,    /v2/models/iris/versions/3/ready,            V2,     READY,    iris,     3
      POST,   /v2/models/iris/infer,                       V2,     INFER,    iris,     -
      POST,   /v2/models/iris/versions/3/infer,            V2,     INFER,    iris,     3
      POST,   /v2/models/llama/generate,                   V2,     GENERATE, llama,    -
      POST,   /v2/models/llama/generate_stream,            V2,     GENERATE, llama,    -
      POST,   /v2/models/iris/bogus,                       OTHER,  OTHER,    -,        -
      POST,   /v2/models//infer,                           OTHER,  OTHER,    -,        -
      POST,   /v2/repository/index,                        V2,     LIST,     -,        -
      POST,   /v2/repository/models/iris/load,             V2,     LOAD,     iris,     -
      POST,   /v2/repository/models/iris/unload,           V2,     UNLOAD,   iris,     -
      POST,   /v2/repository/models/iris/drop,             OTHER,  OTHER,    -,        -
      GET,    /openai/v1/models,                           OPENAI, LIST,     -,        -
      GET,    /openai/v1/models/llama,                     OPENAI, METADATA, llama,    -
      GET,    /openai/v1/unknown,                          OTHER,  OTHER,    -,        -
      GET,    /health,                                     OTHER,  HEALTH,   -,        -
      GET,    /healthz,                                    OTHER,  HEALTH,   -,        -
      GET,    /,                                           OTHER,  HEALTH,   -,        -
      GET,    /metrics,                                    OTHER,  METRICS,  -,        -
      GET,    /admin,                                      OTHER,  OTHER,    -,        -
      GET,    /v1/modelsX,                                 OTHER,  OTHER,    -,        -
      """)
  void pathRoutes(String method, String path, String protocol, String verb, String model, String version) {
    KServeRoute r = KServeRoutes.parse(method, path, null);
    assertThat(r).isEqualTo(new KServeRoute(KServeRoute.Protocol.valueOf(protocol), KServeRoute.Verb.valueOf(verb),
        model, version));
  }

  @ParameterizedTest(name = "{0} body={1} -> {2} {3}")
  @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
      /openai/v1/chat/completions | {"model":"llama-3","messages":[]}            | GENERATE | llama-3
      /openai/v1/completions      | {"prompt":"hi","nested":{"model":"x"},"model":"gpt2"} | GENERATE | gpt2
      /openai/v1/embeddings       | {"model":"bge","input":"a"}                  | INFER    | bge
      /v1/chat/completions        | {"model":"llama-3"}                          | GENERATE | llama-3
      /openai/v1/chat/completions | -                                            | GENERATE | -
      /openai/v1/chat/completions | { "model" : "llama-3" , "stream" : true }    | GENERATE | llama-3
      /openai/v1/chat/completions | {"model":"llama-3","messages":[{"model":"x"}]} | GENERATE | llama-3
      """)
  void openAiModelFromBody(String path, String body, String verb, String model) {
    KServeRoute r = KServeRoutes.parse("POST", path, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    assertThat(r).isEqualTo(new KServeRoute(KServeRoute.Protocol.OPENAI, KServeRoute.Verb.valueOf(verb), model, null));
  }

  /**
   * One strict parser, the only one (issue 14 item 6): a body the route parser used to read leniently
   * (NaN, a model of the wrong type, trailing bytes) while the facade refused it is refused here,
   * with the reason the caller gets in the 400.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      {"model":"llama","temperature":NaN}          | not well-formed JSON
      {"temperature":Infinity,"model":"llama"}     | not well-formed JSON
      {"model":"llama"} /* comment */              | not well-formed JSON
      {"model":"llama"}{"model":"x"}               | not one well-formed JSON object
      {"model":"llama"} x                          | not well-formed JSON
      {"model":                                    | not well-formed JSON
      not json                                     | not well-formed JSON
      ["model","x"]                                | must be a JSON object naming the model
      {"model":42}                                 | must be a non-empty string
      {"model":""}                                 | must be a non-empty string
      {"prompt":"hi"}                              | names no model
      {"nested":{"model":"x"}}                     | names no model
      """)
  void bodiesOnlyAStrictParserAcceptsAreRefused(String body, String reason) {
    assertThatThrownBy(() -> KServeRoutes.parse("POST", "/openai/v1/chat/completions",
        body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(AmbiguousPathException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void anEmptyBodyNamesNoModel() {
    assertThatThrownBy(() -> KServeRoutes.parse("POST", "/openai/v1/embeddings", new byte[0]))
        .isInstanceOf(AmbiguousPathException.class).hasMessageContaining("naming the model");
  }

  /**
   * A KServe route spelled with a trailing '/' is dispatched to the route by vertx-web (and Spring
   * MVC with trailing-slash matching): refused, never decided as "other" with no model (issue 14
   * item 2). The full table of spellings x routers is conformance/http/route-spellings.yaml.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "POST, /v2/models/secret/infer/", "POST, /v2/models/secret/versions/1/infer/", "GET, /v2/models/secret/",
      "GET, /v2/models/secret/ready/", "POST, /v1/models/secret:predict/", "GET, /v1/models/secret/",
      "GET, /v1/models/", "POST, /openai/v1/completions/", "POST, /openai/v1/chat/completions/",
      "POST, /v1/chat/completions/", "GET, /openai/v1/models/", "GET, /openai/v1/models/secret/", "GET, /v2/",
      "POST, /v2/repository/models/secret/load/", "GET, /health/", "GET, /metrics/", "GET, /v2/health/ready/",
  })
  void trailingSlashOnARouteIsRefused(String method, String path) {
    assertThatThrownBy(() -> KServeRoutes.parse(method, path, null))
        .isInstanceOf(AmbiguousPathException.class).hasMessageContaining("trailing '/'");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/", "/app/", "/v2/models/secret/versions/", "/v2/models/secret/bogus/", "/static/v1/models/"})
  void trailingSlashElsewhereIsJustAPath(String path) {
    assertThat(KServeRoutes.parse("GET", path, null).verb()).isIn(KServeRoute.Verb.OTHER, KServeRoute.Verb.HEALTH);
  }

  /** A path is never cut at a '?' or '#' (issue 14 item 1: a decoded %3F made an infer look like metadata). */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/v2/models/secret/versions/1?/infer", "/v2/models/secret/versions/1#/infer",
      "/v1/models/iris:predict?x=1"})
  void aQueryOrFragmentMarkInThePathIsRefused(String path) {
    assertThatThrownBy(() -> KServeRoutes.parse("POST", path, null))
        .isInstanceOf(AmbiguousPathException.class).hasMessageContaining("'?' or '#'");
  }

  /** Python's json (and most servers) keep the last duplicate; deciding on the first would bypass a per-model rule. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "{\"model\":\"sklearn-iris\",\"model\":\"production-fraud\"}",
      "{\"model\":\"production-fraud\",\"messages\":[],\"model\":\"sklearn-iris\"}",
      "{\"model\":\"a\",\"t\":[1,{\"model\":\"c\"}],\"model\":\"b\"}"})
  void duplicateModelMembersAreAmbiguous(String body) {
    assertThatThrownBy(() -> KServeRoutes.parse("POST", "/openai/v1/chat/completions",
        body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(AmbiguousPathException.class)
        .hasMessageContaining("request body names \"model\" more than once");
  }

  @Test
  void duplicateModelFarIntoALargeBodyIsStillFound() {
    String body = "{\"model\":\"sklearn-iris\",\"pad\":\"" + "a".repeat(2 << 20) + "\",\"model\":\"production-fraud\"}";
    assertThatThrownBy(() -> KServeRoutes.parse("POST", "/openai/v1/completions",
        body.getBytes(StandardCharsets.UTF_8))).isInstanceOf(AmbiguousPathException.class);
  }

  @ParameterizedTest(name = "{0} {1} needs body: {2}")
  @CsvSource({
      "POST, /openai/v1/chat/completions, true",
      "POST, /openai/v1/completions, true",
      "POST, /openai/v1/embeddings, true",
      "POST, /v1/chat/completions, true",
      "GET, /openai/v1/chat/completions, false",
      "GET, /openai/v1/models, false",
      "POST, /v1/models/iris:predict, false",
      "POST, /v2/models/iris/infer, false",
  })
  void needsBody(String method, String path, boolean expected) {
    assertThat(KServeRoutes.needsBody(method, path)).isEqualTo(expected);
  }
}
