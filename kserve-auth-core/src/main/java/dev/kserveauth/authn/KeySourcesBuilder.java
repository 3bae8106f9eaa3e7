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

import static dev.kserveauth.authn.KeySources.DEFAULT_MAX_BYTES;
import static dev.kserveauth.authn.KeySources.DEFAULT_TIMEOUT;
import static dev.kserveauth.authn.KeySources.SHARED;
import static dev.kserveauth.authn.KeySources.requireUrl;

import dev.kserveauth.authn.KeySources.Mode;

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
 * Settings of a remote key source; every setting is optional.
 *
 * @since 0.1
 */
public final class KeySourcesBuilder {
  final Mode mode;
  String issuer;
  HttpUrl url;
  String apiServer = KubernetesHttp.DEFAULT_API_SERVER;
  Path caFile = KubernetesHttp.DEFAULT_CA_FILE;
  Path tokenFile = KubernetesHttp.DEFAULT_TOKEN_FILE;
  Duration timeout = DEFAULT_TIMEOUT;
  int maxBytes = DEFAULT_MAX_BYTES;
  CacheSettings cache = CacheSettings.DEFAULTS;
  private Clock clock = Clock.systemUTC();
  OkHttpClient client = SHARED;
  boolean prefetch;
  dev.kserveauth.metrics.AuthMetrics metrics;

  KeySourcesBuilder(Mode mode) {
    this.mode = mode;
  }

  /**
   * The issuer the keys belong to: checked against discovery, used in logs.
   *
   * @param value the issuer URL, exactly as in the tokens' {@code iss} claim
   * @return this builder
   */
  public KeySourcesBuilder issuer(String value) {
    issuer = Objects.requireNonNull(value, "issuer");
    return this;
  }

  /**
   * A discovery document URL other than {@code <issuer>/.well-known/openid-configuration}.
   *
   * @param value an absolute {@code http} or {@code https} URL
   * @return this builder
   * @throws IllegalStateException if this builder is not for a discovery key source
   */
  public KeySourcesBuilder discoveryUrl(String value) {
    requireMode(Mode.DISCOVERY, "discoveryUrl");
    url = requireUrl(value, "discoveryUrl");
    return this;
  }

  /**
   * The API server base URL (default {@code https://kubernetes.default.svc}).
   *
   * @param value an absolute {@code http} or {@code https} URL
   * @return this builder
   * @throws IllegalStateException if this builder is not for a Kubernetes key source
   */
  public KeySourcesBuilder apiServer(String value) {
    requireMode(Mode.KUBERNETES, "apiServer");
    requireUrl(value, "apiServer");
    apiServer = value;
    return this;
  }

  /**
   * The CA bundle the API server's certificate must chain to (default: the pod's {@code ca.crt}).
   *
   * @param value a PEM file with one or more certificates
   * @return this builder
   * @throws IllegalStateException if this builder is not for a Kubernetes key source
   */
  public KeySourcesBuilder caFile(Path value) {
    requireMode(Mode.KUBERNETES, "caFile");
    caFile = Objects.requireNonNull(value, "caFile");
    return this;
  }

  /**
   * The bearer token file (default: the pod's service-account token).
   *
   * @param value a file holding the token; it is re-read on every fetch, so rotated tokens are picked up
   * @return this builder
   * @throws IllegalStateException if this builder is not for a Kubernetes key source
   */
  public KeySourcesBuilder tokenFile(Path value) {
    requireMode(Mode.KUBERNETES, "tokenFile");
    tokenFile = Objects.requireNonNull(value, "tokenFile");
    return this;
  }

