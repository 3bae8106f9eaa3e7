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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.kserveauth.testing.SharedTestData;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client that knows only the protocol's reference {@code grpc_predict_v2.proto} (messages built
 * from its descriptor, no class generated from our .proto) works unchanged against the protected
 * server, in both tensor forms, and is decided on the model it names.
 */
class ReferenceProtoClientTest {

  GrpcTestBed bed;

  @AfterEach
  void close() throws Exception {
    if (bed != null) {
      bed.close();
    }
  }

  static FileDescriptor reference() throws Exception {
    SharedTestData.file("open-inference-protocol/grpc_predict_v2.proto");
    FileDescriptorSet set = FileDescriptorSet.parseFrom(Files.readAllBytes(
        Path.of("target/generated-test-resources/protobuf/descriptor-sets/reference.pb")));
    return FileDescriptor.buildFrom(set.getFile(0), new FileDescriptor[0]);
  }

  @Test
  void aReferenceProtoClientCallsModelInferInBothForms() throws Exception {
    FileDescriptor ref = reference();
    assertThat(ref.getOptions().hasJavaPackage()).isFalse();
    Descriptor req = ref.findMessageTypeByName("ModelInferRequest");
    Descriptor res = ref.findMessageTypeByName("ModelInferResponse");
    Descriptor input = req.findNestedTypeByName("InferInputTensor");
    Descriptor contents = ref.findMessageTypeByName("InferTensorContents");
    MethodDescriptor<DynamicMessage, DynamicMessage> infer = MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(ref.getServices().get(0).getFullName(), "ModelInfer"))
        .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(req)))
        .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(res)))
        .build();
    bed = new GrpcTestBed();
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + GrpcTestBed.token("ref"));
    var channel = io.grpc.ClientInterceptors.intercept(bed.channel, MetadataUtils.newAttachHeadersInterceptor(md));

    List<Float> x = List.of(6.8f, 2.8f, 4.8f, 1.4f);
    DynamicMessage.Builder in = DynamicMessage.newBuilder(input)
        .setField(input.findFieldByName("name"), "input-0")
        .setField(input.findFieldByName("datatype"), "FP32")
        .addRepeatedField(input.findFieldByName("shape"), 1L)
        .addRepeatedField(input.findFieldByName("shape"), 4L);
    DynamicMessage.Builder typed = DynamicMessage.newBuilder(contents);
    x.forEach(v -> typed.addRepeatedField(contents.findFieldByName("fp32_contents"), v));
    DynamicMessage typedRequest = DynamicMessage.newBuilder(req).setField(req.findFieldByName("model_name"), "iris")
        .addRepeatedField(req.findFieldByName("inputs"), in.clone().setField(input.findFieldByName("contents"),
            typed.build()).build()).build();
    ByteBuffer raw = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    x.forEach(raw::putFloat);
    DynamicMessage rawRequest = DynamicMessage.newBuilder(req).setField(req.findFieldByName("model_name"), "iris")
        .addRepeatedField(req.findFieldByName("inputs"), in.build())
        .addRepeatedField(req.findFieldByName("raw_input_contents"), ByteString.copyFrom(raw.array())).build();

    for (DynamicMessage m : List.of(typedRequest, rawRequest)) {
      DynamicMessage r = ClientCalls.blockingUnaryCall(channel, infer,
          CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), m);
      assertThat(r.getField(res.findFieldByName("model_name"))).isEqualTo("iris");
      assertThat(r.getRepeatedFieldCount(res.findFieldByName("outputs"))).isEqualTo(1);
    }
    assertThat(bed.service.calls).hasValue(2);
    assertThat(bed.audit).extracting(e -> e.model()).containsExactly("iris", "iris");

    DynamicMessage other = typedRequest.toBuilder().setField(req.findFieldByName("model_name"), "secret").build();
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
        channel, infer, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), other));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(bed.service.calls).hasValue(2);
  }

  /**
   * A server whose classes come from the reference proto (not ours): the interceptor reads the model
   * through the message's descriptor.
   */
  @Test
  void theModelIsReadFromMessagesOfTheReferenceProtoToo() throws Exception {
    FileDescriptor ref = reference();
    Descriptor req = ref.findMessageTypeByName("ModelReadyRequest");
    DynamicMessage m = DynamicMessage.newBuilder(req).setField(req.findFieldByName("name"), "iris")
        .setField(req.findFieldByName("version"), "2").build();
    var route = dev.kserveauth.grpc.internal.GrpcCalls.rpc("inference.GRPCInferenceService/ModelReady").route(m);
    assertThat(route.model()).isEqualTo("iris");
    assertThat(route.version()).isEqualTo("2");
    assertThat(route.verb().id()).isEqualTo("ready");
    Descriptor wrong = ref.findMessageTypeByName("ServerLiveRequest");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.kserveauth.grpc.internal.GrpcCalls
        .rpc("inference.GRPCInferenceService/ModelInfer").route(DynamicMessage.getDefaultInstance(wrong)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model_name");
  }
}
