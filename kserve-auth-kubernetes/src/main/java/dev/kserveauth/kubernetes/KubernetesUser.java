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

import dev.kserveauth.authn.KubernetesIdentity;
import dev.kserveauth.authn.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A caller as the Kubernetes API server knows it: the {@code user}, {@code uid}, {@code groups} and
 * {@code extra} of a SubjectAccessReview, and of a TokenReview's {@code status.user}.
 *
 * @since 0.1
 * @param username the username, for example {@code system:serviceaccount:team-a:scorer}
 * @param uid the uid, or {@code ""}
 * @param groups the groups, in order
 * @param extra extra attributes (key to values), in order
 */
public record KubernetesUser(String username, String uid, List<String> groups, Map<String, List<String>> extra) {

  /** The extra key of the pod a bound service-account token belongs to. */
  public static final String POD_NAME = "authentication.kubernetes.io/pod-name";
  /** The extra key of that pod's uid. */
  public static final String POD_UID = "authentication.kubernetes.io/pod-uid";
  /** The extra key of the node the pod runs on. */
  public static final String NODE_NAME = "authentication.kubernetes.io/node-name";
  /** The extra key of that node's uid. */
  public static final String NODE_UID = "authentication.kubernetes.io/node-uid";
  /** The extra key of the token's credential id ({@code JTI=<jti>}). */
  public static final String CREDENTIAL_ID = "authentication.kubernetes.io/credential-id";

  /**
   * Checks the username and copies the groups and extra, keeping their order, so the record is
   * immutable.
   *
   * @param username the username, not empty
   * @param uid the uid, or {@code null} or {@code ""} when unknown
   * @param groups the groups, in order
   * @param extra extra attributes (key to values), in order
   * @throws NullPointerException when {@code username}, {@code groups} or {@code extra} is
   *     {@code null}, or they hold a {@code null}
   * @throws IllegalArgumentException when {@code username} is empty
   */
  public KubernetesUser {
    Objects.requireNonNull(username, "username");
    if (username.isEmpty()) {
      throw new IllegalArgumentException("username is empty");
    }
    uid = uid == null ? "" : uid;
    groups = List.copyOf(groups);
    Map<String, List<String>> e = new LinkedHashMap<>();
    extra.forEach((k, v) -> e.put(k, List.copyOf(v)));
    extra = Collections.unmodifiableMap(e);
  }

  /**
   * The user the API server itself derives from a service-account token, from its verified claims
   * (kubernetes {@code pkg/serviceaccount/claims.go} and
   * {@code k8s.io/apiserver/pkg/authentication/serviceaccount/util.go}): username
   * {@code system:serviceaccount:<ns>:<sa>}; uid the service account's uid; groups
   * {@code system:serviceaccounts}, {@code system:serviceaccounts:<ns>} and {@code system:authenticated};
   * extra {@code pod-name} and {@code pod-uid} (when both are known), {@code credential-id}
   * {@code JTI=<jti>} (bound tokens with a {@code jti}), {@code node-name} and, with it, {@code node-uid}.
   * For a {@link TokenReviewAuthenticator} principal: its {@code status.user}.
   *
   * @param principal a verified principal
   * @return the user, or empty when the principal is neither a service account nor reviewed, or
   *     when its {@code sub} disagrees with its {@code kubernetes.io} claims
   */
  public static Optional<KubernetesUser> of(Principal principal) {
    if (principal == null) {
      return Optional.empty();
    }
    if (TokenReviewAuthenticator.ISSUER.equals(principal.issuer())) {
      return TokenReviewAuthenticator.userOf(principal);
    }
    KubernetesIdentity k = principal.kubernetes();
    if (k == null) {
      return Optional.empty();
    }
    String username = k.username();
    if (!principal.subject().isEmpty() && !principal.subject().equals(username)) {
      return Optional.empty();
    }
    List<String> groups = List.of("system:serviceaccounts", "system:serviceaccounts:" + k.namespace(),
        "system:authenticated");
    Map<String, List<String>> extra = new LinkedHashMap<>();
    String uid;
    if (k.legacy()) {
      uid = string(principal.claims().get("kubernetes.io/serviceaccount/service-account.uid"));
    } else {
      Map<?, ?> kio = principal.claims().get("kubernetes.io") instanceof Map<?, ?> m ? m : Map.of();
      uid = string(sub(kio, "serviceaccount", "uid"));
      String podName = string(sub(kio, "pod", "name"));
      String podUid = string(sub(kio, "pod", "uid"));
      if (!podName.isEmpty() && !podUid.isEmpty()) {
        extra.put(POD_NAME, List.of(podName));
        extra.put(POD_UID, List.of(podUid));
      }
      String jti = string(principal.claims().get("jti"));
      if (!jti.isEmpty()) {
        extra.put(CREDENTIAL_ID, List.of("JTI=" + jti));
      }
      String nodeName = string(sub(kio, "node", "name"));
      if (!nodeName.isEmpty()) {
        extra.put(NODE_NAME, List.of(nodeName));
        String nodeUid = string(sub(kio, "node", "uid"));
        if (!nodeUid.isEmpty()) {
          extra.put(NODE_UID, List.of(nodeUid));
        }
      }
    }
    return Optional.of(new KubernetesUser(username, uid, groups, extra));
  }

  private static Object sub(Map<?, ?> m, String a, String b) {
    return m.get(a) instanceof Map<?, ?> inner ? inner.get(b) : null;
  }

  private static String string(Object o) {
    return o instanceof String s ? s : "";
  }

  /** The groups and extra as a principal's claims carry them (lists of strings). */
  static List<String> stringList(Object o) {
    List<String> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      for (Object x : l) {
        if (x instanceof String s) {
          out.add(s);
        }
      }
    }
    return out;
  }
}
