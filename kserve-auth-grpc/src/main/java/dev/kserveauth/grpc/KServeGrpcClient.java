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
 * {@code io.grpc:grpc-netty-shaded}); plaintext unless {@link Builder#tls(boolean)} or
 * {@link Builder#trustedCertificates(Path)}. Every call has a deadline ({@link Builder#timeout}).
 * Errors are {@link KServeGrpcException}; readiness and liveness return {@code false} on UNAVAILABLE.
 */
public final class KServeGrpcClient implements AutoCloseable {
  private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
      Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel channel;
  private final boolean ownsChannel;
  private final TokenProvider tokens;
  private final Duration timeout;

  private KServeGrpcClient(ManagedChannel channel, boolean ownsChannel, TokenProvider tokens, Duration timeout) {
    this.channel = channel;
    this.ownsChannel = ownsChannel;
    this.tokens = tokens;
    this.timeout = timeout;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
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

  /** ServerLive; {@code false} on UNAVAILABLE. */
  public boolean isServerLive() {
    return unlessUnavailable("ServerLive", s -> s.serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
  }

  /** ServerReady; {@code false} on UNAVAILABLE. */
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

  /** ServerMetadata. */
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

  private static Duration positive(Duration d) {
    Objects.requireNonNull(d, "timeout");
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    return d;
  }

  /** Builds a {@link KServeGrpcClient}. */
  public static final class Builder {
    private String host;
    private int port;
    private ManagedChannel channel;
    private TokenProvider tokens;
    private Path caPem;
    private boolean tls;
    private String authority;
    private Duration timeout = Duration.ofSeconds(60);
    private int maxInboundMessageBytes = 64 * 1024 * 1024;

    private Builder() {}

    /**
     * Where to connect.
     *
     * @param host the host name or address
     * @param port the port
     * @return this
     */
    public Builder target(String host, int port) {
      this.host = Objects.requireNonNull(host, "host");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * A channel built by the caller instead of {@link #target}; the client does not close it.
     *
     * @param channel the channel
     * @return this
     */
    public Builder channel(ManagedChannel channel) {
      this.channel = Objects.requireNonNull(channel, "channel");
      return this;
    }

    /**
     * Where the bearer token comes from; without one, calls carry no token.
     *
     * @param tokens the provider
     * @return this
     */
    public Builder tokenProvider(TokenProvider tokens) {
      this.tokens = Objects.requireNonNull(tokens, "tokenProvider");
      return this;
    }

    /**
     * TLS with the system's trusted certificates ({@code true}) or plaintext ({@code false}, the default).
     *
     * @param tls whether to use TLS
     * @return this
     */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    /**
     * TLS trusting only the CA certificates in a PEM file (a private CA, a mesh's root).
     *
     * @param caPemFile the PEM file
     * @return this
     */
    public Builder trustedCertificates(Path caPemFile) {
      this.caPem = Objects.requireNonNull(caPemFile, "caPemFile");
      this.tls = true;
      return this;
    }

    /**
     * The {@code :authority} to send (and, with TLS, to verify the certificate against) instead of
     * the target's: for an ingress that routes on the host, e.g.
     * {@code sklearn-iris-predictor.team-a.example.com}.
     *
     * @param authority host[:port]
     * @return this
     */
    public Builder authority(String authority) {
      this.authority = Objects.requireNonNull(authority, "authority");
      return this;
    }

    /**
     * The deadline of each call, retries included in none: each attempt gets it afresh (default 60 s).
     *
     * @param timeout the deadline
     * @return this
     */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout);
      return this;
    }

    /**
     * The largest response message accepted (default 64 MiB).
     *
     * @param bytes the limit
     * @return this
     */
    public Builder maxInboundMessageBytes(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxInboundMessageBytes must be positive");
      }
      this.maxInboundMessageBytes = bytes;
      return this;
    }

    /**
     * The client.
     *
     * @return a new client
     * @throws IllegalStateException when neither a target nor a channel was given
     * @throws UncheckedIOException when the CA file cannot be read
     */
    public KServeGrpcClient build() {
      if (channel != null) {
        return new KServeGrpcClient(channel, false, tokens, timeout);
      }
      if (host == null) {
        throw new IllegalStateException("target(host, port) or channel(...) is required");
      }
      ChannelCredentials creds;
      if (caPem != null) {
        try {
          creds = TlsChannelCredentials.newBuilder().trustManager(caPem.toFile()).build();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read trusted certificates " + caPem, e);
        }
      } else if (tls) {
        creds = TlsChannelCredentials.create();
      } else {
        creds = InsecureChannelCredentials.create();
      }
      ManagedChannelBuilder<?> b = Grpc.newChannelBuilderForAddress(host, port, creds)
          .maxInboundMessageSize(maxInboundMessageBytes);
      if (authority != null) {
        b.overrideAuthority(authority);
      }
      return new KServeGrpcClient(b.build(), true, tokens, timeout);
    }
  }
}
