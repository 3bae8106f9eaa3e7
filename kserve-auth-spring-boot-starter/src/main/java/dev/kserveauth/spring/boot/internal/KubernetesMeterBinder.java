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

import dev.kserveauth.authn.RequestAuthenticator;
import dev.kserveauth.kubernetes.KubernetesMeters;
import dev.kserveauth.kubernetes.SubjectAccessReviewAuthorizer;
import dev.kserveauth.kubernetes.TokenReviewAuthenticator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Puts the SubjectAccessReview and TokenReview meters ({@code kubernetes_review_*}) on the
 * application's registry, for whichever of the two the application has. Internal.
 */
public final class KubernetesMeterBinder implements MeterBinder {
  private final SubjectAccessReviewAuthorizer sar;
  private final RequestAuthenticator authenticator;

  /**
   * @param sar the SubjectAccessReview authorizer, or {@code null}
   * @param authenticator the facade's authenticator (bound when it is a TokenReview one), or {@code null}
   */
  public KubernetesMeterBinder(SubjectAccessReviewAuthorizer sar, RequestAuthenticator authenticator) {
    this.sar = sar;
    this.authenticator = authenticator;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    if (sar != null) {
      KubernetesMeters.bind(registry, sar);
    }
    if (authenticator instanceof TokenReviewAuthenticator tokenReview) {
      KubernetesMeters.bind(registry, tokenReview);
    }
  }
}
