package dev.kserveauth.authn;

import dev.kserveauth.http.KubernetesApiHttp;
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
 */
public final class KeySources {
  /** Default connect and read timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  /** Default cap on a fetched document. */
  public static final int DEFAULT_MAX_BYTES = 64 * 1024;

  private static final OkHttpClient SHARED = new OkHttpClient.Builder()
      .followRedirects(false).followSslRedirects(false)
      .connectTimeout(DEFAULT_TIMEOUT).readTimeout(DEFAULT_TIMEOUT).writeTimeout(DEFAULT_TIMEOUT)
      .build();

  private KeySources() {}

  /** Keys from a JWKS URL. */
  public static Builder jwks(String jwksUrl) {
    Builder b = new Builder(Mode.JWKS);
    b.url = requireUrl(jwksUrl, "jwksUrl");
    return b;
  }

  /** Keys from the {@code jwks_uri} of {@code <issuer>/.well-known/openid-configuration}, whose {@code issuer} must equal this one exactly. */
  public static Builder oidcDiscovery(String issuer) {
    Builder b = new Builder(Mode.DISCOVERY);
    b.issuer = Objects.requireNonNull(issuer, "issuer");
    b.url = DiscoveryJwksFetcher.discoveryUrlOf(issuer);
    return b;
  }

  /**
   * The Kubernetes service-account issuer, from inside a pod: discovery at {@code https://kubernetes.default.svc}
   * (issuer {@code https://kubernetes.default.svc.cluster.local}), keys from the API server's
   * {@code /openid/v1/jwks}, TLS trusting the pod's {@code ca.crt}, the pod's token as bearer (re-read
   * from its file for every fetch). Every location can be overridden.
   */
  public static Builder kubernetes() {
    Builder b = new Builder(Mode.KUBERNETES);
    b.issuer = KubernetesHttp.DEFAULT_ISSUER;
    return b;
  }

  private static HttpUrl requireUrl(String url, String what) {
    HttpUrl u = HttpUrl.parse(Objects.requireNonNull(url, what));
    if (u == null) {
      throw new IllegalArgumentException(what + " is not an http(s) URL: " + url);
    }
    return u;
  }

  private enum Mode { JWKS, DISCOVERY, KUBERNETES }

  /** Settings of a remote key source; every setting is optional. */
  public static final class Builder {
    private final Mode mode;
    private String issuer;
    private HttpUrl url;
    private String apiServer = KubernetesHttp.DEFAULT_API_SERVER;
    private Path caFile = KubernetesHttp.DEFAULT_CA_FILE;
    private Path tokenFile = KubernetesHttp.DEFAULT_TOKEN_FILE;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int maxBytes = DEFAULT_MAX_BYTES;
    private CacheSettings cache = CacheSettings.DEFAULTS;
    private Clock clock = Clock.systemUTC();
    private OkHttpClient client = SHARED;
    private boolean prefetch;
    private dev.kserveauth.metrics.AuthMetrics metrics;

    private Builder(Mode mode) {
      this.mode = mode;
    }

    /** The issuer the keys belong to: checked against discovery, used in logs. */
    public Builder issuer(String value) {
      issuer = Objects.requireNonNull(value, "issuer");
      return this;
    }

    /** A discovery document URL other than {@code <issuer>/.well-known/openid-configuration}. */
    public Builder discoveryUrl(String value) {
      requireMode(Mode.DISCOVERY, "discoveryUrl");
      url = requireUrl(value, "discoveryUrl");
      return this;
    }

    /** The API server base URL (default {@code https://kubernetes.default.svc}). */
    public Builder apiServer(String value) {
      requireMode(Mode.KUBERNETES, "apiServer");
      requireUrl(value, "apiServer");
      apiServer = value;
      return this;
    }

