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
package dev.kserveauth.spring.boot.internal;

import dev.kserveauth.kubernetes.KubernetesApi;
import dev.kserveauth.kubernetes.KubernetesApiBuilder;
import dev.kserveauth.kubernetes.SubjectAccessReviewAuthorizer;
import dev.kserveauth.kubernetes.TokenReviewAuthenticator;
import dev.kserveauth.kubernetes.TokenReviewAuthenticatorBuilder;
import dev.kserveauth.spring.boot.KServeAuthProperties;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds the Kubernetes parts from {@code kserve.auth.kubernetes.*}, with errors that name the
 * property (and the file, and its line for kube-rbac-proxy's configuration). Loaded only when
 * kserve-auth-kubernetes is on the class path. Internal.
 */
public final class KubernetesSettings {
  /** The properties' prefix. */
  public static final String PREFIX = KServeAuthProperties.PREFIX + ".kubernetes";

  private KubernetesSettings() {}

  /**
   * The API server: {@code api-url} (with {@code ca-file}, {@code token-file}) outside a cluster, else
   * the pod's environment and service-account mount; {@code namespace} overrides the mount's.
   *
   * @param k the properties
   * @return the API access
   * @throws IllegalStateException naming the property when a value is bad or, without api-url, not in a pod
   */
  public static KubernetesApi api(KServeAuthProperties.Kubernetes k) {
    KubernetesApiBuilder b;
    if (present(k.getApiUrl())) {
      try {
        b = KubernetesApi.builder().url(k.getApiUrl().strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(PREFIX + ".api-url: " + e.getMessage(), e);
      }
      if (k.getCaFile() != null) {
        b.caFile(existing(k.getCaFile(), "ca-file"));
      }
      if (k.getTokenFile() != null) {
        b.tokenFile(existing(k.getTokenFile(), "token-file"));
      }
    } else {
      if (k.getCaFile() != null || k.getTokenFile() != null) {
        throw new IllegalStateException(PREFIX + ".ca-file and " + PREFIX + ".token-file go with " + PREFIX
            + ".api-url (in a pod the service-account mount's are used)");
      }
      try {
        b = KubernetesApi.inClusterBuilder();
      } catch (IllegalStateException e) {
        throw new IllegalStateException(PREFIX + ": " + e.getMessage() + " (set " + PREFIX + ".api-url, "
            + PREFIX + ".ca-file and " + PREFIX + ".token-file)", e);
      }
    }
    if (present(k.getNamespace())) {
      b.namespace(k.getNamespace().strip());
    }
    try {
      return b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalStateException(PREFIX + ": " + e.getMessage(), e);
    }
  }

  /**
   * The SubjectAccessReview authorizer of kube-rbac-proxy's configuration file {@code authorization}.
   *
   * @param k the properties
   * @param api the API server
   * @return the authorizer
   * @throws IllegalStateException naming the property and the file (and line) when it is missing or invalid
   */
  public static SubjectAccessReviewAuthorizer authorizer(KServeAuthProperties.Kubernetes k, KubernetesApi api) {
    Path file = existing(k.getAuthorization(), "authorization");
    try {
      return SubjectAccessReviewAuthorizer.builder(api).configFile(file).build();
    } catch (RuntimeException e) {
      throw new IllegalStateException(PREFIX + ".authorization: " + e.getMessage(), e);
    }
  }

  /**
   * TokenReview for the bearer tokens the jwtRules authenticator does not accept (all of them without one).
   *
   * @param api the API server
   * @return the wrapper
   */
  public static AuthenticatorWrapper tokenReview(KubernetesApi api) {
    return jwt -> {
      TokenReviewAuthenticatorBuilder b = TokenReviewAuthenticator.builder(api);
      if (jwt != null) {
        b.delegate(jwt);
      }
      return b.build();
    };
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }

  private static Path existing(Path file, String property) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(PREFIX + "." + property + ": " + file + " does not exist or is not a file");
    }
    if (!Files.isReadable(file)) {
      throw new IllegalStateException(PREFIX + "." + property + ": " + file + " is not readable");
    }
    return file;
  }
}
