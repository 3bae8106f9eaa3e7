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

import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds an immutable, thread-safe {@link TokenValidator}. Obtain one with {@link TokenValidator#builder()}.
 *
 * <pre>{@code
 * TokenValidator validator = TokenValidator.builder()
 *     .issuer(IssuerSettings.builder("https://idp.example.com")
 *         .jwks(JwkSet.parse(jwksJson))
 *         .audiences("kserve")
 *         .build())
 *     .issuer(kubernetesSettings)
 *     .build();
 * Principal p = validator.verify(token);   // throws TokenException with a caller-safe reason
 * }</pre>
 *
 * <p>Each setting may be given once: a second call throws {@link IllegalStateException} ("clock was
 * already set to ..."); so does a second issuer with the same {@code iss}, and {@link #build()}
 * without any issuer.
 *
 * @since 0.1
 */
public final class TokenValidatorBuilder {

  /** Default bound of the validated-token cache. */
  public static final long DEFAULT_CACHE_SIZE = 10_000;
  /** Default longest time a validated token is served from the cache (never past its {@code exp}). */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);
  /** Default longest wait for a key source in {@link TokenValidator#verify(String)}. */
  public static final Duration DEFAULT_KEY_TIMEOUT = Duration.ofSeconds(10);

  private final Map<String, IssuerSettings> issuers = new LinkedHashMap<>();
  private Clock clock;
  private SignatureProvider signatureProvider;
  private Integer maxTokenLength;
  private Long cacheSize;
  private Duration cacheTtl;
  private Duration keyTimeout;
  private dev.kserveauth.metrics.AuthMetrics metrics;

  TokenValidatorBuilder() {}

  private static void requireUnset(Object current, String name) {
    if (current != null) {
      throw new IllegalStateException(name + " was already set to " + current);
    }
  }

  /**
   * Adds a trusted issuer. A token is routed to these settings by its (unverified) {@code iss} only.
   *
   * @param settings the issuer's settings
   * @return this builder
   * @throws IllegalStateException if settings for the same issuer were already added
   */
  public TokenValidatorBuilder issuer(IssuerSettings settings) {
    Objects.requireNonNull(settings, "settings");
    IssuerSettings prior = issuers.get(settings.issuer());
    if (prior != null) {
      throw new IllegalStateException("issuer " + settings.issuer() + " was already set to " + prior);
    }
    issuers.put(settings.issuer(), settings);
    return this;
  }

  /**
   * The clock for {@code exp}/{@code nbf}/{@code iat} and cache expiry; default {@link Clock#systemUTC()}.
   *
   * @param value the clock
   * @return this builder
   * @throws IllegalStateException if the clock was already set
   */
  public TokenValidatorBuilder clock(Clock value) {
    requireUnset(clock, "clock");
    clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /**
   * A JCA provider to verify signatures with first (e.g. a native or FIPS provider); algorithms it
   * lacks fall back to the JDK's. {@code null} means the JDK's providers (same as
   * {@code signatureProvider(SignatureProvider.off())}). The provider is never installed process-wide.
   *
   * @param value the provider, or {@code null} for the JDK's
   * @return this builder
   * @throws IllegalStateException if a signature provider was already set
   */
  public TokenValidatorBuilder signatureProvider(Provider value) {
    return signatureProvider(value == null ? SignatureProvider.off() : SignatureProvider.of(value));
  }

  /**
   * Which provider verifies signatures: {@link SignatureProvider#auto()} (the default: the native
   * ACCP provider when present and loadable, else the JDK), {@link SignatureProvider#off()} or
   * {@link SignatureProvider#of(Provider)}. The choice is logged once at INFO by {@link #build()}.
   *
   * @param value the provider choice
   * @return this builder
   * @throws IllegalStateException if a signature provider was already set
   */
  public TokenValidatorBuilder signatureProvider(SignatureProvider value) {
    requireUnset(signatureProvider, "signatureProvider");
    signatureProvider = Objects.requireNonNull(value, "signatureProvider");
    return this;
  }

  /**
   * Largest compact token accepted, checked before any decoding; 1 KiB – 1 MiB, default 16 KiB.
   *
   * @param chars the limit in characters
   * @return this builder
   * @throws IllegalArgumentException if {@code chars} is outside 1024 – 1048576
   * @throws IllegalStateException if the limit was already set
   */
  public TokenValidatorBuilder maxTokenLength(int chars) {
    requireUnset(maxTokenLength, "maxTokenLength");
    if (chars < 1024 || chars > (1 << 20)) {
      throw new IllegalArgumentException("maxTokenLength must be between 1024 and 1048576, was " + chars);
    }
    maxTokenLength = chars;
    return this;
  }

  /**
   * Bound of the validated-token cache; 0 disables it. Default 10,000 entries.
   *
   * @param entries the most tokens kept, 0 for no cache
   * @return this builder
   * @throws IllegalArgumentException if {@code entries} is negative
   * @throws IllegalStateException if the size was already set
   */
  public TokenValidatorBuilder cacheMaximumSize(long entries) {
    requireUnset(cacheSize, "cacheMaximumSize");
    if (entries < 0) {
      throw new IllegalArgumentException("cacheMaximumSize must be >= 0, was " + entries);
    }
    cacheSize = entries;
    return this;
  }

  /**
   * Longest time a validated token is served from cache (never past its {@code exp}); default 5 min.
   *
   * @param ttl the lifetime, positive
   * @return this builder
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   * @throws IllegalStateException if the lifetime was already set
   */
  public TokenValidatorBuilder cacheTimeToLive(Duration ttl) {
    requireUnset(cacheTtl, "cacheTimeToLive");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("cacheTimeToLive must be positive, was " + ttl);
    }
    cacheTtl = ttl;
    return this;
  }

  /**
   * Longest wait for a key source in the blocking {@link TokenValidator#verify(String)}; default 10 s.
   *
   * @param timeout the wait, positive
   * @return this builder
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   * @throws IllegalStateException if the timeout was already set
   */
  public TokenValidatorBuilder keyTimeout(Duration timeout) {
    requireUnset(keyTimeout, "keyTimeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("keyTimeout must be positive, was " + timeout);
    }
    keyTimeout = timeout;
    return this;
  }

  /**
   * Where token-cache lookups are reported ({@code jwt_cache_hit_ratio}); default none.
   *
   * @param value the metrics sink
   * @return this builder
   * @throws IllegalStateException if the metrics were already set
   */
  public TokenValidatorBuilder metrics(dev.kserveauth.metrics.AuthMetrics value) {
    requireUnset(metrics, "metrics");
    metrics = java.util.Objects.requireNonNull(value, "metrics");
    return this;
  }

  /**
   * @return a validator for the added issuers
   * @throws IllegalStateException when no issuer was added
   */
  public TokenValidator build() {
    if (issuers.isEmpty()) {
      throw new IllegalStateException("no issuer configured; add at least one with issuer(IssuerSettings)");
    }
    return new DefaultTokenValidator(Map.copyOf(issuers),
        clock == null ? Clock.systemUTC() : clock,
        (signatureProvider == null ? SignatureProvider.auto() : signatureProvider).resolve().orElse(null),
        maxTokenLength == null ? CompactJws.DEFAULT_MAX_LENGTH : maxTokenLength,
        cacheSize == null ? DEFAULT_CACHE_SIZE : cacheSize,
        cacheTtl == null ? DEFAULT_CACHE_TTL : cacheTtl,
        keyTimeout == null ? DEFAULT_KEY_TIMEOUT : keyTimeout,
        metrics == null ? dev.kserveauth.metrics.AuthMetrics.noop() : metrics);
  }
}
