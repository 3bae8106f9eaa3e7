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
package dev.kserveauth.authn;

import dev.kserveauth.internal.keys.CacheSettings;
import dev.kserveauth.internal.keys.DiscoveryJwksFetcher;
import dev.kserveauth.http.KubernetesApiHttp;
import dev.kserveauth.internal.keys.KubernetesHttp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kubernetes issuer against an HTTPS MockWebServer standing in for the API server. */
class KubernetesIssuerTest {
  private static final String ISSUER = KubernetesHttp.DEFAULT_ISSUER;

  @TempDir Path dir;
  private final MockWebServer apiServer = new MockWebServer();
  private final List<String> bearers = new CopyOnWriteArrayList<>();
  private volatile String advertisedIssuer = ISSUER;
  private Path caFile;
  private Path tokenFile;
  private final StepClock clock = new StepClock(Instant.parse("2026-01-01T00:00:00Z"));

  @BeforeEach
  void start() throws Exception {
    apiServer.start(java.net.InetAddress.getByName("localhost"), 0);
    HeldCertificate root = new HeldCertificate.Builder().certificateAuthority(0).commonName("kubernetes-ca").build();
    HeldCertificate serverCert = new HeldCertificate.Builder().signedBy(root).commonName("kube-apiserver")
        .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1")
        .build();
    HandshakeCertificates serverTls = new HandshakeCertificates.Builder().heldCertificate(serverCert, root.certificate()).build();
    apiServer.useHttps(serverTls.sslSocketFactory(), false);
    apiServer.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        String auth = r.getHeader("Authorization");
        bearers.add(auth == null ? "<none>" : auth);
        if (auth == null || !auth.startsWith("Bearer ")) {
          return new MockResponse().setResponseCode(401);
        }
        return switch (r.getPath()) {
          case "/.well-known/openid-configuration" -> new MockResponse().setBody("{\"issuer\":\"" + advertisedIssuer
              + "\",\"jwks_uri\":\"https://172.18.0.2:6443/openid/v1/jwks\",\"response_types_supported\":[\"id_token\"],"
              + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
          case "/openid/v1/jwks" -> new MockResponse().setBody(JwksFixtures.jwks("k1")).setHeader("Cache-Control", "max-age=3600");
          default -> new MockResponse().setResponseCode(404);
        };
      }
    });
    caFile = dir.resolve("ca.crt");
    Files.writeString(caFile, root.certificatePem());
    tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, "pod-token-1\n");
  }

  @AfterEach
  void stop() throws Exception {
    apiServer.shutdown();
  }

  private CachingKeySource source(Path ca) {
    HttpUrl base = apiServer.url("/");
    OkHttpClient client = KubernetesApiHttp.client(new OkHttpClient.Builder().followRedirects(false)
        .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5)).build(), ca, tokenFile);
    DiscoveryJwksFetcher fetcher = new DiscoveryJwksFetcher(client, base.resolve("/.well-known/openid-configuration"),
        ISSUER, base.resolve("/openid/v1/jwks"), 64 * 1024);
    return new CachingKeySource(ISSUER, fetcher, JwksFixtures::parse, CacheSettings.DEFAULTS, clock);
  }

  private static JwkSet get(java.util.concurrent.CompletionStage<JwkSet> s) throws Exception {
    return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void fetchesKeysOverTlsTrustingThePodCaWithTheServiceAccountToken() throws Exception {
    CachingKeySource s = source(caFile);
    JwkSet keys = get(s.keys());
    assertThat(keys.find("k1")).isPresent();
    // discovery, then the API server's own /openid/v1/jwks (not the advertised external jwks_uri)
    assertThat(apiServer.takeRequest().getPath()).isEqualTo("/.well-known/openid-configuration");
    assertThat(apiServer.takeRequest().getPath()).isEqualTo("/openid/v1/jwks");
    assertThat(bearers).containsOnly("Bearer pod-token-1");
    assertThat(s.stats().source()).endsWith("/openid/v1/jwks");
  }

  @Test
  void reReadsTheRotatedTokenFile() throws Exception {
    CachingKeySource s = source(caFile);
    get(s.keys());
    Files.writeString(tokenFile, "pod-token-2");
    clock.advance(Duration.ofMinutes(61)); // max-age 3600 honoured; now expired
    get(s.keys());
    assertThat(bearers.get(bearers.size() - 1)).isEqualTo("Bearer pod-token-2");
  }

  @Test
  void refusesAnApiServerTheCaDoesNotVouchFor() throws Exception {
    HeldCertificate otherCa = new HeldCertificate.Builder().certificateAuthority(0).build();
    Path wrongCa = dir.resolve("other-ca.crt");
    Files.writeString(wrongCa, otherCa.certificatePem());
    CachingKeySource s = source(wrongCa);
    assertThatThrownBy(() -> get(s.keys())).cause().hasMessageContaining("unavailable");
    assertThat(apiServer.getRequestCount()).isZero();
  }

  @Test
  void rejectsDiscoveryNamingAnotherIssuer() throws Exception {
    advertisedIssuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC";
    CachingKeySource s = source(caFile);
    assertThatThrownBy(() -> get(s.keys())).cause().hasMessageContaining("OIDC discovery failed");
    assertThat(apiServer.getRequestCount()).isEqualTo(1);
  }

  @Test
  void missingCaFileIsAConfigurationError() {
    Path missing = dir.resolve("nope.crt");
    assertThatThrownBy(() -> KubernetesApiHttp.client(new OkHttpClient(), missing, tokenFile))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CA file not found").hasMessageContaining("nope.crt");
  }
}
