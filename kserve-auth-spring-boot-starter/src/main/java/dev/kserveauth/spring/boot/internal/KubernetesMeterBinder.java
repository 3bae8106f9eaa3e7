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