  /**
   * Connect and read timeout (default 2 s); a whole fetch may take at most twice this.
   *
   * @param value the timeout, positive
   * @return this builder
   * @throws IllegalArgumentException if {@code value} is zero or negative
   */
  public KeySourcesBuilder timeout(Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + value);
    }
    timeout = value;
    return this;
  }

  /**
   * Largest JWKS or discovery document accepted (default 64 KiB).
   *
   * @param value the limit in bytes, at least 1024
   * @return this builder
   * @throws IllegalArgumentException if {@code value} is below 1024
   */
  public KeySourcesBuilder maxDocumentBytes(int value) {
    if (value < 1024) {
      throw new IllegalArgumentException("maxDocumentBytes must be at least 1024, was " + value);
    }
    maxBytes = value;
    return this;
  }

  /**
   * TTL when the response carries no usable {@code max-age} (default 10 min).
   *
   * @param value the fallback cache lifetime of a fetched key set
   * @return this builder
   */
  public KeySourcesBuilder ttl(Duration value) {
    cache = new CacheSettings(value, cache.minTtl(), cache.maxTtl(), cache.refreshAhead(), cache.unknownKidFloor(),
        cache.negativeTtl(), cache.staleIfError(), cache.retryAfterFailure());
    return this;
  }

  /**
   * Bounds {@code Cache-Control: max-age} is clamped to (default 1 min – 24 h).
   *
   * @param min the shortest lifetime a {@code max-age} may give
   * @param max the longest lifetime a {@code max-age} may give
   * @return this builder
   */
  public KeySourcesBuilder maxAgeBounds(Duration min, Duration max) {
    cache = new CacheSettings(cache.ttl(), min, max, cache.refreshAhead(), cache.unknownKidFloor(),
        cache.negativeTtl(), cache.staleIfError(), cache.retryAfterFailure());
    return this;
  }

  /**
   * How long before expiry a background refresh starts (default 60 s, at most half the TTL).
   *
   * @param value the lead time before expiry
   * @return this builder
   */
  public KeySourcesBuilder refreshAhead(Duration value) {
    cache = new CacheSettings(cache.ttl(), cache.minTtl(), cache.maxTtl(), value, cache.unknownKidFloor(),
        cache.negativeTtl(), cache.staleIfError(), cache.retryAfterFailure());
    return this;
  }

  /**
   * Minimum time between two refetches caused by unknown kids (default 30 s).
   *
   * @param value the minimum interval
   * @return this builder
   */
  public KeySourcesBuilder unknownKidFloor(Duration value) {
    cache = new CacheSettings(cache.ttl(), cache.minTtl(), cache.maxTtl(), cache.refreshAhead(), value,
        cache.negativeTtl(), cache.staleIfError(), cache.retryAfterFailure());
    return this;
  }

  /**
   * How long the last good keys are served past their TTL while fetches fail (default 24 h; zero disables).
   *
   * @param value the stale window, zero to fail as soon as the TTL has passed
   * @return this builder
   */
  public KeySourcesBuilder staleIfError(Duration value) {
    cache = new CacheSettings(cache.ttl(), cache.minTtl(), cache.maxTtl(), cache.refreshAhead(), cache.unknownKidFloor(),
        cache.negativeTtl(), value, cache.retryAfterFailure());
    return this;
  }

  /**
   * Minimum time between fetch attempts after a failure (default 10 s).
   *
   * @param value the back-off after a failed fetch
   * @return this builder
   */
  public KeySourcesBuilder retryAfterFailure(Duration value) {
    cache = new CacheSettings(cache.ttl(), cache.minTtl(), cache.maxTtl(), cache.refreshAhead(), cache.unknownKidFloor(),
        cache.negativeTtl(), cache.staleIfError(), value);
    return this;
  }

  /**
   * The clock all cache timing reads (tests move it instead of sleeping).
   *
   * @param value the clock
   * @return this builder
   */
  public KeySourcesBuilder clock(Clock value) {
    clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /**
   * A client to derive from (its pool, dispatcher, proxy); redirects are always turned off.
   *
   * @param value the client whose configuration is reused
   * @return this builder
   */
  public KeySourcesBuilder httpClient(OkHttpClient value) {
    client = Objects.requireNonNull(value, "httpClient");
    return this;
  }

  /**
   * Start fetching at {@link #build()} instead of on the first token.
   *
   * @param value {@code true} to fetch eagerly
   * @return this builder
   */
  public KeySourcesBuilder prefetch(boolean value) {
    prefetch = value;
    return this;
  }

  /**
   * Reports every fetch to {@code jwksFetched(issuer, success)} ({@code jwks_fetch_total}).
   *
   * @param value the metrics sink
   * @return this builder
   */
  public KeySourcesBuilder metrics(dev.kserveauth.metrics.AuthMetrics value) {
    metrics = Objects.requireNonNull(value, "metrics");
    return this;
  }

  private void requireMode(Mode m, String setting) {
    if (mode != m) {
      throw new IllegalStateException(setting + " applies only to " + m.name().toLowerCase(java.util.Locale.ROOT)
          + " key sources");
    }
  }

  /**
   * @return a caching key source; with {@code prefetch(true)} its first fetch is already under way
   * @throws IllegalArgumentException when a Kubernetes CA file is missing or unreadable
   */
  public KeySource build() {
    OkHttpClient c = client.newBuilder()
        .followRedirects(false).followSslRedirects(false)
        .connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout)
        .callTimeout(timeout.multipliedBy(2))
        .build();
    JwksFetcher fetcher = switch (mode) {
      case JWKS -> new UrlJwksFetcher(c, url, maxBytes);
      case DISCOVERY -> new DiscoveryJwksFetcher(c, url, issuer, null, maxBytes);
      case KUBERNETES -> {
        HttpUrl base = requireUrl(apiServer, "apiServer");
        OkHttpClient k8s = dev.kserveauth.http.KubernetesApiHttp.client(c, caFile, tokenFile);
        yield new DiscoveryJwksFetcher(k8s, base.resolve("/.well-known/openid-configuration"), issuer,
            base.resolve("/openid/v1/jwks"), maxBytes);
      }
    };
    String name = issuer == null ? url.toString() : issuer;
    dev.kserveauth.metrics.AuthMetrics counted = metrics;
    // a published set: each unusable key is left out (logged and counted once per fetch), the rest stay
    CachingKeySource source = new CachingKeySource(name, fetcher,
        body -> KeySetLog.checked(name, fetcher.describe(),
            JwkParser.read(new String(body, StandardCharsets.UTF_8), JwkParser.Mode.PUBLIC), counted),
        cache, clock);
    if (metrics != null) {
      dev.kserveauth.metrics.AuthMetrics m = metrics;
      source.onFetch(m::jwksFetched);
    }
    if (prefetch) {
      source.prefetch();
    }
    return source;
  }
}
