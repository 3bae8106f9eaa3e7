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

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Builds a {@link KubernetesApi}.
 *
 * @since 0.1
 */
public final class KubernetesApiBuilder {
  HttpUrl url;
  Path caFile;
  Path tokenFile;
  String namespace;
  Path namespaceFile;
  Duration timeout = Duration.ofSeconds(5);

  KubernetesApiBuilder() {}

  /**
   * The API server's base URL; must be https.
   *
   * @param url for example {@code https://127.0.0.1:6443}
   * @return this builder
   */
  public KubernetesApiBuilder url(String url) {
    HttpUrl u = HttpUrl.parse(Objects.requireNonNull(url, "url"));
    if (u == null || !u.isHttps()) {
      throw new IllegalArgumentException("the Kubernetes API server URL must be an https URL: " + url);
    }
    this.url = u;
    return this;
  }

  /**
   * The PEM CA bundle to trust for the API server; without it the JVM's default trust store applies.
   *
   * @param caFile the bundle
   * @return this builder
   */
  public KubernetesApiBuilder caFile(Path caFile) {
    this.caFile = caFile;
    return this;
  }

  /**
   * The file holding this process's bearer token for the API server, re-read on every call.
   *
   * @param tokenFile the token file
   * @return this builder
   */
  public KubernetesApiBuilder tokenFile(Path tokenFile) {
    this.tokenFile = tokenFile;
    return this;
  }

  /**
   * The namespace this process runs in (KServe's default SubjectAccessReview namespace).
   *
   * @param namespace the namespace
   * @return this builder
   */
  public KubernetesApiBuilder namespace(String namespace) {
    this.namespace = namespace;
    return this;
  }

  /**
   * A file holding the namespace (the service-account mount's {@code namespace}); read once.
   *
   * @param namespaceFile the file
   * @return this builder
   */
  public KubernetesApiBuilder namespaceFile(Path namespaceFile) {
    this.namespaceFile = namespaceFile;
    return this;
  }

  /**
   * The timeout of one API call; default 5 s.
   *
   * @param timeout positive
   * @return this builder
   */
  public KubernetesApiBuilder timeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  /**
   * Builds the API access.
   *
   * @return the API
   * @throws IllegalStateException when no URL was given
   * @throws IllegalArgumentException when the CA file is missing or holds no certificate
   */
  public KubernetesApi build() {
    if (url == null) {
      throw new IllegalStateException("the Kubernetes API server URL is not set");
    }
    return new KubernetesApi(this);
  }
}
