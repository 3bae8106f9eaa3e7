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

import dev.kserveauth.client.AccessToken;
import dev.kserveauth.client.DataType;
import dev.kserveauth.client.InferTensor;
import dev.kserveauth.client.InferenceRequest;
import dev.kserveauth.client.InferenceResponse;
import dev.kserveauth.client.TokenProvider;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link KServeGrpcClient} against a real server behind the interceptor, tokens against a real JWKS. */
class KServeGrpcClientTest {

  GrpcTestBed bed;

  @AfterEach
  void close() throws Exception {
    if (bed != null) {
      bed.close();
    }
  }

  KServeGrpcClient client(TokenProvider tokens) {
    KServeGrpcClientBuilder b = KServeGrpcClient.builder().target("127.0.0.1", bed.server.getPort())
        .timeout(Duration.ofSeconds(10));
    return (tokens == null ? b : b.tokenProvider(tokens)).build();
  }

  /** Counts refreshes; hands out {@code first} until refreshed, then {@code after}. */
  static final class Rotating implements TokenProvider {
    final AtomicInteger refreshes = new AtomicInteger();
    volatile String current;
    final String after;

    Rotating(String first, String after) {
      this.current = first;
      this.after = after;
    }

    @Override
    public AccessToken token() {
      return AccessToken.of(current);
    }

    @Override
    public AccessToken refresh(String rejected) {
      refreshes.incrementAndGet();
      current = after;
      return AccessToken.of(after);
    }
  }

  static InferenceRequest request(boolean raw) {
    return InferenceRequest.builder().id("r-1").binaryData(raw)
        .input(InferTensor.fp32("input-0", new long[] {2, 4}, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f))
        .input(InferTensor.int64("ids", new long[] {2}, -1L, Long.MAX_VALUE))
        .input(InferTensor.uint32("u", new long[] {1}, 4_000_000_000L))
        .input(InferTensor.strings("text", new long[] {2}, "héllo", ""))
        .input(InferTensor.bool("flags", new long[] {2}, true, false))
        .build();
  }

  @Test
  void allSixRpcsWithTypedTensorsInBothForms() {
    bed = new GrpcTestBed();
    try (KServeGrpcClient c = client(TokenProvider.ofStatic(GrpcTestBed.token("alice")))) {
      assertThat(c.isServerLive()).isTrue();
      assertThat(c.isServerReady()).isTrue();
      assertThat(c.isModelReady("iris", "1")).isTrue();
      assertThat(c.serverMetadata().name()).isEqualTo("toy");
      assertThat(c.modelMetadata("iris", null).name()).isEqualTo("iris");
      for (boolean raw : new boolean[] {false, true}) {
        InferenceResponse r = c.infer("iris", request(raw));
        assertThat(r.modelName()).isEqualTo("iris");
        assertThat(r.id()).isEqualTo("r-1");
        assertThat(r.outputs()).as("raw=" + raw).containsExactlyElementsOf(request(raw).inputs());
      }
      InferenceResponse half = c.infer("iris", InferenceRequest.builder()
          .input(InferTensor.fp16("h", new long[] {2}, 1.5f, -2f)).build());
      assertThat(half.output("h").orElseThrow().floats()).containsExactly(1.5f, -2f);
    }
    assertThat(bed.audit).extracting(e -> e.verb()).contains("health", "ready", "metadata", "infer");
  }

  @Test
  void unauthenticatedRefreshesOnceAndRetriesOnce() {
    bed = new GrpcTestBed();
    Rotating tokens = new Rotating(GrpcTestBed.expiredToken(), GrpcTestBed.token("alice"));
    try (KServeGrpcClient c = client(tokens)) {
      assertThat(c.infer("iris", request(false)).modelName()).isEqualTo("iris");
      assertThat(tokens.refreshes).hasValue(1);
      assertThat(c.infer("iris", request(false)).modelName()).isEqualTo("iris");
      assertThat(tokens.refreshes).hasValue(1);
    }
    Rotating bad = new Rotating(GrpcTestBed.expiredToken(), GrpcTestBed.expiredToken() + "x");
    try (KServeGrpcClient c = client(bad)) {
      KServeGrpcException e = catchThrowableOfType(KServeGrpcException.class, () -> c.infer("iris", request(false)));
      assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(e.afterRefresh()).isTrue();
      assertThat(e.challenge()).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
      assertThat(bad.refreshes).hasValue(1);
    }
    assertThat(bed.service.calls).hasValue(2);
  }

