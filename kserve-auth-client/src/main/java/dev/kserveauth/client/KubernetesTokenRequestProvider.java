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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Gets short-lived, audience-bound service-account tokens from the Kubernetes TokenRequest API,
 * as {@code kubectl create token SA -n NS --audience=A --duration=1h} does:
 * {@code POST /api/v1/namespaces/{ns}/serviceaccounts/{sa}/token} with
 * {@code spec.audiences} and {@code spec.expirationSeconds}.
 *
 * <p>The token is refreshed single-flight once 80% of its lifetime (measured from when the request
 * was sent to {@code status.expirationTimestamp}) has passed, the same rule the kubelet uses. The
 * API server may shorten the lifetime; the returned timestamp wins. The caller needs RBAC {@code
 * create} on {@code serviceaccounts/token}.
 *
 * <pre>{@code
 * TokenProvider tokens = KubernetesTokenRequestProvider.builder()
 *     .inCluster()                                  // API URL, CA and bearer from the pod
 *     .serviceAccount("default-editor")
 *     .audiences("istio-ingressgateway.istio-system.svc.cluster.local")
 *     .expiration(Duration.ofHours(1))
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class KubernetesTokenRequestProvider implements TokenProvider {
  private static final MediaType JSON = MediaType.get("application/json");
  static final Path IN_CLUSTER_DIR = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  private final CachingTokenProvider cache;
  private final OkHttpClient http;
  private final HttpUrl url;
  private final TokenProvider apiBearer;
  private final List<String> audiences;
  private final long expirationSeconds;
  private final Clock clock;
  private final String subject;

  KubernetesTokenRequestProvider(KubernetesTokenRequestProviderBuilder b) {
    this.audiences = List.copyOf(b.audiences);
    this.expirationSeconds = b.expiration.toSeconds();
    this.clock = b.clock;
    this.apiBearer = b.apiBearer;
    this.subject = "serviceaccount " + b.namespace + "/" + b.serviceAccount;
    this.url = b.apiServer.newBuilder()
        .addPathSegments("api/v1/namespaces").addPathSegment(b.namespace)
        .addPathSegment("serviceaccounts").addPathSegment(b.serviceAccount).addPathSegment("token")
        .build();
    OkHttpClient.Builder hb = (b.http == null ? new OkHttpClient() : b.http).newBuilder()
        .callTimeout(b.timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (b.caFile != null) {
      Tls.trustOnly(hb, b.caFile);
    }
    this.http = hb.build();
    this.cache = CachingTokenProvider.builder(this::fetch).clock(b.clock).name("TokenRequest for " + subject).build();
  }

  /**
   * A builder; start with {@link KubernetesTokenRequestProviderBuilder#inCluster()} in a pod.
   *
   * @return a new builder
   */
  public static KubernetesTokenRequestProviderBuilder builder() {
    return new KubernetesTokenRequestProviderBuilder();
  }

  @Override
  public AccessToken token() {
    return cache.token();
  }

  @Override
  public AccessToken refresh(String rejected) {
    return cache.refresh(rejected);
  }

  private AccessToken fetch() throws IOException {
    ObjectNode body = Tokens.JSON.createObjectNode();
    body.put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenRequest");
    ObjectNode spec = body.putObject("spec");
    audiences.forEach(spec.putArray("audiences")::add);
    spec.put("expirationSeconds", expirationSeconds);
    Request request = new Request.Builder().url(url)
        .header("Authorization", "Bearer " + apiBearer.token().value())
        .header("Accept", "application/json")
        .post(RequestBody.create(Tokens.JSON.writeValueAsBytes(body), JSON))
        .build();
    Instant sent = clock.instant();
    try (Response response = http.newCall(request).execute()) {
      ResponseBody rb = response.body();
      String text = rb == null ? "" : rb.string();
      if (!response.isSuccessful()) {
        String message = text;
        try {
          JsonNode status = Tokens.JSON.readTree(text);
          if (status != null && status.hasNonNull("message")) {
            message = status.get("message").asText();
          }
        } catch (IOException ignored) {
          // plain-text error body
        }
        throw new TokenProviderException("TokenRequest for " + subject + " failed: " + response.code() + " "
            + truncate(message));
      }
      JsonNode status = Tokens.JSON.readTree(text).path("status");
      String token = status.path("token").asText("");
      String expiration = status.path("expirationTimestamp").asText("");
      if (token.isEmpty() || expiration.isEmpty()) {
        throw new TokenProviderException("TokenRequest for " + subject
            + " answered without status.token or status.expirationTimestamp");
      }
      Instant expiresAt = OffsetDateTime.parse(expiration).toInstant();
      Duration lifetime = Duration.between(sent, expiresAt);
      Instant refreshAt = sent.plusMillis(lifetime.toMillis() * 8 / 10);
      return new AccessToken(token, expiresAt, refreshAt);
    } catch (IOException e) {
      throw new TokenProviderException("TokenRequest for " + subject + " to " + url.host() + " failed: " + e, e);
    }
  }

  private static String truncate(String s) {
    return s.length() > 512 ? s.substring(0, 512) + "…" : s;
  }

  @Override
  public String toString() {
    return "KubernetesTokenRequestProvider[" + subject + ", audiences=" + audiences + "]";
  }
}
