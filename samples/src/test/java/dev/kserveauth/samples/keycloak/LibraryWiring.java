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
package dev.kserveauth.samples.keycloak;

import dev.kserveauth.authn.IssuerSettings;
import dev.kserveauth.authn.IssuerSettingsBuilder;
import dev.kserveauth.authn.KeySource;
import dev.kserveauth.authn.KeySources;
import dev.kserveauth.authn.TokenValidator;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * How the Keycloak tests build the library's validator: {@link KeySources#oidcDiscovery} (discovery
 * at {@code <issuer>/.well-known/openid-configuration}, then the advertised {@code jwks_uri}) with
 * the library's cache defaults, except a 10 s fetch timeout: Keycloak on a loaded 2-core test
 * machine sometimes needs more than the default 2 s to answer.
 */
final class LibraryWiring {

  /** Fetch timeout for key sources in these tests. */
  static final Duration KEY_FETCH_TIMEOUT = Duration.ofSeconds(10);

  private LibraryWiring() {}

  /** A discovery key source for this issuer with the library's default cache timing. */
  static KeySource discovery(String issuer, Clock clock) {
    return KeySources.oidcDiscovery(issuer).clock(clock).timeout(KEY_FETCH_TIMEOUT).build();
  }

  /** A validator trusting the Keycloak realm, audience {@code kserve-api}, default settings otherwise. */
  static TokenValidator validator(KeycloakServer keycloak) {
    return validator(keycloak, Clock.systemUTC(), b -> b.audiences(KeycloakRealm.AUDIENCE));
  }

  /**
   * A validator trusting the Keycloak realm through discovery.
   *
   * @param clock the validator's (and key cache's) clock
   * @param settings the issuer settings besides the key source (the audience decision included)
   */
  static TokenValidator validator(KeycloakServer keycloak, Clock clock, Consumer<IssuerSettingsBuilder> settings) {
    return validator(keycloak.issuer(), discovery(keycloak.issuer(), clock), clock, settings);
  }

  static TokenValidator validator(String issuer, KeySource keys, Clock clock, Consumer<IssuerSettingsBuilder> settings) {
    IssuerSettingsBuilder b = IssuerSettings.builder(issuer).keySource(keys);
    settings.accept(b);
    return TokenValidator.builder().issuer(b.build()).clock(clock).build();
  }
}
