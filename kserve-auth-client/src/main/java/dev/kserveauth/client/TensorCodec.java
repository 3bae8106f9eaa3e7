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

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON and binary-tensor-data-extension encoding of V2 requests and responses. Binary tensors are
 * little-endian, row-major; BYTES elements are a uint32 little-endian length plus the bytes.
 */
final class TensorCodec {
  static final String HEADER_LENGTH = "Inference-Header-Content-Length";

  /** An encoded request body; {@code jsonLength} is -1 for a pure JSON body. */
  record Encoded(byte[] body, int jsonLength) {}

  private TensorCodec() {}

  static boolean sendsBinary(InferenceRequest request, InferTensor t) {
    return request.binaryData() || t.datatype() == DataType.FP16;
  }

  static Encoded encodeRequest(InferenceRequest request, ObjectMapper mapper) throws IOException {
    ByteArrayOutputStream json = new ByteArrayOutputStream(256);
    List<byte[]> chunks = new ArrayList<>();
    try (JsonGenerator g = mapper.getFactory().createGenerator(json)) {
      g.writeStartObject();
      if (request.id() != null) {
        g.writeStringField("id", request.id());
      }
      if (!request.parameters().isEmpty()) {
        g.writeObjectField("parameters", request.parameters());
      }
      g.writeArrayFieldStart("inputs");
      for (InferTensor t : request.inputs()) {
        boolean binary = sendsBinary(request, t);
        g.writeStartObject();
        g.writeStringField("name", t.name());
        g.writeArrayFieldStart("shape");
        for (long d : t.shape()) {
          g.writeNumber(d);
        }
        g.writeEndArray();
        g.writeStringField("datatype", t.datatype().name());
        Map<String, Object> params = new LinkedHashMap<>(t.parameters());
        byte[] chunk = null;
        if (binary) {
          chunk = toBinary(t);
          params.put("binary_data_size", chunk.length);
        }
        if (!params.isEmpty()) {
          g.writeObjectField("parameters", params);
        }
        if (binary) {
          chunks.add(chunk);
        } else {
          g.writeArrayFieldStart("data");
          writeJsonData(g, t);
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      if (!request.outputs().isEmpty()) {
        g.writeArrayFieldStart("outputs");
        for (RequestedOutput o : request.outputs()) {
          g.writeStartObject();
          g.writeStringField("name", o.name());
          if (!o.parameters().isEmpty()) {
            g.writeObjectField("parameters", o.parameters());
          }
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    if (chunks.isEmpty()) {
      return new Encoded(json.toByteArray(), -1);
    }
    int jsonLength = json.size();
    for (byte[] c : chunks) {
      json.write(c);
    }
    return new Encoded(json.toByteArray(), jsonLength);
  }

  private static void writeJsonData(JsonGenerator g, InferTensor t) throws IOException {
    Object d = t.rawData();
    switch (t.datatype()) {
      case BOOL -> { for (boolean v : (boolean[]) d) { g.writeBoolean(v); } }
      case INT8 -> { for (byte v : (byte[]) d) { g.writeNumber(v); } }
      case UINT8 -> { for (byte v : (byte[]) d) { g.writeNumber(Byte.toUnsignedInt(v)); } }
      case INT16 -> { for (short v : (short[]) d) { g.writeNumber(v); } }
      case UINT16 -> { for (short v : (short[]) d) { g.writeNumber(Short.toUnsignedInt(v)); } }
      case INT32 -> { for (int v : (int[]) d) { g.writeNumber(v); } }
      case UINT32 -> { for (int v : (int[]) d) { g.writeNumber(Integer.toUnsignedLong(v)); } }
      case INT64 -> { for (long v : (long[]) d) { g.writeNumber(v); } }
      case UINT64 -> { for (long v : (long[]) d) { g.writeNumber(Long.toUnsignedString(v)); } }
      case FP16 -> { for (short v : (short[]) d) { g.writeNumber(Half.toFloat(v)); } }
      case FP32 -> { for (float v : (float[]) d) { g.writeNumber(v); } }
      case FP64 -> { for (double v : (double[]) d) { g.writeNumber(v); } }
      case BYTES -> { for (byte[] v : (byte[][]) d) { g.writeString(new String(v, StandardCharsets.UTF_8)); } }
      default -> throw new IllegalStateException("unhandled datatype " + t.datatype());
    }
  }

  static byte[] toBinary(InferTensor t) {
    Object d = t.rawData();
    int n = t.size();
    if (t.datatype() == DataType.BYTES) {
      byte[][] elements = (byte[][]) d;
      int total = 0;
      for (byte[] e : elements) {
        total = Math.addExact(total, 4 + e.length);
      }
      ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
      for (byte[] e : elements) {
        b.putInt(e.length).put(e);
      }
      return b.array();
    }
    ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(n, t.datatype().byteSize())).order(ByteOrder.LITTLE_ENDIAN);
    switch (t.datatype()) {
      case BOOL -> { for (boolean v : (boolean[]) d) { b.put((byte) (v ? 1 : 0)); } }
      case INT8, UINT8 -> b.put((byte[]) d);
      case INT16, UINT16, FP16 -> b.asShortBuffer().put((short[]) d);
      case INT32, UINT32 -> b.asIntBuffer().put((int[]) d);
      case INT64, UINT64 -> b.asLongBuffer().put((long[]) d);
      case FP32 -> b.asFloatBuffer().put((float[]) d);
      case FP64 -> b.asDoubleBuffer().put((double[]) d);
      default -> throw new IllegalStateException("unhandled datatype " + t.datatype());
    }
    return b.array();
  }

  static InferTensor fromBinary(String name, DataType type, long[] shape, Map<String, Object> params, byte[] src,
      int offset, int length) {
    ByteBuffer b = ByteBuffer.wrap(src, offset, length).slice().order(ByteOrder.LITTLE_ENDIAN);
    long expected = 1;
    for (long s : shape) {
      expected = Math.multiplyExact(expected, Math.max(s, 0));
    }
    if (type == DataType.BYTES) {
      List<byte[]> out = new ArrayList<>();
      while (b.hasRemaining()) {
        if (b.remaining() < 4) {
          throw new IllegalArgumentException("output '" + name + "': truncated BYTES length prefix");
        }
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
          throw new IllegalArgumentException("output '" + name + "': BYTES element length " + Integer.toUnsignedString(len)
              + " exceeds the " + b.remaining() + " bytes left");
        }
        byte[] e = new byte[len];
        b.get(e);
        out.add(e);
      }
      return new InferTensor(name, type, shape, params, out.toArray(new byte[0][]));
    }
    if ((long) length != expected * type.byteSize()) {
      throw new IllegalArgumentException("output '" + name + "': binary_data_size " + length + " does not match shape "
          + java.util.Arrays.toString(shape) + " of " + type + " (" + expected * type.byteSize() + " bytes)");
    }
    int n = (int) expected;
    Object data = switch (type) {
      case BOOL -> {
        boolean[] a = new boolean[n];
        for (int i = 0; i < n; i++) {
          a[i] = b.get() != 0;
        }
        yield a;
      }
      case INT8, UINT8 -> { byte[] a = new byte[n]; b.get(a); yield a; }
      case INT16, UINT16, FP16 -> { short[] a = new short[n]; b.asShortBuffer().get(a); yield a; }
      case INT32, UINT32 -> { int[] a = new int[n]; b.asIntBuffer().get(a); yield a; }
      case INT64, UINT64 -> { long[] a = new long[n]; b.asLongBuffer().get(a); yield a; }
      case FP32 -> { float[] a = new float[n]; b.asFloatBuffer().get(a); yield a; }
      case FP64 -> { double[] a = new double[n]; b.asDoubleBuffer().get(a); yield a; }
      default -> throw new IllegalStateException("unhandled datatype " + type);
    };
    return new InferTensor(name, type, shape, params, data);
  }

  static InferTensor fromJson(String name, DataType type, long[] shape, Map<String, Object> params, JsonNode data) {
    List<JsonNode> flat = new ArrayList<>();
    flatten(data, flat);
    int n = flat.size();
    Object out = switch (type) {
      case BOOL -> {
        boolean[] a = new boolean[n];
        for (int i = 0; i < n; i++) {
          JsonNode v = flat.get(i);
          a[i] = v.isBoolean() ? v.booleanValue() : v.asLong() != 0;
        }
        yield a;
      }
      case INT8, UINT8 -> { byte[] a = new byte[n]; for (int i = 0; i < n; i++) { a[i] = (byte) integral(name, flat.get(i)); } yield a; }
      case INT16, UINT16 -> { short[] a = new short[n]; for (int i = 0; i < n; i++) { a[i] = (short) integral(name, flat.get(i)); } yield a; }
      case INT32, UINT32 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) { a[i] = (int) integral(name, flat.get(i)); } yield a; }
      case INT64, UINT64 -> { long[] a = new long[n]; for (int i = 0; i < n; i++) { a[i] = integral(name, flat.get(i)); } yield a; }
      case FP16 -> { short[] a = new short[n]; for (int i = 0; i < n; i++) { a[i] = Half.fromFloat((float) number(name, flat.get(i))); } yield a; }
      case FP32 -> { float[] a = new float[n]; for (int i = 0; i < n; i++) { a[i] = (float) number(name, flat.get(i)); } yield a; }
      case FP64 -> { double[] a = new double[n]; for (int i = 0; i < n; i++) { a[i] = number(name, flat.get(i)); } yield a; }
      case BYTES -> {
        byte[][] a = new byte[n][];
        for (int i = 0; i < n; i++) {
          a[i] = flat.get(i).asText().getBytes(StandardCharsets.UTF_8);
        }
        yield a;
      }
    };
    return new InferTensor(name, type, shape, params, out);
  }

  private static void flatten(JsonNode node, List<JsonNode> out) {
    if (node.isArray()) {
      for (JsonNode child : node) {
        flatten(child, out);
      }
    } else {
      out.add(node);
    }
  }

  private static long integral(String name, JsonNode v) {
    if (v.isBigInteger() || v.isIntegralNumber()) {
      return v.bigIntegerValue().longValue(); // two's-complement bits for UINT64 above Long.MAX_VALUE
    }
    if (v.isTextual() && v.asText().matches("\\d+")) {
      return Long.parseUnsignedLong(v.asText());
    }
    throw new IllegalArgumentException("output '" + name + "': expected an integer, got " + v.getNodeType());
  }

  private static double number(String name, JsonNode v) {
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual()) { // "NaN", "Infinity" from some servers
      try {
        return Double.parseDouble(v.asText());
      } catch (NumberFormatException ignored) {
        // fall through
      }
    }
    throw new IllegalArgumentException("output '" + name + "': expected a number, got " + v.getNodeType());
  }

