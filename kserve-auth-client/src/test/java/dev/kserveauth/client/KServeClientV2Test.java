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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KServeClientV2Test {
  private static final ObjectMapper JSON = new ObjectMapper();
  private MockWebServer server;
  private KServeClient client;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    client = KServeClient.builder().baseUrl(server.url("/").toString()).tokenProvider(TokenProvider.ofStatic("t"))
        .retryPolicy(RetryPolicy.none()).build();
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
    assertThat(r).isNotNull();
    return r;
  }

  @Test
  void healthCallsReadLiveAndReadyAnd503MeansFalse() throws Exception {
    server.enqueue(json(200, "{\"live\":true}"));
    server.enqueue(json(200, "{\"ready\":true}"));
    server.enqueue(json(503, "{\"error\":\"Server is not ready.\"}"));
    server.enqueue(json(200, "{\"ready\":false}"));
    assertThat(client.isServerLive()).isTrue();
    assertThat(client.isServerReady()).isTrue();
    assertThat(client.isServerReady()).isFalse();
    assertThat(client.isServerReadyAsync().get(5, TimeUnit.SECONDS)).isFalse();
    assertThat(taken().getPath()).isEqualTo("/v2/health/live");
    assertThat(taken().getPath()).isEqualTo("/v2/health/ready");
  }

  @Test
  void serverAndModelMetadata() throws Exception {
    server.enqueue(json(200, "{\"name\":\"kserve\",\"version\":\"0.15\",\"extensions\":[\"binary_tensor_data\"]}"));
    server.enqueue(json(200, "{\"name\":\"iris\",\"versions\":[\"1\"],\"platform\":\"sklearn\","
        + "\"inputs\":[{\"name\":\"input-0\",\"datatype\":\"FP32\",\"shape\":[-1,4]}],"
        + "\"outputs\":[{\"name\":\"output-0\",\"datatype\":\"INT64\",\"shape\":[-1]}],\"extra\":1}"));
    server.enqueue(json(200, "{\"name\":\"iris\",\"ready\":true}"));
    server.enqueue(json(404, "{\"error\":\"Model with name gone does not exist.\"}"));
    assertThat(client.serverMetadata()).isEqualTo(new ServerMetadata("kserve", "0.15", List.of("binary_tensor_data")));
    ModelMetadata md = client.modelMetadata("iris", "1");
    assertThat(md.platform()).isEqualTo("sklearn");
    assertThat(md.inputs()).containsExactly(new TensorMetadata("input-0", "FP32", List.of(-1L, 4L)));
    assertThat(md.outputs().get(0).datatype()).isEqualTo("INT64");
    assertThat(client.isModelReady("iris", null)).isTrue();
    assertThatThrownBy(() -> client.modelMetadata("gone", null)).isInstanceOf(ModelNotFoundException.class);
    assertThat(taken().getPath()).isEqualTo("/v2");
    assertThat(taken().getPath()).isEqualTo("/v2/models/iris/versions/1");
    assertThat(taken().getPath()).isEqualTo("/v2/models/iris/ready");
    assertThat(taken().getPath()).isEqualTo("/v2/models/gone");
  }

  @Test
  void inferSendsIdParametersInputsAndRequestedOutputsAsJson() throws Exception {
    server.enqueue(json(200, "{\"model_name\":\"iris\",\"model_version\":\"1\",\"id\":\"42\",\"parameters\":{\"p\":1},"
        + "\"outputs\":[{\"name\":\"output-0\",\"shape\":[3,2],\"datatype\":\"FP32\",\"data\":[[1,1.1],[2,2.1],[3,3.1]]}]}"));
    InferenceRequest request = InferenceRequest.builder()
        .id("42").parameter("priority", 2).parameter("tag", "x")
        .input(InferTensor.uint32("input0", new long[] {2, 2}, 1, 2, 3, 4))
        .input(InferTensor.bool("input1", new long[] {3}, true, false, true))
        .output("output-0")
        .build();
    InferenceResponse response = client.infer("iris", "1", request);
    assertThat(response.modelName()).isEqualTo("iris");
    assertThat(response.modelVersion()).isEqualTo("1");
    assertThat(response.id()).isEqualTo("42");
    assertThat(response.parameters()).containsEntry("p", 1);
    InferTensor out = response.output("output-0").orElseThrow();
    assertThat(out.shape()).containsExactly(3, 2);
    assertThat(out.floats()).containsExactly(1f, 1.1f, 2f, 2.1f, 3f, 3.1f);

    RecordedRequest r = taken();
    assertThat(r.getPath()).isEqualTo("/v2/models/iris/versions/1/infer");
    assertThat(r.getHeader("Inference-Header-Content-Length")).isNull();
    assertThat(JSON.readTree(r.getBody().readUtf8())).isEqualTo(JSON.readTree(
        "{\"id\":\"42\",\"parameters\":{\"priority\":2,\"tag\":\"x\"},\"inputs\":["
            + "{\"name\":\"input0\",\"shape\":[2,2],\"datatype\":\"UINT32\",\"data\":[1,2,3,4]},"
            + "{\"name\":\"input1\",\"shape\":[3],\"datatype\":\"BOOL\",\"data\":[true,false,true]}],"
            + "\"outputs\":[{\"name\":\"output-0\"}]}"));
  }

  @Test
  void modelReadyV2IsFalseOn503AndUsesTheVersionPath() throws Exception {
    server.enqueue(json(503, "{\"error\":\"Model with name m is not ready.\"}"));
    server.enqueue(json(200, "{\"name\":\"m\",\"ready\":true}"));
    assertThat(client.isModelReady("m", "3")).isFalse();
    assertThat(client.isModelReadyAsync("m", null).get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(taken().getPath()).isEqualTo("/v2/models/m/versions/3/ready");
    assertThat(taken().getPath()).isEqualTo("/v2/models/m/ready");
    assertThatThrownBy(() -> client.isModelReady("m", " ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inferThroughTheIngressCarriesTheHostHeaderAndBinaryBody() throws Exception {
    EchoDispatcher echo = new EchoDispatcher();
    server.setDispatcher(echo);
    KServeClient ingress = KServeClient.builder().baseUrl(server.url("/").toString())
        .routing(Routing.ingress("resnet", "vision", "example.com")).tokenProvider(TokenProvider.ofStatic("t")).build();
    InferenceResponse r = ingress.inferAsync("resnet", InferenceRequest.builder().binaryData(true)
        .input(InferTensor.uint8("image", new long[] {1, 2, 2}, 0, 64, 128, 255)).build()).get(5, TimeUnit.SECONDS);
    assertThat(r.output("image").orElseThrow().longs()).containsExactly(0, 64, 128, 255);
    assertThat(echo.last.getHeader("Host")).isEqualTo("resnet.vision.example.com");
    assertThat(echo.last.getPath()).isEqualTo("/v2/models/resnet/infer");
    assertThat(echo.last.getHeader("Inference-Header-Content-Length")).isNotNull();
  }

  @Test
  void versionlessInferPath() throws Exception {
    server.enqueue(json(200, "{\"model_name\":\"m\",\"outputs\":[]}"));
    client.inferAsync("m", InferenceRequest.builder().input(InferTensor.int32("x", new long[] {1}, 7)).build())
        .get(5, TimeUnit.SECONDS);
    assertThat(taken().getPath()).isEqualTo("/v2/models/m/infer");
  }

  private static List<InferTensor> withoutParameters(InferenceResponse r) {
    return r.outputs().stream().map(t -> t.withParameters(java.util.Map.of())).toList();
  }

  /** One tensor of every datatype, with edge values. */
  static List<InferTensor> everyDatatype() {
    return List.of(
        InferTensor.bool("bool", new long[] {2}, true, false),
        InferTensor.uint8("u8", new long[] {3}, 0, 128, 255),
        InferTensor.uint16("u16", new long[] {2}, 0, 65535),
        InferTensor.uint32("u32", new long[] {2}, 0, 4294967295L),
        InferTensor.uint64("u64", new long[] {2}, 1, Long.parseUnsignedLong("18446744073709551615")),
        InferTensor.int8("i8", new long[] {2}, Byte.MIN_VALUE, Byte.MAX_VALUE),
        InferTensor.int16("i16", new long[] {2}, Short.MIN_VALUE, Short.MAX_VALUE),
        InferTensor.int32("i32", new long[] {2, 1}, Integer.MIN_VALUE, Integer.MAX_VALUE),
        InferTensor.int64("i64", new long[] {1, 2}, Long.MIN_VALUE, Long.MAX_VALUE),
        InferTensor.fp16("f16", new long[] {3}, 1.5f, -2f, 65504f),
        InferTensor.fp32("f32", new long[] {2, 2}, 0.1f, -1e30f, Float.MIN_VALUE, 3.25f),
        InferTensor.fp64("f64", new long[] {2}, Math.PI, -0.0),
        InferTensor.strings("str", new long[] {2}, "héllo", ""));
  }

  /**
   * A model server written only against the spec: it splits the body at
   * Inference-Header-Content-Length, slices the binary part by binary_data_size, and echoes every
   * input back as an output in the form it arrived (binary bytes untouched, or JSON data).
   */
  static final class EchoDispatcher extends Dispatcher {
    volatile RecordedRequest last;
    volatile byte[] lastBody;

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      last = request;
      try {
        byte[] body = request.getBody().readByteArray();
        lastBody = body;
        String headerLength = request.getHeader("Inference-Header-Content-Length");
        int jsonLength = headerLength == null ? body.length : Integer.parseInt(headerLength);
        JsonNode req = JSON.readTree(Arrays.copyOfRange(body, 0, jsonLength));
        ObjectNode resp = JSON.createObjectNode().put("model_name", "echo").put("id", req.path("id").asText("none"));
        ArrayNode outputs = resp.putArray("outputs");
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        int offset = jsonLength;
        for (JsonNode in : req.path("inputs")) {
          ObjectNode out = outputs.addObject();
          out.put("name", in.path("name").asText()).set("shape", in.path("shape"));
          out.put("datatype", in.path("datatype").asText());
          if (in.path("parameters").has("binary_data_size")) {
            int size = in.path("parameters").path("binary_data_size").asInt();
            binary.write(body, offset, size);
            offset += size;
            out.putObject("parameters").put("binary_data_size", size);
          } else {
            out.set("data", in.path("data"));
          }
        }
        if (offset != body.length) {
          return json(400, "{\"error\":\"binary_data_size does not add up\"}");
        }
        byte[] header = JSON.writeValueAsBytes(resp);
        MockResponse response = new MockResponse().setResponseCode(200);
        if (binary.size() > 0) {
          response.setHeader("Inference-Header-Content-Length", header.length);
          response.setHeader("Content-Type", "application/octet-stream");
        } else {
          response.setHeader("Content-Type", "application/json");
        }
        return response.setBody(new Buffer().write(header).write(binary.toByteArray()));
      } catch (Exception e) {
        return json(500, "{\"error\":\"" + e + "\"}");
      }
    }
  }

  @Test
  void everyDatatypeRoundTripsThroughJsonAndFp16TravelsBinary() throws Exception {
    EchoDispatcher echo = new EchoDispatcher();
    server.setDispatcher(echo);
    InferenceRequestBuilder b = InferenceRequest.builder().id("json");
    everyDatatype().forEach(b::input);
    InferenceResponse response = client.infer("echo", b.build());
    assertThat(withoutParameters(response)).containsExactlyElementsOf(everyDatatype());
    assertThat(response.id()).isEqualTo("json");
    // FP16 cannot go through KServe as JSON, so it alone was sent binary.
    String headerLength = echo.last.getHeader("Inference-Header-Content-Length");
    assertThat(headerLength).isNotNull();
    assertThat(echo.last.getHeader("Content-Type")).startsWith("application/octet-stream");
    assertThat(echo.last.getBodySize() - Integer.parseInt(headerLength)).isEqualTo(6);
    assertThat(response.output("u64").orElseThrow().longs()[1]).isEqualTo(-1L); // 2^64-1 as raw bits
    assertThat(response.output("u8").orElseThrow().longs()).containsExactly(0, 128, 255);
  }

  @Test
  void binaryExtensionRoundTripBothWays() throws Exception {
    EchoDispatcher echo = new EchoDispatcher();
    server.setDispatcher(echo);
    InferenceRequestBuilder b = InferenceRequest.builder().id("bin").binaryData(true).binaryOutputs(true);
    everyDatatype().forEach(b::input);
    InferenceResponse response = client.infer("echo", b.build());
    assertThat(withoutParameters(response)).containsExactlyElementsOf(everyDatatype());
    JsonNode header = JSON.readTree(Arrays.copyOfRange(echo.lastBody, 0,
        Integer.parseInt(echo.last.getHeader("Inference-Header-Content-Length"))));
    assertThat(header.path("parameters").path("binary_data_output").asBoolean()).isTrue();
    for (JsonNode in : header.path("inputs")) {
      assertThat(in.has("data")).as(in.path("name").asText()).isFalse();
      assertThat(in.path("parameters").path("binary_data_size").asInt()).isPositive();
    }
  }

  @Test
  void binaryEncodingIsLittleEndianWithLengthPrefixedBytes() {
    assertThat(TensorCodec.toBinary(InferTensor.int32("x", new long[] {2}, 1, 0x01020304)))
        .containsExactly(1, 0, 0, 0, 4, 3, 2, 1);
    assertThat(TensorCodec.toBinary(InferTensor.strings("s", new long[] {2}, "hi", "")))
        .containsExactly(2, 0, 0, 0, 'h', 'i', 0, 0, 0, 0);
    assertThat(TensorCodec.toBinary(InferTensor.bool("b", new long[] {2}, true, false))).containsExactly(1, 0);
    assertThat(TensorCodec.toBinary(InferTensor.fp16("h", new long[] {1}, 1.0f))).containsExactly(0x00, 0x3c);
    assertThat(TensorCodec.toBinary(InferTensor.fp32("f", new long[] {1}, 1.0f))).containsExactly(0, 0, 0x80, 0x3f);
  }

  @Test
  void binaryResponseFromAKnownByteLayoutDecodes() throws Exception {
    String header = "{\"model_name\":\"m\",\"outputs\":[{\"name\":\"a\",\"shape\":[2],\"datatype\":\"INT16\","
        + "\"parameters\":{\"binary_data_size\":4}},{\"name\":\"b\",\"shape\":[1],\"datatype\":\"BYTES\","
        + "\"parameters\":{\"binary_data_size\":7}},{\"name\":\"c\",\"shape\":[1],\"datatype\":\"FP64\",\"data\":[2.5]}]}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    Buffer body = new Buffer().write(h).write(new byte[] {1, 0, (byte) 0xff, (byte) 0xff, 3, 0, 0, 0, 'a', 'b', 'c'});
    server.enqueue(new MockResponse().setHeader("inference-header-content-length", h.length).setBody(body));
    InferenceResponse r = client.infer("m", InferenceRequest.builder().input(InferTensor.int8("x", new long[] {1}, (byte) 1))
        .build());
    assertThat(r.output("a").orElseThrow().longs()).containsExactly(1, -1);
    assertThat(r.output("b").orElseThrow().strings()).containsExactly("abc");
    assertThat(r.output("c").orElseThrow().doubles()).containsExactly(2.5);
  }

  @Test
  void malformedBinaryResponsesFailWithAClearMessage() {
    byte[] h = ("{\"model_name\":\"m\",\"outputs\":[{\"name\":\"a\",\"shape\":[4],\"datatype\":\"INT32\","
        + "\"parameters\":{\"binary_data_size\":16}}]}").getBytes(StandardCharsets.UTF_8);
    server.enqueue(new MockResponse().setHeader("Inference-Header-Content-Length", h.length)
        .setBody(new Buffer().write(h).write(new byte[8])));
    InferenceRequest req = InferenceRequest.builder().input(InferTensor.int8("x", new long[] {1}, (byte) 1)).build();
    assertThatThrownBy(() -> client.infer("m", req)).isInstanceOf(KServeClientException.class)
        .hasMessageContaining("binary_data_size 16 runs past the 8 binary bytes left");
    server.enqueue(new MockResponse().setHeader("Inference-Header-Content-Length", 9999).setBody("{}"));
    assertThatThrownBy(() -> client.infer("m", req)).isInstanceOf(KServeClientException.class)
        .hasMessageContaining("Inference-Header-Content-Length 9999 is outside the body");
  }

  @Test
  void inferErrorsCarryTheServersText() {
    server.enqueue(json(400, "{\"error\":\"Receiving FP16 data via JSON is not supported.\"}"));
    InferenceRequest req = InferenceRequest.builder().input(InferTensor.int8("x", new long[] {1}, (byte) 1)).build();
    assertThatThrownBy(() -> client.infer("m", req))
        .isInstanceOfSatisfying(ClientErrorException.class, e -> assertThat(e.path()).isEqualTo("/v2/models/m/infer"))
        .hasMessageContaining("Receiving FP16 data via JSON is not supported.");
    server.enqueue(json(501, "{\"error\":\"Model versioning not supported yet.\"}"));
    assertThatThrownBy(() -> client.infer("m", "2", req)).isInstanceOf(ServerErrorException.class)
        .hasMessageContaining("POST /v2/models/m/versions/2/infer returned 501");
  }
}
