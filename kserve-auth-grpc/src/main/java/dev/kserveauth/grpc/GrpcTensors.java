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
package dev.kserveauth.grpc;

import com.google.protobuf.ByteString;
import dev.kserveauth.client.DataType;
import dev.kserveauth.client.InferTensor;
import dev.kserveauth.client.InferenceRequest;
import dev.kserveauth.client.InferenceResponse;
import dev.kserveauth.client.RequestedOutput;
import dev.kserveauth.grpc.v2.InferParameter;
import dev.kserveauth.grpc.v2.InferTensorContents;
import dev.kserveauth.grpc.v2.ModelInferRequest;
import dev.kserveauth.grpc.v2.ModelInferResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The REST client's typed tensors ({@link InferTensor}, {@link InferenceRequest},
 * {@link InferenceResponse}) in the gRPC messages, both ways: typed {@code contents} or the raw
 * little-endian {@code raw_input_contents} / {@code raw_output_contents}. FP16 has no typed
 * contents field and always travels raw. Needs {@code kserve-auth-client} on the class path.
 *
 * <pre>{@code
 * ModelInferRequest msg = GrpcTensors.request("iris", null, request);        // client side
 * List<InferTensor> inputs = GrpcTensors.inputs(msg);                        // server side
 * }</pre>
 *
 * @since 0.1
 */
public final class GrpcTensors {
  private GrpcTensors() {}