  static InferenceResponse decodeResponse(byte[] body, String headerLength, ObjectMapper mapper) throws IOException {
    int jsonLength = body.length;
    if (headerLength != null) {
      try {
        jsonLength = Integer.parseInt(headerLength.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(HEADER_LENGTH + " is not a number: '" + headerLength + "'");
      }
      if (jsonLength < 0 || jsonLength > body.length) {
        throw new IllegalArgumentException(HEADER_LENGTH + " " + jsonLength + " is outside the body of " + body.length
            + " bytes");
      }
    }
    JsonNode root = mapper.readTree(body, 0, jsonLength);
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("inference response is not a JSON object");
    }
    int offset = jsonLength;
    List<InferTensor> outputs = new ArrayList<>();
    for (JsonNode o : root.path("outputs")) {
      String name = o.path("name").asText("");
      DataType type = DataType.fromWire(o.path("datatype").asText(null));
      JsonNode shapeNode = o.path("shape");
      long[] shape = new long[shapeNode.size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shapeNode.get(i).asLong();
      }
      Map<String, Object> params = scalars(o.path("parameters"), mapper);
      JsonNode size = o.path("parameters").get("binary_data_size");
      if (size != null && !o.hasNonNull("data")) {
        long len = size.asLong(-1);
        if (len < 0 || offset + len > body.length) {
          throw new IllegalArgumentException("output '" + name + "': binary_data_size " + size + " runs past the "
              + (body.length - offset) + " binary bytes left");
        }
        outputs.add(fromBinary(name, type, shape, params, body, offset, (int) len));
        offset += (int) len;
      } else {
        outputs.add(fromJson(name, type, shape, params, o.path("data")));
      }
    }
    return new InferenceResponse(root.path("model_name").asText(""), textOrNull(root, "model_version"),
        textOrNull(root, "id"), scalars(root.path("parameters"), mapper), outputs);
  }

  static String textOrNull(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** Keeps the string/number/boolean entries of a parameters object. */
  static Map<String, Object> scalars(JsonNode params, ObjectMapper mapper) {
    if (params == null || !params.isObject()) {
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : params.properties()) {
      JsonNode v = e.getValue();
      if (v.isTextual()) {
        out.put(e.getKey(), v.asText());
      } else if (v.isBoolean()) {
        out.put(e.getKey(), v.booleanValue());
      } else if (v.isNumber()) {
        out.put(e.getKey(), v.numberValue());
      }
    }
    return out;
  }
}
