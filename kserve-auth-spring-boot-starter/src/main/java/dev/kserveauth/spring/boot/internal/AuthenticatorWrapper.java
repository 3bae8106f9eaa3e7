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
