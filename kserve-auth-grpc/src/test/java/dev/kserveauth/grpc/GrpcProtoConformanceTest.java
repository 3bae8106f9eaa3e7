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

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import dev.kserveauth.grpc.v2.GRPCInferenceServiceGrpc;
import dev.kserveauth.grpc.v2.GrpcPredictV2;
import dev.kserveauth.testing.SharedTestData;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The project's {@code .proto} is wire-compatible with the Open Inference Protocol's reference
 * {@code grpc_predict_v2.proto}: same package, service, messages, field names, numbers and types.
 */
class GrpcProtoConformanceTest {

  private static String ours() {
    return DescriptorShape.render(GrpcPredictV2.getDescriptor().toProto());
  }

  /** Always runs: the generated descriptor against the committed golden (a change to the wire shows here). */
  @Test
  void generatedDescriptorMatchesTheCommittedGolden() throws Exception {
    String golden;
    try (InputStream in = getClass().getResourceAsStream("/open_inference_v2.shape.txt")) {
      golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String actual = ours();
    if (!actual.equals(golden)) {
      // to review and commit after an intended change of the .proto
      Files.writeString(Path.of("target/open_inference_v2.shape.txt"), actual);
    }
    assertThat(actual).isEqualTo(golden);
    assertThat(GRPCInferenceServiceGrpc.SERVICE_NAME).isEqualTo("inference.GRPCInferenceService");
    assertThat(GRPCInferenceServiceGrpc.getModelInferMethod().getFullMethodName())
        .isEqualTo("inference.GRPCInferenceService/ModelInfer");
  }

  /**
   * With the shared test data: protoc (the build's, from Maven Central) compiled the reference proto
   * in the test phase; its descriptor has the very shape of ours.
   */
  @Test
  void descriptorEqualsTheReferenceProto() throws Exception {
    SharedTestData.file("open-inference-protocol/grpc_predict_v2.proto");
    Path set = Path.of("target/generated-test-resources/protobuf/descriptor-sets/reference.pb");
    assertThat(set).as("the build compiles the reference proto when the shared data is there").exists();
    FileDescriptorSet fds = FileDescriptorSet.parseFrom(Files.readAllBytes(set));
    FileDescriptorProto ref = fds.getFileList().stream()
        .filter(f -> f.getName().endsWith("grpc_predict_v2.proto")).findFirst().orElseThrow();
    assertThat(ref.getOptions().hasJavaPackage()).as("the reference has no Java options").isFalse();
    assertThat(ours()).isEqualTo(DescriptorShape.render(ref));
  }
}
