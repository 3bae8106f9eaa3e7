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
package dev.kserveauth.benchmarks.http;

import com.sun.net.httpserver.HttpServer;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.audit.AuditSink;
import dev.kserveauth.benchmarks.Medians;
import dev.kserveauth.grpc.KServeAuthInterceptor;
import dev.kserveauth.grpc.v2.GRPCInferenceServiceGrpc;
import dev.kserveauth.grpc.v2.InferTensorContents;
import dev.kserveauth.grpc.v2.ModelInferRequest;
import dev.kserveauth.grpc.v2.ModelInferResponse;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.policy.PolicySet;
import dev.kserveauth.servlet.KServeAuthFilter;
import dev.kserveauth.authn.JwtRule;
import dev.kserveauth.authn.RequestAuthenticator;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.jsonwebtoken.Jwts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Loopback throughput of a unary {@code ModelInfer} (input-0, FP32, [1, 4] in fp32_contents) on a
 * grpc-java server (Netty) without and with {@link KServeAuthInterceptor}, next to the same toy
 * answer over REST (Jetty 12 + {@code KServeAuthFilter}, {@code POST /v1/models/sklearn-iris:predict}).
 * Same shape as {@link LoopbackThroughput}: a bounded closed loop (N client threads, one call in
 * flight each, one channel each, the same token every time), every server up for the whole run and
 * loaded in turn, round after round after a warm-up; ratios are medians of per-round ratios.
 *
 * <pre>
 * mvn -B -q -DskipTests package -pl benchmarks -am
 * java -cp benchmarks/target/benchmarks.jar dev.kserveauth.benchmarks.http.GrpcThroughput [seconds=2] [threads=8] [rounds=10]
 * </pre>
 */
public final class GrpcThroughput {
  private GrpcThroughput() {}

