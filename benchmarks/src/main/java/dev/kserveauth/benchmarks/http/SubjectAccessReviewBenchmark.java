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

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.kserveauth.AuthResult;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.audit.AuditSink;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.kubernetes.KubernetesApi;
import dev.kserveauth.kubernetes.SubjectAccessReviewAuthorizer;
import dev.kserveauth.authn.JwtRule;
import dev.kserveauth.authn.RequestAuthenticator;
import io.jsonwebtoken.Jwts;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of Kubernetes RBAC through the facade: the same service-account token and request,
 * decided by an ALLOW policy alone ({@code policyOnly}) or by a CUSTOM policy asking the
 * {@code kubernetes-rbac} provider first, whose SubjectAccessReview answer is cached
 * ({@code sarCacheHit}); and a cache miss, one SubjectAccessReview over loopback HTTPS to a
 * minimal API server ({@code sarMissLoopback}, caching off).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SubjectAccessReviewBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SubjectAccessReviewBenchmark {
  static final String K8S = "https://kubernetes.default.svc.cluster.local";
  static final String ALLOW = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: allow, namespace: team-a}
      spec:
        action: ALLOW
        rules:
        - from:
          - source:
              requestPrincipals: ["*"]
      """;
  static final String CUSTOM = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: rbac, namespace: team-a}
      spec:
        action: CUSTOM
        provider: {name: kubernetes-rbac}
        rules:
        - to:
          - operation:
              paths: ["/v1/*"]
      """;

  HttpsServer server;
  KServeAuth policyOnly;
  KServeAuth withSar;
  SubjectAccessReviewAuthorizer uncached;
  SubjectAccessReviewAuthorizer cached;
  RequestView request;
  dev.kserveauth.authn.Principal principal;

  @Setup
  public void setup() throws Exception {
    // the JDK server writes headers and body apart: without TCP_NODELAY, Nagle + delayed ACK add ~40 ms
    System.setProperty("sun.net.httpserver.nodelay", "true");
    Path dir = Files.createTempDirectory("sar-bench");
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
    HeldCertificate cert = new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").signedBy(ca).build();
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(
        new HandshakeCertificates.Builder().heldCertificate(cert, ca.certificate()).build().sslContext()));
    byte[] allowed = "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SubjectAccessReview\",\"status\":{\"allowed\":true}}"
        .getBytes(StandardCharsets.UTF_8);
    server.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      boolean ok = "Bearer bench-token".equals(ex.getRequestHeaders().getFirst("Authorization"));
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(ok ? 201 : 401, ok ? allowed.length : -1);
      if (ok) {
        ex.getResponseBody().write(allowed);
      }
      ex.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
    server.start();
    Files.writeString(dir.resolve("ca.crt"), ca.certificatePem());
    Files.writeString(dir.resolve("token"), "bench-token");
    KubernetesApi api = KubernetesApi.builder().url("https://127.0.0.1:" + server.getAddress().getPort())
        .caFile(dir.resolve("ca.crt")).tokenFile(dir.resolve("token")).namespace("team-a").build();

    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair keys = g.generateKeyPair();
    String jwks = new JsonObject().put("keys", new io.vertx.core.json.JsonArray().add(new JsonObject(
        new JsonObject(LoopbackThroughput.jwks(keys)).getJsonArray("keys").getJsonObject(0).getMap()))).encode();
    String token = Jwts.builder().header().keyId("k1").and().issuer(K8S).subject("system:serviceaccount:team-a:scorer")
        .audience().add(K8S).and().claim("kubernetes.io", Map.of("namespace", "team-a",
            "serviceaccount", Map.of("name", "scorer", "uid", "u-1"), "pod", Map.of("name", "p", "uid", "pu")))
        .issuedAt(new Date()).expiration(Date.from(Instant.now().plus(Duration.ofHours(2))))
        .signWith(keys.getPrivate(), Jwts.SIG.RS256).compact();
    Path allowOnly = Files.createDirectory(dir.resolve("allow"));
    Files.writeString(allowOnly.resolve("allow.yaml"), ALLOW);
    Path custom = Files.createDirectory(dir.resolve("custom"));
    Files.writeString(custom.resolve("allow.yaml"), ALLOW);
    Files.writeString(custom.resolve("custom.yaml"), CUSTOM);
    policyOnly = KServeAuth.builder().authenticator(authenticator(jwks)).policies(allowOnly)
        .auditSink(AuditSink.none()).build();
    withSar = KServeAuth.builder().authenticator(authenticator(jwks)).policies(custom).auditSink(AuditSink.none())
        .authorizer(SubjectAccessReviewAuthorizer.PROVIDER_NAME, SubjectAccessReviewAuthorizer.builder(api).build())
        .build();
    uncached = SubjectAccessReviewAuthorizer.builder(api).cacheTtl(Duration.ZERO, Duration.ZERO).build();
    cached = SubjectAccessReviewAuthorizer.builder(api).build();
    request = new RequestView("POST", "/v1/models/sklearn-iris:predict", "localhost",
        Map.of("authorization", List.of("Bearer " + token)), Map.of(), Map.of(), "127.0.0.1", 8080, null);
    AuthResult a = policyOnly.authorize(request);
    AuthResult b = withSar.authorize(request);
    principal = b.principal();
    if (!a.allowed() || !b.allowed() || !sarMiss().allowed()) {
      throw new IllegalStateException("benchmark setup does not decide as intended");
    }
  }

  static RequestAuthenticator authenticator(String jwks) {
    return RequestAuthenticator.builder().rule(JwtRule.builder(K8S).jwks(jwks).build()).build();
  }

  @TearDown
  public void tearDown() {
    policyOnly.close();
    withSar.close();
    server.stop(0);
  }

  @Benchmark
  public AuthResult policyOnly() {
    return policyOnly.authorize(request);
  }

  @Benchmark
  public AuthResult sarCacheHit() {
    return withSar.authorize(request);
  }

  /** The provider alone on a cache hit (user derivation, key, lookup), without the facade's CUSTOM step. */
  @Benchmark
  public SubjectAccessReviewAuthorizer.Result sarHitProviderOnly() {
    return cached.authorize(principal, request, request.rawPath(), "sklearn-iris").toCompletableFuture().join();
  }

  @Benchmark
  public SubjectAccessReviewAuthorizer.Result sarMissLoopback() {
    return sarMiss();
  }

  private SubjectAccessReviewAuthorizer.Result sarMiss() {
    return uncached.authorize(principal, request, request.rawPath(), "sklearn-iris").toCompletableFuture().join();
  }
}
