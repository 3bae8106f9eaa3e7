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
package dev.kserveauth.samples;

import dev.kserveauth.authz.ExternalAuthorizer;
import dev.kserveauth.kubernetes.KubernetesApi;
import dev.kserveauth.kubernetes.KubernetesApiBuilder;
import dev.kserveauth.kubernetes.SubjectAccessReviewAuthorizer;
import dev.kserveauth.kubernetes.TokenReviewAuthenticator;
import dev.kserveauth.kubernetes.TokenReviewAuthenticatorBuilder;
import dev.kserveauth.authn.RequestAuthenticator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The predictor's Kubernetes-RBAC mode: {@code --kubernetes-authorization FILE} (kube-rbac-proxy's
 * configuration; registers the SubjectAccessReview provider as {@code kubernetes-rbac}),
 * {@code --token-review} (TokenReview for bearer tokens no jwtRules entry accepts), and, outside a
 * cluster, {@code --kube-api URL --kube-ca FILE --kube-token-file FILE --namespace NS}.
 */
final class KubernetesMode {
  static final String AUTHORIZATION = "kubernetes-authorization";
  static final String TOKEN_REVIEW = "token-review";
  static final Set<String> OPTIONS = Set.of(AUTHORIZATION, "kube-api", "kube-ca", "kube-token-file", "namespace");
  static final Set<String> FLAGS = Set.of(TOKEN_REVIEW);
  static final String USAGE = String.join("\n",
      "          [--kubernetes-authorization FILE] [--token-review]",
      "          [--kube-api URL --kube-ca FILE --kube-token-file FILE] [--namespace NS]",
      "    --kubernetes-authorization: kube-rbac-proxy's config file; CUSTOM policies naming",
      "    provider kubernetes-rbac are decided by SubjectAccessReviews; --token-review: bearer tokens no",
      "    jwtRules entry accepts are checked with a TokenReview; --kube-*: the API server outside a cluster");

  private final KubernetesApi api;
  private final Args args;

  private KubernetesMode(Args args, KubernetesApi api) {
    this.args = args;
    this.api = api;
  }

  /** The mode, or {@code null} when no Kubernetes option is given. */
  static KubernetesMode of(Args a) {
    if (!a.has(AUTHORIZATION) && !a.has(TOKEN_REVIEW)) {
      for (String o : OPTIONS) {
        if (a.has(o)) {
          throw new Args.UsageException("--" + o + " needs --kubernetes-authorization or --token-review");
        }
      }
      return null;
    }
    KubernetesApiBuilder b;
    if (a.has("kube-api")) {
      b = KubernetesApi.builder().url(a.one("kube-api"));
      if (a.has("kube-ca")) {
        b.caFile(existing(a.one("kube-ca"), "kube-ca"));
      }
      if (a.has("kube-token-file")) {
        b.tokenFile(existing(a.one("kube-token-file"), "kube-token-file"));
      }
    } else {
      if (a.has("kube-ca") || a.has("kube-token-file")) {
        throw new Args.UsageException("--kube-ca and --kube-token-file go with --kube-api");
      }
      try {
        b = KubernetesApi.inClusterBuilder();
      } catch (IllegalStateException e) {
        throw new Args.UsageException(e.getMessage() + " (--kube-api URL)");
      }
    }
    if (a.has("namespace")) {
      b.namespace(a.one("namespace"));
    }
    try {
      return new KubernetesMode(a, b.build());
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException(e.getMessage());
    }
  }

  private static Path existing(String file, String option) {
    Path p = Path.of(file);
    if (!Files.isRegularFile(p)) {
      throw new Args.UsageException("--" + option + " " + file + " does not exist");
    }
    return p;
  }

  /** The authenticator: TokenReview in front of the jwtRules one with {@code --token-review}. */
  RequestAuthenticator authenticator(RequestAuthenticator jwt) {
    if (!args.has(TOKEN_REVIEW)) {
      return jwt;
    }
    TokenReviewAuthenticatorBuilder b = TokenReviewAuthenticator.builder(api);
    if (jwt != null) {
      b.delegate(jwt);
    }
    return b.build();
  }

  /** The providers to register: {@code kubernetes-rbac} with {@code --kubernetes-authorization}. */
  Map<String, ExternalAuthorizer> authorizers() {
    if (!args.has(AUTHORIZATION)) {
      return Map.of();
    }
    Path file = existing(args.one(AUTHORIZATION), AUTHORIZATION);
    try {
      return Map.of(SubjectAccessReviewAuthorizer.PROVIDER_NAME,
          SubjectAccessReviewAuthorizer.builder(api).configFile(file).build());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new Args.UsageException("--" + AUTHORIZATION + ": " + e.getMessage());
    }
  }

  boolean tokenReview() {
    return args.has(TOKEN_REVIEW);
  }

  String describe() {
    return "; Kubernetes API " + api.url() + (args.has(AUTHORIZATION) ? ", SubjectAccessReview provider kubernetes-rbac"
        : "") + (args.has(TOKEN_REVIEW) ? ", TokenReview" : "");
  }
}
