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
package dev.kserveauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingTest {
  private final ObjectMapper json = new ObjectMapper();
  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdown();
  }

  private KServeClient client(String base, Routing routing) {
    return KServeClient.builder().baseUrl(base).routing(routing).retryPolicy(RetryPolicy.none()).build();
  }

  private RecordedRequest taken() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).isNotNull();
    return r;
  }

  @Test
  void ingressHostHeaderSelectsTheInferenceService() throws Exception {
    server.enqueue(new MockResponse().setBody("{\"predictions\":[1]}"));
    KServeClient c = client(server.url("/").toString(), Routing.ingress("sklearn-iris", "team-a", "example.com"));
    c.predict("sklearn-iris", json.readTree("{\"instances\":[[1,2,3,4]]}"));
    RecordedRequest r = taken();
    assertThat(r.getHeader("Host")).isEqualTo("sklearn-iris.team-a.example.com");
    assertThat(r.getPath()).isEqualTo("/v1/models/sklearn-iris:predict");
  }

  @Test
  void hostTemplateUsesTheModelName() throws Exception {
    server.enqueue(new MockResponse().setBody("{\"name\":\"xgb\",\"ready\":true}"));
    client(server.url("/").toString(), Routing.host("{model}-predictor.ns.example.com")).isModelReady("xgb");
    assertThat(taken().getHeader("Host")).isEqualTo("xgb-predictor.ns.example.com");
    KServeClient templated = client(server.url("/").toString(), Routing.host("{model}.ns.example.com"));
    assertThatThrownBy(templated::isServerLive).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("server-level call");
    assertThatThrownBy(() -> Routing.ingress("a.b", "ns", "example.com")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pathPrefixIsPutInFrontOfEveryKServePath() throws Exception {
    server.enqueue(new MockResponse().setBody("{\"predictions\":[1]}"));
    server.enqueue(new MockResponse().setBody("{\"model_name\":\"iris\",\"outputs\":[]}"));
    server.enqueue(new MockResponse().setBody("{\"live\":true}"));
    KServeClient c = client(server.url("/").toString(), Routing.pathPrefix("/kfserving/team-a/{model}"));
    c.predict("iris", json.createObjectNode());
    c.infer("iris", InferenceRequest.builder().input(InferTensor.int8("x", new long[] {1}, (byte) 1)).build());
    client(server.url("/").toString(), Routing.pathPrefix("/serving/team-a/iris")).isServerLive();
    assertThat(taken().getPath()).isEqualTo("/kfserving/team-a/iris/v1/models/iris:predict");
    assertThat(taken().getPath()).isEqualTo("/kfserving/team-a/iris/v2/models/iris/infer");
    RecordedRequest live = taken();
    assertThat(live.getPath()).isEqualTo("/serving/team-a/iris/v2/health/live");
    assertThat(live.getHeader("Host")).isEqualTo(server.getHostName() + ":" + server.getPort());
  }

  @Test
  void directKeepsABasePathPrefix() throws Exception {
    server.enqueue(new MockResponse().setBody("{\"models\":[]}"));
    client(server.url("/serving/ns/").toString(), Routing.direct()).listModels();
    assertThat(taken().getPath()).isEqualTo("/serving/ns/v1/models");
  }

  @Test
  void tlsWithACustomCaFile(@TempDir Path dir) throws Exception {
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("test-ca").build();
    HeldCertificate serverCert = new HeldCertificate.Builder().signedBy(ca).addSubjectAlternativeName("localhost")
        .addSubjectAlternativeName(server.getHostName()).build();
    server.useHttps(new HandshakeCertificates.Builder().heldCertificate(serverCert).build().sslSocketFactory(), false);
    server.enqueue(new MockResponse().setBody("{\"models\":[\"secure\"]}"));
    Path caFile = dir.resolve("ca.crt");
    Files.writeString(caFile, ca.certificatePem());
    String base = server.url("/").toString();
    KServeClient trusting = KServeClient.builder().baseUrl(base).trustedCertificates(caFile)
        .retryPolicy(RetryPolicy.none()).build();
    assertThat(trusting.listModels()).containsExactly("secure");

    KServeClient defaultTrust = KServeClient.builder().baseUrl(base).retryPolicy(RetryPolicy.none()).build();
    assertThatThrownBy(defaultTrust::listModels).isInstanceOf(KServeConnectionException.class)
        .hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);

    Path notPem = dir.resolve("bad.crt");
    Files.writeString(notPem, "not a certificate");
    assertThatThrownBy(() -> KServeClient.builder().baseUrl(base).trustedCertificates(notPem).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad.crt");
    Path empty = dir.resolve("empty.crt");
    Files.writeString(empty, "");
    assertThatThrownBy(() -> KServeClient.builder().baseUrl(base).trustedCertificates(empty).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty.crt")
        .hasMessageContaining("no PEM certificate");
    assertThatThrownBy(() -> KServeClient.builder().baseUrl(base).trustedCertificates(dir.resolve("none.crt")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CA file not found");
  }
}
