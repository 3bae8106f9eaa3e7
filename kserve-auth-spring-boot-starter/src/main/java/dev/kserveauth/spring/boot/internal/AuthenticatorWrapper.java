package dev.kserveauth.spring.boot.internal;

import dev.kserveauth.authn.RequestAuthenticator;

/**
 * Puts an authenticator in front of the one built from {@code kserve.auth.request-authentication}
 * (the Kubernetes TokenReview for the bearer tokens no jwtRules entry accepts). Internal.
 */
@FunctionalInterface
public interface AuthenticatorWrapper {
  /**
   * The authenticator to use.
   *
   * @param jwtRules the one of the request-authentication files, or {@code null} when none are set
   * @return the authenticator
   */
  RequestAuthenticator wrap(RequestAuthenticator jwtRules);
}
