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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks the client against the Open Inference Protocol's OpenAPI file
 * ({@code testdata/open-inference-protocol/open_inference_rest.yaml} in the shared data folder):
 * every path it declares is the path the client calls, and every request body the client sends
 * validates against {@code inference_request} (with {@code data} optional for binary tensors, which
 * the schema does not know about).
 */
class OpenInferenceProtocolConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonNode spec;

  /** Per test, so that a run without the shared data counts every test it skips. */
  @BeforeEach
  void loadSpec() throws Exception {
    if (spec != null) {
      return;
    }
    String shared = System.getProperty("kserveauth.shared.dir");
    Path file = shared == null ? null
        : Path.of(shared, "testdata", "open-inference-protocol", "open_inference_rest.yaml");
    boolean present = file != null && Files.isRegularFile(file);
    String needs = "needs ../shared/testdata/open-inference-protocol/open_inference_rest.yaml (public test data"
        + " beside the repository; set -Dkserveauth.shared.dir, now " + shared + "; CI has it)";
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(needs + " (CI=true requires it)");
    }
    if (!present) {
      Assumptions.abort(needs);
    }
    spec = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** The spec's path templates, with ${X} normalised to {X} and the trailing slash of /v2/ dropped. */
  private static List<String> specPaths() {
    List<String> out = new ArrayList<>();
    spec.path("paths").fieldNames().forEachRemaining(p -> {
      String norm = p.replaceAll("\\$\\{([A-Z_]+)}", "{$1}");
      out.add(norm.length() > 1 && norm.endsWith("/") ? norm.substring(0, norm.length() - 1) : norm);
    });
    return out;
  }

  @Test
  void everyDeclaredPathIsWhatTheClientCalls() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          String p = request.getPath();
          String body = p.endsWith("/infer") ? "{\"model_name\":\"m\",\"outputs\":[]}"
              : p.endsWith("/ready") || p.endsWith("/live") ? "{}"
              : p.equals("/v2") ? "{\"name\":\"s\",\"version\":\"1\",\"extensions\":[]}"
              : "{\"name\":\"m\",\"platform\":\"p\"}";
          return new MockResponse().setBody(body);
        }
      });
      KServeClient client = KServeClient.builder().baseUrl(server.url("/").toString()).build();
      client.isServerLive();
      client.isServerReady();
      client.serverMetadata();
      client.isModelReady("MODEL", "VERSION");
      client.modelMetadata("MODEL", "VERSION");
      client.infer("MODEL", "VERSION",
          InferenceRequest.builder().input(InferTensor.int8("x", new long[] {1}, (byte) 1)).build());
      List<String> called = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        called.add(server.takeRequest(5, TimeUnit.SECONDS).getPath()
            .replace("MODEL", "{MODEL_NAME}").replace("VERSION", "{MODEL_VERSION}"));
      }
      assertThat(called).containsExactlyInAnyOrderElementsOf(specPaths());
    }
  }

  @Test
  void jsonRequestsValidateAgainstInferenceRequest() throws Exception {
    InferenceRequestBuilder b = InferenceRequest.builder().id("42").parameter("p", true)
        .output(RequestedOutput.binary("out")).output("out2");
    KServeClientV2Test.everyDatatype().stream().filter(t -> t.datatype() != DataType.FP16).forEach(b::input);
    TensorCodec.Encoded encoded = TensorCodec.encodeRequest(b.build(), JSON);
    assertThat(encoded.jsonLength()).isEqualTo(-1);
    List<String> errors = validate(JSON.readTree(encoded.body()), schema("inference_request"), "$", false);
    assertThat(errors).isEmpty();
  }

  @Test
  void binaryRequestHeadersValidateWithDataOptional() throws Exception {
    InferenceRequestBuilder b = InferenceRequest.builder().binaryData(true);
    KServeClientV2Test.everyDatatype().forEach(b::input);
    TensorCodec.Encoded encoded = TensorCodec.encodeRequest(b.build(), JSON);
    JsonNode header = JSON.readTree(Arrays.copyOf(encoded.body(), encoded.jsonLength()));
    assertThat(validate(header, schema("inference_request"), "$", true)).isEmpty();
    // and the strict schema does reject it, so the validator is really looking
    assertThat(validate(header, schema("inference_request"), "$", false)).isNotEmpty()
        .anyMatch(e -> e.contains("missing required 'data'"));
  }

  @Test
  void theValidatorCatchesABrokenRequest() throws Exception {
    JsonNode broken = JSON.readTree("{\"inputs\":[{\"name\":\"x\",\"shape\":[\"two\"],\"datatype\":\"FP32\","
        + "\"data\":[1]}],\"id\":5}");
    assertThat(validate(broken, schema("inference_request"), "$", false))
        .contains("$.id: expected string", "$.inputs[0].shape[0]: expected integer");
  }

  private static JsonNode schema(String name) {
    return spec.path("components").path("schemas").path(name);
  }

  /** A small OpenAPI 3.0 schema walker: $ref, type, properties, required, items, anyOf. */
  private static List<String> validate(JsonNode value, JsonNode schema, String at, boolean binaryAware) {
    List<String> errors = new ArrayList<>();
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      return validate(value, schema(ref.substring(ref.lastIndexOf('/') + 1)), at, binaryAware);
    }
    if (schema.has("anyOf")) {
      for (JsonNode option : schema.get("anyOf")) {
        if (validate(value, option, at, binaryAware).isEmpty()) {
          return errors;
        }
      }
      errors.add(at + ": matches no anyOf option");
      return errors;
    }
    String type = schema.path("type").asText("");
    boolean ok = switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
    if (!ok) {
      errors.add(at + ": expected " + type);
      return errors;
    }
    if (value.isObject()) {
      boolean binary = binaryAware && value.path("parameters").has("binary_data_size");
      for (JsonNode req : schema.path("required")) {
        if (!value.has(req.asText()) && !(binary && req.asText().equals("data"))) {
          errors.add(at + ": missing required '" + req.asText() + "'");
        }
      }
      for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
        if (value.has(p.getKey())) {
          errors.addAll(validate(value.get(p.getKey()), p.getValue(), at + "." + p.getKey(), binaryAware));
        }
      }
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        errors.addAll(validate(value.get(i), schema.get("items"), at + "[" + i + "]", binaryAware));
      }
    }
    return errors;
  }
}
