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
package dev.kserveauth.kubernetes;

import dev.kserveauth.http.KubernetesApiHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Where and how this process reaches the Kubernetes API server for TokenReviews and
 * SubjectAccessReviews: the URL, the CA bundle it trusts, and the bearer token it sends (its own
 * service-account token, re-read from its file on every call so that the kubelet's rotation is
 * picked up). Immutable and thread-safe; share one per process.
 *
 * <pre>{@code
 * KubernetesApi api = KubernetesApi.inCluster();                  // in a pod
 * KubernetesApi dev = KubernetesApi.builder()                     // outside a cluster
 *     .url("https://127.0.0.1:6443")
 *     .caFile(Path.of("ca.crt"))
 *     .tokenFile(Path.of("token"))
 *     .namespace("team-a")
 *     .build();
 * }</pre>
 *
 * <p>In a pod, {@link #inCluster()} reads {@code KUBERNETES_SERVICE_HOST} and
 * {@code KUBERNETES_SERVICE_PORT} (as client-go's {@code rest.InClusterConfig} does) and the
 * service-account mount ({@code ca.crt}, {@code token}, {@code namespace}). There is no kubeconfig
 * support: see docs/kubernetes.md for why and for the equivalent flags.
 *
 * @since 0.1
 */
public final class KubernetesApi {

  /** The service-account mount every pod gets unless {@code automountServiceAccountToken: false}. */
  public static final Path SERVICE_ACCOUNT_DIR = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  private final HttpUrl url;
  private final String namespace;
  private final OkHttpClient http;
  private final Duration timeout;

  KubernetesApi(KubernetesApiBuilder b) {
    this.url = b.url;
    this.namespace = b.namespace != null ? b.namespace : readNamespace(b.namespaceFile);
    this.timeout = b.timeout;
    OkHttpClient base = new OkHttpClient.Builder()
        .callTimeout(b.timeout)
        .connectTimeout(b.timeout)
        .readTimeout(b.timeout)
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false)
        .build();
    this.http = KubernetesApiHttp.client(base, b.caFile, b.tokenFile);
  }

  /**
   * The API server as a pod sees it: {@code https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT},
   * trusting only the mounted {@code ca.crt}, authenticating with the mounted {@code token}.
   *
   * @return the in-cluster API
   * @throws IllegalStateException when {@code KUBERNETES_SERVICE_HOST} or {@code KUBERNETES_SERVICE_PORT} is unset
   */
  public static KubernetesApi inCluster() {
    return inCluster(System.getenv(), SERVICE_ACCOUNT_DIR);
  }

  /**
   * A builder prefilled with the in-cluster settings of {@link #inCluster()}, to override some of them
   * (the namespace, the timeout).
   *
   * @return the builder
   * @throws IllegalStateException when not in a pod
   */
  public static KubernetesApiBuilder inClusterBuilder() {
    return inClusterBuilder(System.getenv(), SERVICE_ACCOUNT_DIR);
  }

  static KubernetesApi inCluster(Map<String, String> env, Path serviceAccountDir) {
    return inClusterBuilder(env, serviceAccountDir).build();
  }

  static KubernetesApiBuilder inClusterBuilder(Map<String, String> env, Path serviceAccountDir) {
    String host = env.get("KUBERNETES_SERVICE_HOST");
    String port = env.get("KUBERNETES_SERVICE_PORT");
    if (host == null || host.isBlank() || port == null || port.isBlank()) {
      throw new IllegalStateException("not running in a Kubernetes pod: KUBERNETES_SERVICE_HOST and "
          + "KUBERNETES_SERVICE_PORT must be set (outside a cluster, give the API server URL, CA and token explicitly)");
    }
    // an IPv6 service host needs brackets in a URL
    String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    return builder()
        .url("https://" + h + ":" + port.trim())
        .caFile(serviceAccountDir.resolve("ca.crt"))
        .tokenFile(serviceAccountDir.resolve("token"))
        .namespaceFile(serviceAccountDir.resolve("namespace"));
  }

  /**
   * A builder for an explicit API server (development outside a cluster, tests).
   *
   * @return a new builder
   */
  public static KubernetesApiBuilder builder() {
    return new KubernetesApiBuilder();
  }

  /**
   * The API server's base URL.
   *
   * @return the URL as {@code okhttp3.HttpUrl} prints it, e.g. {@code https://127.0.0.1:6443/}
   */
  public String url() {
    return url.toString();
  }

  /**
   * The namespace this process runs in (explicit, else the service-account mount's {@code namespace}
   * file), or {@code null} when unknown.
   *
   * @return the namespace or {@code null}
   */
  public String namespace() {
    return namespace;
  }

  /**
   * The timeout of one API call (connect, read and the whole call).
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  HttpUrl resolve(String path) {
    return Objects.requireNonNull(url.resolve(path), path);
  }

  OkHttpClient http() {
    return http;
  }

  private static String readNamespace(Path file) {
    if (file == null) {
      return null;
    }
    try {
      String ns = Files.readString(file, StandardCharsets.UTF_8).trim();
      return ns.isEmpty() ? null : ns;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the namespace file " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "KubernetesApi[" + url + ", namespace=" + namespace + "]";
  }
}