  /**
   * The gRPC request for a REST-client request: inputs raw when {@link InferenceRequest#binaryData()}
   * (or FP16), typed contents otherwise.
   *
   * @param model the model name
   * @param version the model version, or {@code null}
   * @param r the request
   * @return the message
   */
  public static ModelInferRequest request(String model, String version, InferenceRequest r) {
    ModelInferRequest.Builder b = ModelInferRequest.newBuilder().setModelName(model);
    if (version != null) {
      b.setModelVersion(version);
    }
    if (r.id() != null) {
      b.setId(r.id());
    }
    b.putAllParameters(parameters(r.parameters()));
    boolean raw = r.binaryData() || r.inputs().stream().anyMatch(t -> t.datatype() == DataType.FP16);
    for (InferTensor t : r.inputs()) {
      ModelInferRequest.InferInputTensor.Builder in = ModelInferRequest.InferInputTensor.newBuilder()
          .setName(t.name()).setDatatype(t.datatype().name()).putAllParameters(parameters(t.parameters()));
      for (long d : t.shape()) {
        in.addShape(d);
      }
      if (raw) {
        b.addRawInputContents(ByteString.copyFrom(t.toRawBytes()));
      } else {
        in.setContents(contents(t));
      }
      b.addInputs(in);
    }
    for (RequestedOutput o : r.outputs()) {
      b.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(o.name())
          .putAllParameters(parameters(o.parameters())));
    }
    return b.build();
  }

  /**
   * The input tensors of a request, from its typed contents or its raw contents.
   *
   * @param r the request
   * @return the inputs, in order
   * @throws IllegalArgumentException when a datatype is unknown, contents do not match the shape,
   *     or raw contents are given for some inputs only
   */
  public static List<InferTensor> inputs(ModelInferRequest r) {
    int raw = r.getRawInputContentsCount();
    if (raw != 0 && raw != r.getInputsCount()) {
      throw new IllegalArgumentException("raw_input_contents has " + raw + " entries for " + r.getInputsCount()
          + " inputs");
    }
    List<InferTensor> out = new ArrayList<>(r.getInputsCount());
    for (int i = 0; i < r.getInputsCount(); i++) {
      ModelInferRequest.InferInputTensor t = r.getInputs(i);
      if (raw != 0 && t.hasContents()) {
        throw new IllegalArgumentException("input '" + t.getName() + "' has contents and raw_input_contents");
      }
      long[] shape = t.getShapeList().stream().mapToLong(Long::longValue).toArray();
      DataType type = DataType.fromWire(t.getDatatype());
      out.add(raw != 0 ? InferTensor.fromRawBytes(t.getName(), type, shape, r.getRawInputContents(i).toByteArray())
          : tensor(t.getName(), type, shape, t.getContents()));
    }
    return out;
  }

  /**
   * Adds output tensors to a response, typed or raw.
   *
   * @param b the response being built
   * @param outputs the tensors
   * @param raw whether to send {@code raw_output_contents}
   * @return {@code b}
   */
  public static ModelInferResponse.Builder addOutputs(ModelInferResponse.Builder b, List<InferTensor> outputs,
      boolean raw) {
    boolean anyFp16 = outputs.stream().anyMatch(t -> t.datatype() == DataType.FP16);
    for (InferTensor t : outputs) {
      ModelInferResponse.InferOutputTensor.Builder o = ModelInferResponse.InferOutputTensor.newBuilder()
          .setName(t.name()).setDatatype(t.datatype().name()).putAllParameters(parameters(t.parameters()));
      for (long d : t.shape()) {
        o.addShape(d);
      }
      if (raw || anyFp16) {
        b.addRawOutputContents(ByteString.copyFrom(t.toRawBytes()));
      } else {
        o.setContents(contents(t));
      }
      b.addOutputs(o);
    }
    return b;
  }

  /**
   * The REST client's response for a gRPC one.
   *
   * @param r the message
   * @return the response
   * @throws IllegalArgumentException when an output cannot be decoded
   */
  public static InferenceResponse response(ModelInferResponse r) {
    int raw = r.getRawOutputContentsCount();
    if (raw != 0 && raw != r.getOutputsCount()) {
      throw new IllegalArgumentException("raw_output_contents has " + raw + " entries for " + r.getOutputsCount()
          + " outputs");
    }
    List<InferTensor> outs = new ArrayList<>();
    for (int i = 0; i < r.getOutputsCount(); i++) {
      ModelInferResponse.InferOutputTensor t = r.getOutputs(i);
      long[] shape = t.getShapeList().stream().mapToLong(Long::longValue).toArray();
      DataType type = DataType.fromWire(t.getDatatype());
      InferTensor x = raw != 0 ? InferTensor.fromRawBytes(t.getName(), type, shape,
          r.getRawOutputContents(i).toByteArray()) : tensor(t.getName(), type, shape, t.getContents());
      outs.add(t.getParametersCount() == 0 ? x : x.withParameters(values(t.getParametersMap())));
    }
    return new InferenceResponse(r.getModelName(), r.getModelVersion().isEmpty() ? null : r.getModelVersion(),
        r.getId().isEmpty() ? null : r.getId(), values(r.getParametersMap()), outs);
  }

  static InferTensorContents contents(InferTensor t) {
    InferTensorContents.Builder c = InferTensorContents.newBuilder();
    switch (t.datatype()) {
      case BOOL -> { for (boolean v : t.booleans()) { c.addBoolContents(v); } }
      case INT8, INT16, INT32 -> { for (long v : t.longs()) { c.addIntContents((int) v); } }
      case INT64 -> { for (long v : t.longs()) { c.addInt64Contents(v); } }
      case UINT8, UINT16, UINT32 -> { for (long v : t.longs()) { c.addUintContents((int) v); } }
      case UINT64 -> { for (long v : t.longs()) { c.addUint64Contents(v); } }
      case FP32 -> { for (float v : t.floats()) { c.addFp32Contents(v); } }
      case FP64 -> { for (double v : t.doubles()) { c.addFp64Contents(v); } }
      case BYTES -> { for (byte[] v : t.byteElements()) { c.addBytesContents(ByteString.copyFrom(v)); } }
      default -> throw new IllegalArgumentException(t.datatype() + " has no typed contents; send it raw");
    }
    return c.build();
  }

  static InferTensor tensor(String name, DataType type, long[] shape, InferTensorContents c) {
    return switch (type) {
      case BOOL -> {
        boolean[] a = new boolean[c.getBoolContentsCount()];
        for (int i = 0; i < a.length; i++) {
          a[i] = c.getBoolContents(i);
        }
        yield InferTensor.bool(name, shape, a);
      }
      case INT8 -> {
        byte[] a = new byte[c.getIntContentsCount()];
        for (int i = 0; i < a.length; i++) {
          a[i] = (byte) c.getIntContents(i);
        }
        yield InferTensor.int8(name, shape, a);
      }
      case INT16 -> {
        short[] a = new short[c.getIntContentsCount()];
        for (int i = 0; i < a.length; i++) {
          a[i] = (short) c.getIntContents(i);
        }
        yield InferTensor.int16(name, shape, a);
      }
      case INT32 -> InferTensor.int32(name, shape, c.getIntContentsList().stream().mapToInt(Integer::intValue).toArray());
      case INT64 -> InferTensor.int64(name, shape, c.getInt64ContentsList().stream().mapToLong(Long::longValue).toArray());
      case UINT8 -> InferTensor.uint8(name, shape, c.getUintContentsList().stream().mapToInt(Integer::intValue).toArray());
      case UINT16 -> InferTensor.uint16(name, shape, c.getUintContentsList().stream().mapToInt(Integer::intValue).toArray());
      case UINT32 -> InferTensor.uint32(name, shape,
          c.getUintContentsList().stream().mapToLong(Integer::toUnsignedLong).toArray());
      case UINT64 -> InferTensor.uint64(name, shape,
          c.getUint64ContentsList().stream().mapToLong(Long::longValue).toArray());
      case FP32 -> {
        float[] a = new float[c.getFp32ContentsCount()];
        for (int i = 0; i < a.length; i++) {
          a[i] = c.getFp32Contents(i);
        }
        yield InferTensor.fp32(name, shape, a);
      }
      case FP64 -> InferTensor.fp64(name, shape, c.getFp64ContentsList().stream().mapToDouble(Double::doubleValue)
          .toArray());
      case BYTES -> InferTensor.bytes(name, shape, c.getBytesContentsList().stream().map(ByteString::toByteArray)
          .toArray(byte[][]::new));
      default -> throw new IllegalArgumentException("tensor '" + name + "': " + type + " travels raw only");
    };
  }

  static Map<String, InferParameter> parameters(Map<String, Object> params) {
    Map<String, InferParameter> out = new LinkedHashMap<>();
    params.forEach((k, v) -> {
      InferParameter.Builder p = InferParameter.newBuilder();
      if (v instanceof Boolean b) {
        p.setBoolParam(b);
      } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
        p.setInt64Param(((Number) v).longValue());
      } else {
        p.setStringParam(String.valueOf(v));
      }
      out.put(k, p.build());
    });
    return out;
  }

  static Map<String, Object> values(Map<String, InferParameter> params) {
    Map<String, Object> out = new LinkedHashMap<>();
    params.forEach((k, p) -> {
      switch (p.getParameterChoiceCase()) {
        case BOOL_PARAM -> out.put(k, p.getBoolParam());
        case INT64_PARAM -> out.put(k, p.getInt64Param());
        case STRING_PARAM -> out.put(k, p.getStringParam());
        default -> { }
      }
    });
    return out;
  }
}
