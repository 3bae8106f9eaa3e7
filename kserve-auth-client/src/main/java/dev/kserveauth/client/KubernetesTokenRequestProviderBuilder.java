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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Builder for {@link KubernetesTokenRequestProvider}.
 *
 * @since 0.1
 */
public final class KubernetesTokenRequestProviderBuilder {
  HttpUrl apiServer;
  Path caFile;
  TokenProvider apiBearer;
  String namespace;
  String serviceAccount;
  List<String> audiences = List.of();
  Duration expiration = Duration.ofHours(1);
  Duration timeout = Duration.ofSeconds(10);
  Clock clock = Clock.systemUTC();
  OkHttpClient http;
  Path inClusterToken;

  KubernetesTokenRequestProviderBuilder() {}

  /**
   * Uses the pod's own credentials: the API server at {@code
   * https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT}, the CA in {@code ca.crt}, the
   * bearer from the projected {@code token} file, and (unless set) the pod's namespace.
   */
  public KubernetesTokenRequestProviderBuilder inCluster() {
    return inCluster(System.getenv(), KubernetesTokenRequestProvider.IN_CLUSTER_DIR);
  }

  KubernetesTokenRequestProviderBuilder inCluster(Map<String, String> env, Path saDir) {
    String host = env.get("KUBERNETES_SERVICE_HOST");
    String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
    if (host == null || host.isBlank()) {
      throw new IllegalStateException("inCluster(): KUBERNETES_SERVICE_HOST is not set; not running in a pod?");
    }
    apiServer(new HttpUrl.Builder().scheme("https").host(host).port(Integer.parseInt(port.strip())).build().toString());
    caCertificate(saDir.resolve("ca.crt"));
    inClusterToken = saDir.resolve("token"); // read with the builder's final clock, see build()
    if (namespace == null) {
      try {
        namespace = Files.readString(saDir.resolve("namespace"), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalStateException("inCluster(): cannot read " + saDir.resolve("namespace") + ": " + e, e);
      }
    }
    return this;
  }

  /** Kubernetes API server base URL, e.g. {@code https://10.0.0.1:443}. */
  public KubernetesTokenRequestProviderBuilder apiServer(String url) {
    this.apiServer = HttpUrl.get(url);
    return this;
  }

  /** PEM CA bundle that signed the API server's certificate. */
  public KubernetesTokenRequestProviderBuilder caCertificate(Path caFile) {
    this.caFile = Objects.requireNonNull(caFile, "caFile");
    return this;
  }

  /** Credentials for calling the API server. */
  public KubernetesTokenRequestProviderBuilder bearer(TokenProvider apiBearer) {
    this.apiBearer = Objects.requireNonNull(apiBearer, "apiBearer");
    return this;
  }

  /** Namespace of the service account (set by {@link #inCluster()} when not set). */
  public KubernetesTokenRequestProviderBuilder namespace(String namespace) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    return this;
  }

  /** Service account the token is requested for. */
  public KubernetesTokenRequestProviderBuilder serviceAccount(String serviceAccount) {
    this.serviceAccount = Objects.requireNonNull(serviceAccount, "serviceAccount");
    return this;
  }

  /** Audiences the token is for ({@code kubectl create token --audience}). */
  public KubernetesTokenRequestProviderBuilder audiences(String... audiences) {
    this.audiences = List.of(audiences);
    return this;
  }

  /** Requested lifetime ({@code --duration}; at least 10 minutes, default 1 hour). */
  public KubernetesTokenRequestProviderBuilder expiration(Duration expiration) {
    if (expiration.compareTo(Duration.ofMinutes(10)) < 0) {
      throw new IllegalArgumentException("expiration must be at least 10 minutes (Kubernetes minimum): " + expiration);
    }
    this.expiration = expiration;
    return this;
  }

  /** Timeout of one TokenRequest call (default 10 s). */
  public KubernetesTokenRequestProviderBuilder timeout(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /** Clock for expiry checks (default UTC system clock). */
  public KubernetesTokenRequestProviderBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** Base OkHttp client (shares its pool and dispatcher). */
  public KubernetesTokenRequestProviderBuilder okHttpClient(OkHttpClient http) {
    this.http = Objects.requireNonNull(http, "http");
    return this;
  }

  /** The provider; fails when the API server, bearer, namespace or service account is missing. */
  public KubernetesTokenRequestProvider build() {
    if (apiServer == null) {
      throw new IllegalStateException("apiServer is not set (or call inCluster())");
    }
    if (apiBearer == null && inClusterToken != null) {
      apiBearer = ServiceAccountTokenFileProvider.builder().path(inClusterToken).clock(clock).build();
    }
    if (apiBearer == null) {
      throw new IllegalStateException("bearer is not set (or call inCluster())");
    }
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalStateException("namespace is not set");
    }
    if (serviceAccount == null || serviceAccount.isBlank()) {
      throw new IllegalStateException("serviceAccount is not set");
    }
    return new KubernetesTokenRequestProvider(this);
  }
}
