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

import dev.kserveauth.internal.keys.CacheSettings;
import dev.kserveauth.internal.keys.DiscoveryJwksFetcher;
import dev.kserveauth.internal.keys.JwksFetcher;
import dev.kserveauth.internal.keys.KubernetesHttp;
import dev.kserveauth.internal.keys.UrlJwksFetcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Remote key sources: a JWKS URL, OpenID Connect discovery, or the Kubernetes API server. Each is
 * cached in memory (10 min TTL, or the response's {@code Cache-Control: max-age} clamped to
 * [1 min, 24 h]), refreshed ahead of expiry in the background, fetched single-flight, refetched for an
 * unknown kid at most once per 30 s (kids still unknown after a refetch are remembered for 5 min),
 * and served stale for up to 24 h while the provider is down. Fetches are asynchronous (OkHttp), capped
 * at 64 KiB, with 2 s connect and read timeouts and no redirects.
 *
 * <pre>{@code
 * KeySource keycloak = KeySources.oidcDiscovery("https://keycloak.example.com/realms/kserve").prefetch(true).build();
 * KeySource auth0 = KeySources.jwks("https://tenant.auth0.com/.well-known/jwks.json").build();
 * KeySource cluster = KeySources.kubernetes().build();   // in-pod defaults
 * keycloak.stats().lastSuccessAge();                     // for metrics and health checks
 * }</pre>
 *
 * @since 0.1
 */
public final class KeySources {
  /** Default connect and read timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  /** Default cap on a fetched document. */
  public static final int DEFAULT_MAX_BYTES = 64 * 1024;

  static final OkHttpClient SHARED = new OkHttpClient.Builder()
      .followRedirects(false).followSslRedirects(false)
      .connectTimeout(DEFAULT_TIMEOUT).readTimeout(DEFAULT_TIMEOUT).writeTimeout(DEFAULT_TIMEOUT)
      .build();

  private KeySources() {}

  /**
   * Keys from a JWKS URL.
   *
   * @param jwksUrl an absolute {@code http} or {@code https} URL
   * @return a builder for the source
   * @throws IllegalArgumentException if {@code jwksUrl} is not an absolute http(s) URL
   */
  public static KeySourcesBuilder jwks(String jwksUrl) {
    KeySourcesBuilder b = new KeySourcesBuilder(Mode.JWKS);
    b.url = requireUrl(jwksUrl, "jwksUrl");
    return b;
  }

  /**
   * Keys from the {@code jwks_uri} of {@code <issuer>/.well-known/openid-configuration}, whose {@code issuer} must equal this one exactly.
   *
   * @param issuer the issuer URL, exactly as in the tokens' {@code iss}
   * @return a builder for the source
   */
  public static KeySourcesBuilder oidcDiscovery(String issuer) {
    KeySourcesBuilder b = new KeySourcesBuilder(Mode.DISCOVERY);
    b.issuer = Objects.requireNonNull(issuer, "issuer");
    b.url = DiscoveryJwksFetcher.discoveryUrlOf(issuer);
    return b;
  }

  /**
   * The Kubernetes service-account issuer, from inside a pod: discovery at {@code https://kubernetes.default.svc}
   * (issuer {@code https://kubernetes.default.svc.cluster.local}), keys from the API server's
   * {@code /openid/v1/jwks}, TLS trusting the pod's {@code ca.crt}, the pod's token as bearer (re-read
   * from its file for every fetch). Every location can be overridden.
   *
   * @return a builder for the source
   */
  public static KeySourcesBuilder kubernetes() {
    KeySourcesBuilder b = new KeySourcesBuilder(Mode.KUBERNETES);
    b.issuer = KubernetesHttp.DEFAULT_ISSUER;
    return b;
  }

  static HttpUrl requireUrl(String url, String what) {
    HttpUrl u = HttpUrl.parse(Objects.requireNonNull(url, what));
    if (u == null) {
      throw new IllegalArgumentException(what + " is not an http(s) URL: " + url);
    }
    return u;
  }

  enum Mode { JWKS, DISCOVERY, KUBERNETES }

}
