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

import com.sun.net.httpserver.HttpServer;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.audit.AuditEvent;
import dev.kserveauth.grpc.v2.GRPCInferenceServiceGrpc;
import dev.kserveauth.grpc.v2.ModelInferRequest;
import dev.kserveauth.grpc.v2.ModelInferResponse;
import dev.kserveauth.grpc.v2.ModelMetadataRequest;
import dev.kserveauth.grpc.v2.ModelMetadataResponse;
import dev.kserveauth.grpc.v2.ModelReadyRequest;
import dev.kserveauth.grpc.v2.ModelReadyResponse;
import dev.kserveauth.grpc.v2.ServerLiveRequest;
import dev.kserveauth.grpc.v2.ServerLiveResponse;
import dev.kserveauth.grpc.v2.ServerMetadataRequest;
import dev.kserveauth.grpc.v2.ServerMetadataResponse;
import dev.kserveauth.grpc.v2.ServerReadyRequest;
import dev.kserveauth.grpc.v2.ServerReadyResponse;
import dev.kserveauth.testing.TestKeys;
import dev.kserveauth.testing.TestTokens;
import dev.kserveauth.authn.Principal;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real grpc-java server (Netty, loopback) behind {@link KServeAuthInterceptor}, a facade whose
 * issuer serves a real JWKS over HTTP (which a test can hold back), and a plaintext channel to it.
 */
final class GrpcTestBed implements AutoCloseable {
  static final String ISSUER = "https://issuer.grpc.test";

