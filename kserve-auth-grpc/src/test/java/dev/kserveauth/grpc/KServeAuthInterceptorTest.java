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
import dev.kserveauth.audit.AuditEvent;
import dev.kserveauth.grpc.v2.ModelInferRequest;
import dev.kserveauth.grpc.v2.ModelMetadataRequest;
import dev.kserveauth.grpc.v2.ModelReadyRequest;
import dev.kserveauth.grpc.v2.ServerLiveRequest;
import dev.kserveauth.grpc.v2.GRPCInferenceServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The interceptor on a real grpc-java server and client (loopback), tokens checked against a real JWKS. */
class KServeAuthInterceptorTest {

  static final Metadata.Key<String> WWW_AUTHENTICATE = Metadata.Key.of("www-authenticate",
      Metadata.ASCII_STRING_MARSHALLER);
  GrpcTestBed bed;

  @AfterEach
  void close() throws Exception {
    if (bed != null) {
      bed.close();
    }
  }

  static ModelInferRequest infer(String model) {
    return ModelInferRequest.newBuilder().setModelName(model).setId("r1").build();
  }

  static StatusRuntimeException denied(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("the call was denied").isNotNull();
    assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isNotIn(Status.Code.INTERNAL, Status.Code.UNKNOWN);
    return e;
  }

  @Test
  void anAllowedInferReachesTheServiceWithPrincipalAndDecisionInItsContext() {
    bed = new GrpcTestBed();
    var r = bed.stub("Bearer " + GrpcTestBed.token("alice")).modelInfer(infer("iris"));
    assertThat(r.getModelName()).isEqualTo("iris");
    assertThat(bed.service.calls).hasValue(1);
    assertThat(bed.service.principal.get().subject()).isEqualTo("alice");
    assertThat(bed.service.policy.get()).isEqualTo("policies.yaml#ml/iris-users");
    AuditEvent e = bed.audit.get(bed.audit.size() - 1);
    assertThat(e.path()).isEqualTo("/inference.GRPCInferenceService/ModelInfer");
    assertThat(e.transport()).isEqualTo("grpc");
    assertThat(e.method()).isEqualTo("POST");
    assertThat(e.model()).isEqualTo("iris");
    assertThat(e.verb()).isEqualTo("infer");
    assertThat(e.userId()).isEqualTo("alice");
    assertThat(e.userAgent()).startsWith("grpc-java");
    assertThat(e.ipAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void theModelComesFromTheMessageOfEveryModelRpc() {
    bed = new GrpcTestBed();
    var stub = bed.stub("Bearer " + GrpcTestBed.token("alice"));
    assertThat(stub.modelReady(ModelReadyRequest.newBuilder().setName("iris").build()).getReady()).isTrue();
    assertThat(stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("iris").build()).getName())
        .isEqualTo("iris");
    assertThat(bed.audit).extracting(AuditEvent::verb).containsExactly("ready", "metadata");
    int before = bed.service.calls.get();
    assertThat(denied(() -> stub.modelReady(ModelReadyRequest.newBuilder().setName("secret").build()))
        .getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(denied(() -> stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("secret").build()))
        .getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(denied(() -> stub.modelInfer(infer("secret"))).getStatus().getCode())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(bed.service.calls).as("a denied call never reaches the service").hasValue(before);
  }

  @Test
  void aDeniedPrincipalIsPermissionDeniedWithTheHttpBodyText() {
    bed = new GrpcTestBed();
    StatusRuntimeException e = denied(() -> bed.stub("Bearer " + GrpcTestBed.token("alice"))
        .modelInfer(infer("other")));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.getStatus().getDescription()).isEqualTo("access denied");
    assertThat(e.getTrailers().get(WWW_AUTHENTICATE)).contains("insufficient_scope");
    assertThat(bed.service.calls).hasValue(0);
  }

  @Test
  void noTokenIsUnauthenticatedWithTheHttpChallengeInTheTrailers() {
    bed = new GrpcTestBed();
    StatusRuntimeException e = denied(() -> bed.stub(null).modelInfer(infer("iris")));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.getStatus().getDescription()).isEqualTo("authentication required");
    assertThat(e.getTrailers().get(WWW_AUTHENTICATE)).isEqualTo("Bearer realm=\"kserve\"");
    assertThat(bed.service.calls).hasValue(0);
  }