  @Test
  void permissionDeniedIsNeverRetried() {
    bed = new GrpcTestBed();
    Rotating tokens = new Rotating(GrpcTestBed.token("alice"), GrpcTestBed.token("bob"));
    try (KServeGrpcClient c = client(tokens)) {
      KServeGrpcException e = catchThrowableOfType(KServeGrpcException.class, () -> c.infer("secret", request(false)));
      assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(e.getMessage()).isEqualTo("ModelInfer failed: PERMISSION_DENIED: access denied");
      assertThat(tokens.refreshes).hasValue(0);
    }
  }

  @Test
  void theDeadlineBoundsACallWhoseDecisionWaits() {
    bed = new GrpcTestBed(4 * 1024 * 1024, false, new CountDownLatch(1));
    try (KServeGrpcClient c = client(TokenProvider.ofStatic(GrpcTestBed.token("gated-" + System.nanoTime())))
        .withTimeout(Duration.ofMillis(300))) {
      long t0 = System.nanoTime();
      KServeGrpcException e = catchThrowableOfType(KServeGrpcException.class, () -> c.infer("iris", request(false)));
      assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
    assertThat(bed.service.calls).hasValue(0);
  }

  /**
   * TLS with a private CA, and the {@code :authority} override an ingress routes on: the certificate
   * names the model's host, not the address connected to.
   */
  @Test
  void tlsWithACustomCaAndAnAuthorityOverride(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    bed = new GrpcTestBed();
    var ca = new okhttp3.tls.HeldCertificate.Builder().certificateAuthority(0).commonName("test-ca").build();
    var cert = new okhttp3.tls.HeldCertificate.Builder().signedBy(ca).commonName("iris.example.com")
        .addSubjectAlternativeName("iris.example.com").build();
    java.nio.file.Path chain = java.nio.file.Files.writeString(dir.resolve("chain.pem"), cert.certificatePem());
    java.nio.file.Path key = java.nio.file.Files.writeString(dir.resolve("key.pem"), cert.privateKeyPkcs8Pem());
    java.nio.file.Path caPem = java.nio.file.Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
    io.grpc.Server tls = io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder.forAddress(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))
        .useTransportSecurity(chain.toFile(), key.toFile())
        .addService(io.grpc.ServerInterceptors.intercept(bed.service, KServeAuthInterceptor.create(bed.auth)))
        .build().start();
    try {
      KServeGrpcClientBuilder b = KServeGrpcClient.builder().target("127.0.0.1", tls.getPort())
          .trustedCertificates(caPem).tokenProvider(TokenProvider.ofStatic(GrpcTestBed.token("alice")))
          .timeout(Duration.ofSeconds(10));
      try (KServeGrpcClient c = b.authority("iris.example.com").build()) {
        assertThat(c.infer("iris", request(true)).modelName()).isEqualTo("iris");
      }
      try (KServeGrpcClient c = b.authority("other.example.com").build()) {
        KServeGrpcException e = catchThrowableOfType(KServeGrpcException.class, () -> c.infer("iris", request(true)));
        assertThat(e.code()).as("the certificate does not name the authority").isEqualTo(Status.Code.UNAVAILABLE);
      }
    } finally {
      tls.shutdownNow();
    }
  }

  @Test
  void rawBytesRoundTripThroughTheRestClientsCodec() {
    InferTensor t = InferTensor.fp32("input-0", new long[] {1, 4}, 6.8f, 2.8f, 4.8f, 1.4f);
    byte[] raw = t.toRawBytes();
    assertThat(raw).hasSize(16);
    assertThat(InferTensor.fromRawBytes("input-0", DataType.FP32, new long[] {1, 4}, raw)).isEqualTo(t);
    assertThat(new String(InferTensor.strings("s", new long[] {1}, "ab").toRawBytes(), StandardCharsets.ISO_8859_1))
        .isEqualTo("\u0002\u0000\u0000\u0000ab");
    assertThat(List.of(raw.length)).containsExactly(16);
  }
}
