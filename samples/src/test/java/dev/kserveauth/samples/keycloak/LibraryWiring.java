package dev.kserveauth.samples.keycloak;

import dev.kserveauth.internal.keys.CacheSettings;
import dev.kserveauth.internal.keys.CachingKeySource;
import dev.kserveauth.internal.keys.DiscoveryJwksFetcher;
import dev.kserveauth.token.IssuerSettings;
import dev.kserveauth.token.JwkSet;
import dev.kserveauth.token.KeySource;
import dev.kserveauth.token.TokenValidator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/**
 * How the Keycloak tests build the library's validator: OIDC discovery at
 * {@code <issuer>/.well-known/openid-configuration}, then the advertised {@code jwks_uri}, cached by
 * the library's caching key source. The one place to change when the key-source wiring moves.
 */
final class LibraryWiring {

  private static final OkHttpClient HTTP = new OkHttpClient();

  private LibraryWiring() {}

  /** A discovery key source for this issuer with the library's default cache timing. */
  static KeySource discovery(String issuer, Clock clock) {
    DiscoveryJwksFetcher fetcher = new DiscoveryJwksFetcher(HTTP, DiscoveryJwksFetcher.discoveryUrlOf(issuer),
        issuer, null, 1 << 20);
    return new CachingKeySource(issuer, fetcher, json -> JwkSet.parse(new String(json, StandardCharsets.UTF_8)),
        CacheSettings.DEFAULTS, clock);
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
  static TokenValidator validator(KeycloakServer keycloak, Clock clock, Consumer<IssuerSettings.Builder> settings) {
    return validator(keycloak.issuer(), discovery(keycloak.issuer(), clock), clock, settings);
  }

  static TokenValidator validator(String issuer, KeySource keys, Clock clock, Consumer<IssuerSettings.Builder> settings) {
    IssuerSettings.Builder b = IssuerSettings.builder(issuer).keySource(keys);
    settings.accept(b);
    return TokenValidator.builder().issuer(b.build()).clock(clock).build();
  }
}