  static final String POLICIES = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: iris-users, namespace: ml}
      spec:
        action: ALLOW
        rules:
        - from: [{source: {requestPrincipals: ["*"]}}]
          when:
          - key: kserve.model
            values: ["iris"]
      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: health-for-all, namespace: ml}
      spec:
        action: ALLOW
        rules:
        - when:
          - key: kserve.verb
            values: ["health"]
        - to: [{operation: {paths: ["/test.Open/*"]}}]
        - from: [{source: {requestPrincipals: ["*"]}}]
          to: [{operation: {paths: ["/inference.GRPCInferenceService/ServerMetadata"]}}]
      """;

  final HttpServer jwks;
  final AtomicInteger jwksFetches = new AtomicInteger();
  volatile CountDownLatch jwksGate = new CountDownLatch(0);
  final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
  final KServeAuth auth;
  final Inference service = new Inference();
  final AtomicInteger echoCalls = new AtomicInteger();
  final Server server;
  final ManagedChannel channel;
  final ExecutorService resume = Executors.newCachedThreadPool();
  private final Path dir;

  GrpcTestBed() {
    this(4 * 1024 * 1024, false);
  }

  /**
   * @param maxInbound the server's message limit
   * @param directExecutor run gRPC callbacks on the transport threads (a blocked one would stall others)
   */
  GrpcTestBed(int maxInbound, boolean directExecutor) {
    this(maxInbound, directExecutor, new CountDownLatch(0));
  }

  /**
   * @param jwksGate held closed, the JWKS endpoint does not answer (set before the facade exists, so
   *     that even a prefetch at build time waits for it)
   */
  GrpcTestBed(int maxInbound, boolean directExecutor, CountDownLatch jwksGate) {
    this.jwksGate = jwksGate;
    try {
      jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      byte[] body = TestKeys.jwks(TestKeys.RSA_KID).getBytes(StandardCharsets.UTF_8);
      jwks.setExecutor(Executors.newCachedThreadPool());
      jwks.createContext("/jwks", ex -> {
        jwksFetches.incrementAndGet();
        try {
          jwksGate.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
      });
      jwks.start();
      dir = Files.createTempDirectory("kserve-auth-grpc");
      Files.writeString(dir.resolve("request-authentication.yaml"), """
          apiVersion: security.istio.io/v1
          kind: RequestAuthentication
          metadata: {name: jwt, namespace: ml}
          spec:
            jwtRules:
            - issuer: %s
              jwksUri: http://127.0.0.1:%d/jwks
              audiences: ["kserve"]
              outputClaimToHeaders:
              - header: x-user-id
                claim: sub
          """.formatted(ISSUER, jwks.getAddress().getPort()));
      Files.writeString(dir.resolve("policies.yaml"), POLICIES);
      auth = KServeAuth.builder().requestAuthentication(dir.resolve("request-authentication.yaml"))
          .policies(dir.resolve("policies.yaml")).auditSink(audit::add).build();
      NettyServerBuilder sb = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
          .maxInboundMessageSize(maxInbound);
      if (directExecutor) {
        sb.directExecutor();
      }
      KServeAuthInterceptor interceptor = KServeAuthInterceptor.create(auth, resume);
      server = sb.addService(ServerInterceptors.intercept(service, interceptor))
          .addService(ServerInterceptors.intercept(echo("test.Open"), interceptor))
          .addService(ServerInterceptors.intercept(echo("test.Closed"), interceptor))
          .build().start();
      channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
          .maxInboundMessageSize(64 * 1024 * 1024).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String token(String subject) {
    return TestTokens.rs256().issuer(ISSUER).audience("kserve").subject(subject).expiresIn(Duration.ofMinutes(10))
        .build();
  }

  static String expiredToken() {
    return TestTokens.rs256().issuer(ISSUER).audience("kserve").subject("late").expiresIn(Duration.ofMinutes(-10))
        .build();
  }

  GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub(String authorization) {
    io.grpc.Metadata md = new io.grpc.Metadata();
    if (authorization != null) {
      md.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), authorization);
    }
    return GRPCInferenceServiceGrpc.newBlockingStub(channel)
        .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  static MethodDescriptor<byte[], byte[]> echoMethod(String service) {
    return MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(service + "/Call").setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
  }

  private ServerServiceDefinition echo(String service) {
    return ServerServiceDefinition.builder(service)
        .addMethod(echoMethod(service), ServerCalls.asyncUnaryCall((req, obs) -> {
          echoCalls.incrementAndGet();
          obs.onNext(req);
          obs.onCompleted();
        })).build();
  }

  /** The toy inference service: counts calls, remembers the principal its Context carried. */
  static final class Inference extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicReference<Principal> principal = new AtomicReference<>();
    final AtomicReference<String> policy = new AtomicReference<>();

    private void saw() {
      calls.incrementAndGet();
      principal.set(KServeAuthInterceptor.PRINCIPAL.get());
      policy.set(KServeAuthInterceptor.DECISION.get() == null ? null : KServeAuthInterceptor.DECISION.get().policy());
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> obs) {
      saw();
      obs.onNext(ServerLiveResponse.newBuilder().setLive(true).build());
      obs.onCompleted();
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> obs) {
      saw();
      obs.onNext(ServerReadyResponse.newBuilder().setReady(true).build());
      obs.onCompleted();
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> obs) {
      saw();
      obs.onNext(ModelReadyResponse.newBuilder().setReady(true).build());
      obs.onCompleted();
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> obs) {
      saw();
      obs.onNext(ServerMetadataResponse.newBuilder().setName("toy").build());
      obs.onCompleted();
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> obs) {
      saw();
      obs.onNext(ModelMetadataResponse.newBuilder().setName(request.getName()).build());
      obs.onCompleted();
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> obs) {
      saw();
      // echoes the inputs as outputs, in the form they came in
      ModelInferResponse.Builder b = ModelInferResponse.newBuilder().setModelName(request.getModelName())
          .setId(request.getId());
      GrpcTensors.addOutputs(b, GrpcTensors.inputs(request), request.getRawInputContentsCount() > 0);
      obs.onNext(b.build());
      obs.onCompleted();
    }
  }

  @Override
  public void close() throws IOException {
    jwksGate.countDown();
    channel.shutdownNow();
    server.shutdownNow();
    auth.close();
    jwks.stop(0);
    resume.shutdownNow();
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }
}
