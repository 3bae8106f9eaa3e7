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

import dev.kserveauth.client.AccessToken;
import dev.kserveauth.client.InferenceRequest;
import dev.kserveauth.client.InferenceResponse;
import dev.kserveauth.client.ModelMetadata;
import dev.kserveauth.client.ServerMetadata;
import dev.kserveauth.client.TensorMetadata;
import dev.kserveauth.client.TokenProvider;
import dev.kserveauth.grpc.v2.GRPCInferenceServiceGrpc;
import dev.kserveauth.grpc.v2.ModelMetadataRequest;
import dev.kserveauth.grpc.v2.ModelMetadataResponse;
import dev.kserveauth.grpc.v2.ModelReadyRequest;
import dev.kserveauth.grpc.v2.ServerLiveRequest;
import dev.kserveauth.grpc.v2.ServerMetadataRequest;
import dev.kserveauth.grpc.v2.ServerReadyRequest;
import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Calls the Open Inference Protocol's {@code inference.GRPCInferenceService} over gRPC, with a bearer
 * token from the same {@link TokenProvider}s as {@link dev.kserveauth.client.KServeClient} and the
 * same typed tensors ({@link InferenceRequest}, {@link InferenceResponse}). Immutable and
 * thread-safe; build one per target and share it; {@link #close()} it when done.
 *
 * <pre>{@code
 * try (KServeGrpcClient client = KServeGrpcClient.builder()
 *     .target("istio-ingressgateway.istio-system", 443)
 *     .trustedCertificates(Path.of("ca.pem"))
 *     .authority("sklearn-iris-predictor.team-a.example.com")
 *     .tokenProvider(ServiceAccountTokenFileProvider.ofDefault())
 *     .build()) {
 *   InferenceResponse r = client.infer("sklearn-iris", InferenceRequest.builder()
 *       .input(InferTensor.fp32("input-0", new long[] {1, 4}, 6.8f, 2.8f, 4.8f, 1.4f)).build());
 * }
 * }</pre>
 *
 * <p><b>Authentication.</b> The token goes in {@code authorization: Bearer ...} through
 * {@link CallCredentials}, asked of the provider before every call. On UNAUTHENTICATED the provider
 * is asked once for a new token and the call is retried once, as the REST client does on a 401; a
 * second UNAUTHENTICATED throws {@link KServeGrpcException} with
 * {@link KServeGrpcException#afterRefresh()} set. PERMISSION_DENIED is never retried.
 *
 * <p><b>Transport.</b> The channel comes from the grpc-java transport on the class path (add
 * {@code io.grpc:grpc-netty-shaded}); plaintext unless {@link KServeGrpcClientBuilder#tls(boolean)} or
 * {@link KServeGrpcClientBuilder#trustedCertificates(Path)}. Every call has a deadline ({@link KServeGrpcClientBuilder#timeout}).
 * Errors are {@link KServeGrpcException}; readiness and liveness return {@code false} on UNAVAILABLE.
 *
 * @since 0.1
 */
public final class KServeGrpcClient implements AutoCloseable {
  private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
      Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel channel;
  private final boolean ownsChannel;
  private final TokenProvider tokens;
  private final Duration timeout;

  KServeGrpcClient(ManagedChannel channel, boolean ownsChannel, TokenProvider tokens, Duration timeout) {
    this.channel = channel;
    this.ownsChannel = ownsChannel;
    this.tokens = tokens;
    this.timeout = timeout;
  }

  /**
   * A new builder.
   *
   * @return a new builder
   */
  public static KServeGrpcClientBuilder builder() {
    return new KServeGrpcClientBuilder();
  }

  /**
   * This client with another deadline per call (the channel is shared).
   *
   * @param timeout the deadline of each call
   * @return a client sharing this one's channel (closing it does not close the channel)
   */
  public KServeGrpcClient withTimeout(Duration timeout) {
    return new KServeGrpcClient(channel, false, tokens, positive(timeout));
  }

  /**
   * ServerLive; {@code false} on UNAVAILABLE.
   *
   * @return the server's {@code live} answer; {@code false} when the server is unreachable
   */
  public boolean isServerLive() {
    return unlessUnavailable("ServerLive", s -> s.serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
  }

  /**
   * ServerReady; {@code false} on UNAVAILABLE.
   *
   * @return the server's {@code ready} answer; {@code false} when the server is unreachable
   */
  public boolean isServerReady() {
    return unlessUnavailable("ServerReady", s -> s.serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
  }

  /**
   * ModelReady; {@code false} on UNAVAILABLE.
   *
   * @param model the model
   * @param version its version, or {@code null}
   * @return whether the model is ready
   */
  public boolean isModelReady(String model, String version) {
    ModelReadyRequest.Builder b = ModelReadyRequest.newBuilder().setName(Objects.requireNonNull(model, "model"));
    if (version != null) {
      b.setVersion(version);
    }
    return unlessUnavailable("ModelReady", s -> s.modelReady(b.build()).getReady());
  }

  /**
   * ServerMetadata.
   *
   * @return the server's name, version and extensions
   */
  public ServerMetadata serverMetadata() {
    var r = call("ServerMetadata", s -> s.serverMetadata(ServerMetadataRequest.getDefaultInstance()));
    return new ServerMetadata(r.getName(), r.getVersion(), r.getExtensionsList());
  }

  /**
   * ModelMetadata.
   *
   * @param model the model
   * @param version its version, or {@code null}
   * @return the metadata
   */
  public ModelMetadata modelMetadata(String model, String version) {
    ModelMetadataRequest.Builder b = ModelMetadataRequest.newBuilder().setName(Objects.requireNonNull(model, "model"));
    if (version != null) {
      b.setVersion(version);
    }
    ModelMetadataResponse r = call("ModelMetadata", s -> s.modelMetadata(b.build()));
    return new ModelMetadata(r.getName(), r.getVersionsList(), r.getPlatform(), tensors(r.getInputsList()),
        tensors(r.getOutputsList()));
  }

  /**
   * ModelInfer.
   *
   * @param model the model
   * @param request the inputs (raw contents when {@link InferenceRequest#binaryData()})
   * @return the response
   */
  public InferenceResponse infer(String model, InferenceRequest request) {
    return infer(model, null, request);
  }

  /**
   * ModelInfer on a model version.
   *
   * @param model the model
   * @param version its version, or {@code null}
   * @param request the inputs (raw contents when {@link InferenceRequest#binaryData()})
   * @return the response
   */
  public InferenceResponse infer(String model, String version, InferenceRequest request) {
    var msg = GrpcTensors.request(Objects.requireNonNull(model, "model"), version, request);
    var r = call("ModelInfer", s -> s.modelInfer(msg));
    try {
      return GrpcTensors.response(r);
    } catch (IllegalArgumentException e) {
      throw new KServeGrpcException("ModelInfer", Status.INTERNAL.withDescription("undecodable response: "
          + e.getMessage()), null, false);
    }
  }

  private static List<TensorMetadata> tensors(List<ModelMetadataResponse.TensorMetadata> in) {
    return in.stream().map(t -> new TensorMetadata(t.getName(), t.getDatatype(), t.getShapeList())).toList();
  }

  private boolean unlessUnavailable(String rpc, Function<GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub,
      Boolean> f) {
    try {
      return call(rpc, f);
    } catch (KServeGrpcException e) {
      if (e.code() == Status.Code.UNAVAILABLE) {
        return false;
      }
      throw e;
    }
  }

  /** One call with the provider's token; on UNAUTHENTICATED one refresh and one retry. */
  private <T> T call(String rpc, Function<GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub, T> f) {
    String sent = tokens == null ? null : tokens.token().value();
    try {
      return f.apply(stub(sent));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNAUTHENTICATED || tokens == null) {
        throw new KServeGrpcException(rpc, e.getStatus(), e.getTrailers(), false);
      }
      AccessToken fresh = tokens.refresh(sent);
      if (fresh == null || fresh.value().equals(sent)) {
        throw new KServeGrpcException(rpc, e.getStatus(), e.getTrailers(), false);
      }
      try {
        return f.apply(stub(fresh.value()));
      } catch (StatusRuntimeException again) {
        throw new KServeGrpcException(rpc, again.getStatus(), again.getTrailers(),
            again.getStatus().getCode() == Status.Code.UNAUTHENTICATED);
      }
    }
  }

  private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub(String token) {
    var s = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
    return token == null ? s : s.withCallCredentials(new Bearer(token));
  }

  /** {@code authorization: Bearer <token>} on one call. */
  private static final class Bearer extends CallCredentials {
    private final String token;

    Bearer(String token) {
      this.token = token;
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, Executor appExecutor, MetadataApplier applier) {
      Metadata md = new Metadata();
      md.put(AUTHORIZATION, "Bearer " + token);
      applier.apply(md);
    }

    @Override
    public String toString() {
      return "Bearer[redacted]";
    }
  }

  /** Shuts the channel down (when this client built it) and waits up to 5 seconds. */
  @Override
  public void close() {
    if (!ownsChannel) {
      return;
    }
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "KServeGrpcClient[" + channel.authority() + "]";
  }

  static Duration positive(Duration d) {
    Objects.requireNonNull(d, "timeout");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    return d;
  }

}
