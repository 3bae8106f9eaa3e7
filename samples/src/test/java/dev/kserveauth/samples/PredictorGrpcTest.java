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
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kserveauth.client.InferTensor;
import dev.kserveauth.client.InferenceRequest;
import dev.kserveauth.client.InferenceResponse;
import dev.kserveauth.client.TokenProvider;
import dev.kserveauth.grpc.KServeGrpcClient;
import dev.kserveauth.grpc.KServeGrpcClientBuilder;
import dev.kserveauth.grpc.KServeGrpcException;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code predictor --grpc-port} and {@code client --protocol grpc}: the toy model over gRPC behind the same policies. */
class PredictorGrpcTest {

  private static DemoIssuer issuer;
  private static String policyText;

  @TempDir
  Path dir;

  @BeforeAll
  static void startIssuer() throws Exception {
    issuer = DemoIssuer.start();
    try (InputStream in = PredictorGrpcTest.class.getResourceAsStream("/demo-policies/istio/demo-policies.yaml")) {
      policyText = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${DEMO_JWKS_URI}", issuer.jwksUri());
    }
  }

  @AfterAll
  static void stopIssuer() {
    issuer.close();
  }

  private static String ds() {
    return issuer.mint("user123", Map.of("role", "data-scientist", "team", "ml-platform"), Instant.now(),
        Duration.ofHours(1));
  }

  private static InferenceRequest iris(boolean raw) {
    return InferenceRequest.builder().binaryData(raw)
        .input(InferTensor.fp32("input-0", new long[] {2, 4}, 6.8f, 2.8f, 4.8f, 1.4f, 5.1f, 3.5f, 1.4f, 0.2f)).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"servlet", "vertx"})
  void servesModelInferInBothFormsBehindTheSamePolicies(String stack) throws Exception {
    Path policies = Files.writeString(dir.resolve("demo.yaml"), policyText);
    try (PredictorCommand.Running p = PredictorCommand.start(List.of("--port", "0", "--grpc-port", "0", "--host",
        "127.0.0.1", "--stack", stack, "--models", "sklearn-iris,production-fraud", "--policy", policies.toString()))) {
      assertThat(p.grpcPort).isPositive();
      assertThat(p.description).contains("gRPC (inference.GRPCInferenceService) on 127.0.0.1:" + p.grpcPort);
      KServeGrpcClientBuilder b = KServeGrpcClient.builder().target("127.0.0.1", p.grpcPort)
          .timeout(Duration.ofSeconds(20));
      try (KServeGrpcClient c = b.tokenProvider(TokenProvider.ofStatic(ds())).build()) {
        for (boolean raw : new boolean[] {false, true}) {
          InferenceResponse r = c.infer("sklearn-iris", iris(raw));
          InferTensor out = r.output("output-0").orElseThrow();
          assertThat(out.longs()).as("raw=" + raw).containsExactly(1, 0);
          assertThat(out.shape()).containsExactly(2);
        }
        assertThat(c.isModelReady("sklearn-iris", null)).isTrue();
        assertThat(c.modelMetadata("sklearn-iris", null).inputs()).singleElement()
            .satisfies(t -> assertThat(t.name()).isEqualTo("input-0"));
        assertThat(catchThrowableOfType(KServeGrpcException.class, () -> c.infer("production-fraud", iris(false)))
            .code()).isEqualTo(Status.Code.PERMISSION_DENIED);
        KServeGrpcException wrong = catchThrowableOfType(KServeGrpcException.class, () -> c.infer("sklearn-iris",
            InferenceRequest.builder().input(InferTensor.fp32("input-1", new long[] {1, 4}, 1, 2, 3, 4)).build()));
        assertThat(wrong.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        KServeGrpcException shape = catchThrowableOfType(KServeGrpcException.class, () -> c.infer("sklearn-iris",
            InferenceRequest.builder().input(InferTensor.fp32("input-0", new long[] {1, 3}, 1, 2, 3)).build()));
        assertThat(shape.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(catchThrowableOfType(KServeGrpcException.class, () -> c.infer("no-such-model", iris(false)))
            .code()).isEqualTo(Status.Code.NOT_FOUND);
      }
      try (KServeGrpcClient anonymous = KServeGrpcClient.builder().target("127.0.0.1", p.grpcPort).build()) {
        KServeGrpcException e = catchThrowableOfType(KServeGrpcException.class,
            () -> anonymous.infer("sklearn-iris", iris(false)));
        assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(e.challenge()).hasValue("Bearer realm=\"kserve\"");
        assertThat(anonymous.isServerLive()).as("public over gRPC as /health is over REST").isTrue();
      }

      // client --protocol grpc
      Path token = Files.writeString(dir.resolve("token"), ds());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = ClientCommand.run(List.of("--url", "grpc://127.0.0.1:" + p.grpcPort, "--model", "sklearn-iris",
          "--protocol", "grpc", "--token-file", token.toString(), "--data", DemoMatrix.V2_BODY),
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"output-0\"").contains("\"demo-1\"");
      int denied = ClientCommand.run(List.of("--url", "127.0.0.1:" + p.grpcPort, "--model", "production-fraud",
          "--protocol", "grpc", "--token-file", token.toString(), "--data", DemoMatrix.V2_BODY),
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(denied).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("PERMISSION_DENIED: access denied");
    }
  }
}
