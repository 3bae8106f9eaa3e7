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

import java.util.Map;
import java.util.Objects;

/**
 * The Kubernetes workload identity carried by a service-account token: from the bound token's
 * {@code kubernetes.io} claim ({@code namespace}, {@code serviceaccount.name}, {@code pod.name},
 * {@code node.name}) or, for legacy secret-based tokens, from the {@code kubernetes.io/serviceaccount/*}
 * claims.
 *
 * @since 0.1
 * @param namespace the service account's namespace
 * @param serviceAccount the service account's name
 * @param pod the pod the token is bound to, or {@code null} when it is not bound to a pod
 * @param node the node the token is bound to, or {@code null}
 * @param legacy whether this came from a legacy (non-expiring, secret-based) token
 */
public record KubernetesIdentity(String namespace, String serviceAccount, String pod, String node, boolean legacy) {

  /**
   * Checks the components.
   *
   * @param namespace the service account's namespace
   * @param serviceAccount the service account's name
   * @param pod the pod the token is bound to, or {@code null} when it is not bound to a pod
   * @param node the node the token is bound to, or {@code null}
   * @param legacy whether this came from a legacy (non-expiring, secret-based) token
   * @throws NullPointerException if {@code namespace} or {@code serviceAccount} is {@code null}
   */
  public KubernetesIdentity {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(serviceAccount, "serviceAccount");
  }

  /**
   * {@code system:serviceaccount:<namespace>:<name>}, the username the API server gives this identity.
   *
   * @return the service-account username
   */
  public String username() {
    return "system:serviceaccount:" + namespace + ":" + serviceAccount;
  }

  /**
   * Reads the identity from a verified claim set, or returns {@code null} when the claims carry none.
   *
   * @param claims a verified claim set
   * @return the identity or {@code null}
   */
  static KubernetesIdentity fromClaims(Map<String, Object> claims) {
    if (claims.get("kubernetes.io") instanceof Map<?, ?> k8s) {
      String ns = string(k8s.get("namespace"));
      String sa = k8s.get("serviceaccount") instanceof Map<?, ?> m ? string(m.get("name")) : null;
      if (ns == null || sa == null) {
        return null;
      }
      String pod = k8s.get("pod") instanceof Map<?, ?> m ? string(m.get("name")) : null;
      String node = k8s.get("node") instanceof Map<?, ?> m ? string(m.get("name")) : null;
      return new KubernetesIdentity(ns, sa, pod, node, false);
    }
    String ns = string(claims.get("kubernetes.io/serviceaccount/namespace"));
    String sa = string(claims.get("kubernetes.io/serviceaccount/service-account.name"));
    if (ns != null && sa != null) {
      return new KubernetesIdentity(ns, sa, null, null, true);
    }
    return null;
  }

  private static String string(Object o) {
    return o instanceof String s && !s.isEmpty() ? s : null;
  }
}