  static final String POLICY = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: predictors, namespace: bench}
      spec:
        action: ALLOW
        rules:
        - from:
          - source:
              requestPrincipals: ["https://auth.company.com/*"]
          when:
          - key: request.auth.claims[permissions]
            values: ["model:predict"]
          - key: kserve.verb
            values: ["predict", "infer"]
          - key: kserve.model
            values: ["sklearn-iris"]
      """;

  /** The toy model's answer: output-0, INT64, [1]. */
  static final class Toy extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> obs) {
      long cls = request.getInputs(0).getContents().getFp32Contents(2) > 2.5f ? 1 : 0;
      obs.onNext(ModelInferResponse.newBuilder().setModelName(request.getModelName())
          .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName("output-0").setDatatype("INT64")
              .addShape(1).setContents(InferTensorContents.newBuilder().addInt64Contents(cls)))
          .build());
      obs.onCompleted();
    }
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int warmUp = Integer.getInteger("warmUpSeconds", 5);
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair keys = g.generateKeyPair();
    HttpServer jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] jwksJson = LoopbackThroughput.jwks(keys).getBytes(StandardCharsets.UTF_8);
    jwks.createContext("/jwks", ex -> {
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, jwksJson.length);
      ex.getResponseBody().write(jwksJson);
      ex.close();
    });
    jwks.start();
    String token = Jwts.builder().header().keyId("k1").and().issuer(LoopbackThroughput.ISSUER).subject("user123")
        .audience().add("kserve-api").and().claim("permissions", List.of("model:predict")).issuedAt(new Date())
        .expiration(Date.from(Instant.now().plus(Duration.ofHours(2)))).signWith(keys.getPrivate(), Jwts.SIG.RS256)
        .compact();
    KServeAuth auth = KServeAuth.builder()
        .authenticator(RequestAuthenticator.builder().rule(JwtRule.builder(LoopbackThroughput.ISSUER)
            .jwksUri("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks").audiences("kserve-api").build())
            .prefetchKeys(true).build())
        .policyEngine(PolicyEngine.builder().policies(PolicySet.parse(POLICY, "bench.yaml")).build())
        .auditSink(AuditSink.none())
        .build();
    ServerServiceDefinition toy = new Toy().bindService();
    Server plain = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .addService(toy).build().start();
    Server guarded = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .addService(ServerInterceptors.intercept(toy, KServeAuthInterceptor.create(auth))).build().start();
    LoopbackThroughput.Running jetty = LoopbackThroughput.jetty(new KServeAuthFilter(auth));
    byte[] restRequest = ("POST /v1/models/sklearn-iris:predict HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
        + token + "\r\nContent-Type: application/json\r\nContent-Length: " + LoopbackThroughput.BODY.length()
        + "\r\n\r\n" + LoopbackThroughput.BODY).getBytes(StandardCharsets.ISO_8859_1);
    ModelInferRequest infer = ModelInferRequest.newBuilder().setModelName("sklearn-iris").setId("b")
        .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("input-0").setDatatype("FP32").addShape(1)
            .addShape(4).setContents(InferTensorContents.newBuilder().addFp32Contents(6.8f).addFp32Contents(2.8f)
                .addFp32Contents(4.8f).addFp32Contents(1.4f)))
        .build();
    Map<String, Load> scenarios = new LinkedHashMap<>();
    scenarios.put("gRPC ModelInfer, no auth", s -> grpcLoad(plain.getPort(), token, infer, s, threads));
    scenarios.put("gRPC ModelInfer + KServeAuthInterceptor", s -> grpcLoad(guarded.getPort(), token, infer, s, threads));
    scenarios.put("REST V1 predict, Jetty + KServeAuthFilter",
        s -> LoopbackThroughput.load(jetty.port(), restRequest, s, threads));
    try {
      LoopbackThroughput.check(jetty.port(), restRequest);
      for (Load l : scenarios.values()) {
        l.run(warmUp);
      }
      Map<String, List<Double>> results = new LinkedHashMap<>();
      for (int round = 0; round < rounds; round++) {
        for (Map.Entry<String, Load> e : scenarios.entrySet()) {
          results.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue().run(seconds));
        }
        System.out.printf("round %d/%d done%n", round + 1, rounds);
      }
      List<Double> base = results.get("gRPC ModelInfer, no auth");
      System.out.printf("%n%d client threads, %d s per scenario per round, %d interleaved rounds%n", threads, seconds,
          rounds);
      System.out.printf("| %-42s | %13s | %11s | %22s |%n", "scenario", "median req/s", "best req/s",
          "× gRPC no-auth (median)");
      System.out.println("|---|---:|---:|---:|");
      for (Map.Entry<String, List<Double>> e : results.entrySet()) {
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
          ratios.add(e.getValue().get(r) / base.get(r));
        }
        System.out.printf(Locale.ROOT, "| %-42s | %,13.0f | %,11.0f | %22.2f |%n", e.getKey(), Medians.of(e.getValue()),
            e.getValue().stream().mapToDouble(d -> d).max().orElse(0), Medians.of(ratios));
      }
    } finally {
      plain.shutdownNow();
      guarded.shutdownNow();
      jetty.close();
      auth.close();
      jwks.stop(0);
    }
  }

  @FunctionalInterface
  interface Load {
    double run(int seconds) throws Exception;
  }

  /** Calls per second of {@code threads} closed loops, one channel each, for {@code seconds}. */
  static double grpcLoad(int port, String token, ModelInferRequest request, int seconds, int threads)
      throws Exception {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    List<ManagedChannel> channels = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    LongAdder done = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    try {
      for (int i = 0; i < threads; i++) {
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        channels.add(ch);
        var stub = GRPCInferenceServiceGrpc.newBlockingStub(ch)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
        stub.modelInfer(request); // connect, and fail fast on a denied call
        Thread t = new Thread(() -> {
          while (!stop.get()) {
            stub.withDeadlineAfter(10, TimeUnit.SECONDS).modelInfer(request);
            done.increment();
          }
        });
        workers.add(t);
      }
      long t0 = System.nanoTime();
      workers.forEach(Thread::start);
      Thread.sleep(seconds * 1000L);
      stop.set(true);
      long calls = done.sum();
      double elapsed = (System.nanoTime() - t0) / 1e9;
      for (Thread t : workers) {
        t.join(10_000);
      }
      return calls / elapsed;
    } finally {
      channels.forEach(ManagedChannel::shutdownNow);
    }
  }
}
