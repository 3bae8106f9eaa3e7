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
 * Builder for {@link KubernetesTokenRequestProvider}, from {@link
 * KubernetesTokenRequestProvider#builder()}. In a pod, {@link #inCluster()} sets the API server, CA,
 * bearer and namespace; outside one set {@link #apiServer(String)}, {@link #bearer(TokenProvider)}
 * and {@link #namespace(String)}. {@link #serviceAccount(String)} is always required. Setters check
 * their argument at once (a {@code null} throws {@link NullPointerException} naming it); {@link
 * #build()} checks that the required settings are there. A builder is not thread-safe; the
 * provider it builds is.
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
   * bearer from the projected {@code token} file, and (unless set) the pod's namespace, all from
   * {@code /var/run/secrets/kubernetes.io/serviceaccount}. The namespace file is read here; the
   * token file is read (and re-read as the kubelet rotates it) by a {@link
   * ServiceAccountTokenFileProvider} that {@link #build()} creates unless {@link
   * #bearer(TokenProvider)} is set. An explicit {@link #apiServer(String)} or {@link
   * #caCertificate(Path)} set after this call wins.
   *
   * @return this builder
   * @throws IllegalStateException when {@code KUBERNETES_SERVICE_HOST} is not set (not in a pod),
   *     or the namespace file cannot be read
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

  /**
   * The Kubernetes API server base URL, e.g. {@code https://10.0.0.1:443}. Without {@link
   * #caCertificate(Path)} its certificate is checked against the JVM's default trust store.
   *
   * @param url an absolute {@code http} or {@code https} URL
   * @return this builder
   * @throws IllegalArgumentException when {@code url} is not a valid http(s) URL
   */
  public KubernetesTokenRequestProviderBuilder apiServer(String url) {
    this.apiServer = HttpUrl.get(url);
    return this;
  }

  /**
   * The PEM CA bundle that signed the API server's certificate; when set it is the only trust, in
   * place of the JVM's default trust store. The file is read by {@link #build()}.
   *
   * @param caFile the PEM file, e.g. the service account's {@code ca.crt}
   * @return this builder
   */
  public KubernetesTokenRequestProviderBuilder caCertificate(Path caFile) {
    this.caFile = Objects.requireNonNull(caFile, "caFile");
    return this;
  }

  /**
   * The credentials for calling the API server: its token is sent as {@code Authorization: Bearer}
   * with each TokenRequest. Its identity needs RBAC {@code create} on {@code
   * serviceaccounts/token} for the target service account.
   *
   * @param apiBearer the provider of the caller's own token
   * @return this builder
   */
  public KubernetesTokenRequestProviderBuilder bearer(TokenProvider apiBearer) {
    this.apiBearer = Objects.requireNonNull(apiBearer, "apiBearer");
    return this;
  }

  /**
   * The namespace of the service account (required; {@link #inCluster()} sets the pod's own when
   * none is set before it).
   *
   * @param namespace the namespace, not blank ({@link #build()} checks)
   * @return this builder
   */
  public KubernetesTokenRequestProviderBuilder namespace(String namespace) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    return this;
  }

  /**
   * The service account the token is requested for (required).
   *
   * @param serviceAccount the service account name, not blank ({@link #build()} checks)
   * @return this builder
   */
  public KubernetesTokenRequestProviderBuilder serviceAccount(String serviceAccount) {
    this.serviceAccount = Objects.requireNonNull(serviceAccount, "serviceAccount");
    return this;
  }

  /**
   * The audiences the token is for ({@code kubectl create token --audience}); the model server's
   * authentication must accept one of them. Default: none, which gives the API server's own
   * audiences. Replaces audiences set before.
   *
   * @param audiences the audiences
   * @return this builder
   * @throws NullPointerException when an audience is {@code null}
   */
  public KubernetesTokenRequestProviderBuilder audiences(String... audiences) {
    this.audiences = List.of(audiences);
    return this;
  }

  /**
   * The requested lifetime ({@code --duration}; default 1 hour). The API server may grant a
   * shorter one; the provider uses the expiry it answers with.
   *
   * @param expiration the lifetime, at least 10 minutes (the Kubernetes minimum)
   * @return this builder
   * @throws IllegalArgumentException when {@code expiration} is under 10 minutes
   */
  public KubernetesTokenRequestProviderBuilder expiration(Duration expiration) {
    if (expiration.compareTo(Duration.ofMinutes(10)) < 0) {
      throw new IllegalArgumentException("expiration must be at least 10 minutes (Kubernetes minimum): " + expiration);
    }
    this.expiration = expiration;
    return this;
  }

  /**
   * The timeout of one TokenRequest call, as OkHttp's call timeout (default 10 s); a timeout
   * surfaces as {@link TokenProviderException}.
   *
   * @param timeout the timeout; zero means none
   * @return this builder
   */
  public KubernetesTokenRequestProviderBuilder timeout(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /**
   * The clock for expiry and refresh checks (default the UTC system clock); tests pass a fixed one.
   *
   * @param clock the clock
   * @return this builder
   */
  public KubernetesTokenRequestProviderBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * The OkHttp client the TokenRequest calls derive from, to share its connection pool and
   * dispatcher (default a new {@code OkHttpClient}). The provider builds its own client from it with
   * {@link #timeout(Duration)} and {@link #caCertificate(Path)}; the one given is not changed.
   *
   * @param http the base client
   * @return this builder
   */
  public KubernetesTokenRequestProviderBuilder okHttpClient(OkHttpClient http) {
    this.http = Objects.requireNonNull(http, "http");
    return this;
  }

  /**
   * Builds the provider. No request is made here: the first TokenRequest runs on the first {@link
   * TokenProvider#token()}.
   *
   * @return a new provider
   * @throws IllegalStateException when the API server, bearer, namespace or service account is
   *     missing
   * @throws IllegalArgumentException when the CA file is missing or holds no PEM certificate, or
   *     {@link #timeout(Duration)} is negative
   */
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
