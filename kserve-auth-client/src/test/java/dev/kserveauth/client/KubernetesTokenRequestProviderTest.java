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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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

/** TokenRequest against a simulated API server over TLS with its own CA, like a cluster's ca.crt. */
class KubernetesTokenRequestProviderTest {
  private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");
  private final ObjectMapper json = new ObjectMapper();
  private final MutableClock clock = new MutableClock(T0);
  private MockWebServer apiServer;
  private Path caFile;

  @TempDir
  Path dir;

  @BeforeEach
  void start() throws Exception {
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("kubernetes-ca").build();
    apiServer = new MockWebServer();
    HeldCertificate cert = new HeldCertificate.Builder().signedBy(ca).addSubjectAlternativeName("localhost")
        .addSubjectAlternativeName(apiServer.getHostName()).build();
    apiServer.useHttps(new HandshakeCertificates.Builder().heldCertificate(cert).build().sslSocketFactory(), false);
    caFile = dir.resolve("ca.crt");
    Files.writeString(caFile, ca.certificatePem());
  }

  @AfterEach
  void stop() throws Exception {
    apiServer.shutdown();
  }

  private static MockResponse issued(String token, Instant expiration) {
    return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json").setBody(
        "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":{},"
            + "\"status\":{\"token\":\"" + token + "\",\"expirationTimestamp\":\"" + expiration + "\"}}");
  }

  private KubernetesTokenRequestProviderBuilder builder() {
    return KubernetesTokenRequestProvider.builder().apiServer(apiServer.url("/").toString()).caCertificate(caFile)
        .bearer(TokenProvider.ofStatic("api-bearer")).namespace("team-a").serviceAccount("default-editor")
        .audiences("istio-ingressgateway.istio-system.svc.cluster.local").expiration(Duration.ofHours(1)).clock(clock);
  }

  @Test
  void postsATokenRequestAndRefreshesAt80PercentOfTheLifetime() throws Exception {
    apiServer.enqueue(issued("sa-tok-1", T0.plus(Duration.ofHours(1))));
    apiServer.enqueue(issued("sa-tok-2", T0.plus(Duration.ofMinutes(48 + 60))));
    KubernetesTokenRequestProvider tokens = builder().build();

    AccessToken first = tokens.token();
    assertThat(first.value()).isEqualTo("sa-tok-1");
    assertThat(first.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(first.refreshAt()).isEqualTo(T0.plus(Duration.ofMinutes(48)));
    RecordedRequest r = apiServer.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getPath()).isEqualTo("/api/v1/namespaces/team-a/serviceaccounts/default-editor/token");
    assertThat(r.getHeader("Authorization")).isEqualTo("Bearer api-bearer");
    JsonNode body = json.readTree(r.getBody().readUtf8());
    assertThat(body.path("kind").asText()).isEqualTo("TokenRequest");
    assertThat(body.path("apiVersion").asText()).isEqualTo("authentication.k8s.io/v1");
    assertThat(body.path("spec").path("audiences").get(0).asText())
        .isEqualTo("istio-ingressgateway.istio-system.svc.cluster.local");
    assertThat(body.path("spec").path("expirationSeconds").asLong()).isEqualTo(3600);

    clock.advance(Duration.ofMinutes(47).plusSeconds(59));
    assertThat(tokens.token().value()).isEqualTo("sa-tok-1");
    assertThat(apiServer.getRequestCount()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(tokens.token().value()).isEqualTo("sa-tok-2");
    assertThat(apiServer.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aShortenedLifetimeFromTheApiServerWins() {
    apiServer.enqueue(issued("short", T0.plus(Duration.ofMinutes(10))));
    AccessToken t = builder().expiration(Duration.ofHours(24)).build().token();
    assertThat(t.refreshAt()).isEqualTo(T0.plus(Duration.ofMinutes(8)));
  }

  @Test
  void apiErrorsSurfaceWithTheStatusMessage() {
    apiServer.enqueue(new MockResponse().setResponseCode(403).setBody("{\"kind\":\"Status\",\"status\":\"Failure\","
        + "\"message\":\"serviceaccounts \\\"default-editor\\\" is forbidden: User cannot create resource "
        + "\\\"serviceaccounts/token\\\"\",\"reason\":\"Forbidden\",\"code\":403}"));
    assertThatThrownBy(() -> builder().build().token()).isInstanceOf(TokenProviderException.class)
        .hasMessageContaining("TokenRequest for serviceaccount team-a/default-editor failed: 403")
        .hasMessageContaining("cannot create resource \"serviceaccounts/token\"");
  }

  @Test
  void anUntrustedApiServerCertificateFails() throws Exception {
    HeldCertificate otherCa = new HeldCertificate.Builder().certificateAuthority(0).build();
    Path otherCaFile = dir.resolve("other.crt");
    Files.writeString(otherCaFile, otherCa.certificatePem());
    apiServer.enqueue(issued("never", T0.plus(Duration.ofHours(1))));
    assertThatThrownBy(() -> builder().caCertificate(otherCaFile).build().token())
        .isInstanceOf(TokenProviderException.class).hasRootCauseInstanceOf(
            java.security.cert.CertPathBuilderException.class);
  }

  @Test
  void inClusterReadsTheServiceHostCaTokenAndNamespace() throws Exception {
    Path sa = dir.resolve("serviceaccount");
    Files.createDirectories(sa);
    Files.copy(caFile, sa.resolve("ca.crt"));
    Files.writeString(sa.resolve("token"), TestJwts.withExp("pod", T0.plus(Duration.ofHours(1))));
    Files.writeString(sa.resolve("namespace"), "team-b\n");
    apiServer.enqueue(issued("from-cluster", T0.plus(Duration.ofHours(1))));
    KubernetesTokenRequestProvider tokens = KubernetesTokenRequestProvider.builder().clock(clock)
        .inCluster(Map.of("KUBERNETES_SERVICE_HOST", apiServer.getHostName(),
            "KUBERNETES_SERVICE_PORT", Integer.toString(apiServer.getPort())), sa)
        .serviceAccount("scorer").audiences("kserve").build();
    assertThat(tokens.token().value()).isEqualTo("from-cluster");
    RecordedRequest r = apiServer.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r.getPath()).isEqualTo("/api/v1/namespaces/team-b/serviceaccounts/scorer/token");
    assertThat(r.getHeader("Authorization")).startsWith("Bearer eyJ");
    assertThatThrownBy(() -> KubernetesTokenRequestProvider.builder().inCluster(Map.of(), sa))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("KUBERNETES_SERVICE_HOST");
  }

  @Test
  void builderChecksRequiredFields() {
    assertThatThrownBy(() -> KubernetesTokenRequestProvider.builder().build()).hasMessageContaining("apiServer");
    assertThatThrownBy(() -> builder().expiration(Duration.ofMinutes(5))).hasMessageContaining("at least 10 minutes");
  }
}