  @Test
  void anExpiredTokenIsUnauthenticatedInvalidTokenAndTheTokenIsNeverEchoed() {
    bed = new GrpcTestBed();
    String expired = GrpcTestBed.expiredToken();
    StatusRuntimeException e = denied(() -> bed.stub("Bearer " + expired).modelInfer(infer("iris")));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.getStatus().getDescription()).startsWith("token expired at ");
    assertThat(e.getTrailers().get(WWW_AUTHENTICATE)).contains("error=\"invalid_token\"");
    assertThat(e.getStatus().getDescription() + e.getTrailers()).doesNotContain(expired.split("\\.")[1]);
    assertThat(bed.service.calls).hasValue(0);
  }

  @Test
  void malformedOrDuplicateAuthorizationIsNeverInternal() {
    bed = new GrpcTestBed();
    String good = "Bearer " + GrpcTestBed.token("alice");
    for (String bad : new String[] {"Bearer", "Bearer ", "Basic YTpi", "Bearer a.b", "Bearer a.b.c", "bearer x",
        "Bearer " + "A".repeat(7000)}) {
      StatusRuntimeException e = denied(() -> bed.stub(bad).modelInfer(infer("iris")));
      assertThat(e.getStatus().getCode()).as(bad).isIn(Status.Code.UNAUTHENTICATED, Status.Code.INVALID_ARGUMENT);
    }
    Metadata two = new Metadata();
    Metadata.Key<String> authz = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    two.put(authz, good);
    two.put(authz, "Bearer " + GrpcTestBed.token("mallory"));
    StatusRuntimeException e = denied(() -> GRPCInferenceServiceGrpc.newBlockingStub(bed.channel)
        .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(two)).modelInfer(infer("iris")));
    assertThat(e.getStatus().getCode()).isIn(Status.Code.UNAUTHENTICATED, Status.Code.INVALID_ARGUMENT);
    assertThat(bed.service.calls).hasValue(0);
  }

  @Test
  void anEmptyModelNameIsInvalidArgument() {
    bed = new GrpcTestBed();
    StatusRuntimeException e = denied(() -> bed.stub("Bearer " + GrpcTestBed.token("alice")).modelInfer(infer("")));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).isEqualTo("empty model name");
    assertThat(bed.service.calls).hasValue(0);
  }

  @Test
  void aHalfCloseWithoutMessageIsInvalidArgumentAndNeverReachesTheService() throws Exception {
    bed = new GrpcTestBed();
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + GrpcTestBed.token("a"));
    ClientCall<ModelInferRequest, dev.kserveauth.grpc.v2.ModelInferResponse> call = bed.channel.newCall(GRPCInferenceServiceGrpc.getModelInferMethod(),
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
    CompletableFuture<Status> closed = new CompletableFuture<>();
    call.start(new ClientCall.Listener<dev.kserveauth.grpc.v2.ModelInferResponse>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, md);
    call.request(1);
    call.halfClose();
    Status s = closed.get(10, TimeUnit.SECONDS);
    assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(s.getDescription()).isEqualTo("half-closed without a request message");
    assertThat(bed.service.calls).hasValue(0);
  }

  @Test
  void aMessageOverTheServersLimitIsResourceExhausted() {
    bed = new GrpcTestBed();
    ModelInferRequest big = infer("iris").toBuilder().addRawInputContents(ByteString.copyFrom(new byte[20 << 20]))
        .build();
    StatusRuntimeException e = denied(() -> bed.stub("Bearer " + GrpcTestBed.token("alice")).modelInfer(big));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(bed.service.calls).hasValue(0);
    // the server goes on serving
    assertThat(bed.stub("Bearer " + GrpcTestBed.token("alice")).modelInfer(infer("iris")).getModelName())
        .isEqualTo("iris");
  }

  @Test
  void unknownServicesAreDecidedOnTheirPath() {
    bed = new GrpcTestBed();
    byte[] hello = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(ClientCalls.blockingUnaryCall(bed.channel, GrpcTestBed.echoMethod("test.Open"), CallOptions.DEFAULT,
        hello)).isEqualTo(hello);
    StatusRuntimeException e = denied(() -> ClientCalls.blockingUnaryCall(bed.channel,
        GrpcTestBed.echoMethod("test.Closed"), CallOptions.DEFAULT, hello));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(bed.echoCalls).hasValue(1);
    assertThat(bed.audit).last().extracting(AuditEvent::path).isEqualTo("/test.Closed/Call");
  }

  @Test
  void healthRpcsAreDecidedWithoutWaitingForAMessage() {
    bed = new GrpcTestBed();
    assertThat(bed.stub(null).serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
    assertThat(bed.service.principal.get()).isNull();
    assertThat(bed.audit).last().extracting(AuditEvent::verb).isEqualTo("health");
  }

  /**
   * The first token of an issuer needs its JWKS: the decision waits for the fetch without holding a
   * gRPC thread (the server runs callbacks on its transport threads here, so a blocked one would
   * stall the health call), and a call cancelled meanwhile never reaches the service.
   */
  @Test
  void aCallCancelledWhileTheJwksIsFetchedNeverReachesTheServiceAndBlocksNothing() throws Exception {
    bed = new GrpcTestBed(4 * 1024 * 1024, true, new CountDownLatch(1));
    var stub = bed.stub("Bearer " + GrpcTestBed.token("gated-" + System.nanoTime())).withDeadlineAfter(500, TimeUnit.MILLISECONDS);
    StatusRuntimeException e = denied(() -> stub.modelInfer(infer("iris")));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(bed.jwksFetches.get()).isGreaterThanOrEqualTo(1);
    // while the fetch hangs, the transport threads are free
    assertThat(bed.stub(null).serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
    int served = bed.service.calls.get();
    bed.jwksGate.countDown();
    // the fetch completes; the cancelled call stays unserved, the next one goes through
    assertThat(bed.stub("Bearer " + GrpcTestBed.token("alice")).modelInfer(infer("iris")).getModelName())
        .isEqualTo("iris");
    Thread.sleep(200);
    assertThat(bed.service.calls).hasValue(served + 1);
  }
}