    /** The CA bundle the API server's certificate must chain to (default: the pod's {@code ca.crt}). */
    public Builder caFile(Path value) {
      requireMode(Mode.KUBERNETES, "caFile");
      caFile = Objects.requireNonNull(value, "caFile");
      return this;
    }

    /** The bearer token file (default: the pod's service-account token). */
    public Builder tokenFile(Path value) {
      requireMode(Mode.KUBERNETES, "tokenFile");
      tokenFile = Objects.requireNonNull(value, "tokenFile");
      return this;
    }

    /** Connect and read timeout (default 2 s); a whole fetch may take at most twice this. */
    public Builder timeout(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + value);
      }
      timeout = value;
      return this;
    }

    /** Largest JWKS or discovery document accepted (default 64 KiB). */
    public Builder maxDocumentBytes(int value) {
      if (value < 1024) {
        throw new IllegalArgumentException("maxDocumentBytes must be at least 1024, was " + value);
      }
      maxBytes = value;
      return this;
    }

    /** TTL when the response carries no usable {@code max-age} (default 10 min). */
    public Builder ttl(Duration value) {
      cache = new CacheSettings(value, cache.minTtl(), cache.maxTtl(), cache.refreshAhead(), cache.unknownKidFloor(),
          cache.negativeTtl(), cache.staleIfError(), cache.retryAfterFailure());
      return this;
    }

    /** Bounds {@code Cache-Control: max-age} is clamped to (default 1 min – 24 h). */
    public Builder maxAgeBounds(Duration min, Duration max) {
      cache = new CacheSettings(cache.ttl(), min, max, cache.refreshAhead(), cache.unknownKidFloor(),
          cache.negativeTtl(), cache.staleIfError(), cache.retryAfterFailure());
      return this;
    }

    /** How long before expiry a background refresh starts (default 60 s, at most half the TTL). */
    public Builder refreshAhead(Duration value) {
      cache = new CacheSettings(cache.ttl(), cache.minTtl(), cache.maxTtl(), value, cache.unknownKidFloor(),
          cache.negativeTtl(), cache.staleIfError(), cache.retryAfterFailure());
      return this;
    }

    /** Minimum time between two refetches caused by unknown kids (default 30 s). */
    public Builder unknownKidFloor(Duration value) {
      cache = new CacheSettings(cache.ttl(), cache.minTtl(), cache.maxTtl(), cache.refreshAhead(), value,
          cache.negativeTtl(), cache.staleIfError(), cache.retryAfterFailure());
      return this;
    }

    /** How long the last good keys are served past their TTL while fetches fail (default 24 h; zero disables). */
    public Builder staleIfError(Duration value) {
      cache = new CacheSettings(cache.ttl(), cache.minTtl(), cache.maxTtl(), cache.refreshAhead(), cache.unknownKidFloor(),
          cache.negativeTtl(), value, cache.retryAfterFailure());
      return this;
    }

    /** Minimum time between fetch attempts after a failure (default 10 s). */
    public Builder retryAfterFailure(Duration value) {
      cache = new CacheSettings(cache.ttl(), cache.minTtl(), cache.maxTtl(), cache.refreshAhead(), cache.unknownKidFloor(),
          cache.negativeTtl(), cache.staleIfError(), value);
      return this;
    }

    /** The clock all cache timing reads (tests move it instead of sleeping). */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** A client to derive from (its pool, dispatcher, proxy); redirects are always turned off. */
    public Builder httpClient(OkHttpClient value) {
      client = Objects.requireNonNull(value, "httpClient");
      return this;
    }

    /** Start fetching at {@link #build()} instead of on the first token. */
    public Builder prefetch(boolean value) {
      prefetch = value;
      return this;
    }

    /** Reports every fetch to {@code jwksFetched(issuer, success)} ({@code jwks_fetch_total}). */
    public Builder metrics(dev.kserveauth.metrics.AuthMetrics value) {
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
          OkHttpClient k8s = KubernetesApiHttp.client(c, caFile, tokenFile);
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
}
