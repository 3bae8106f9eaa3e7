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
package dev.kserveauth.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link AuthMetrics} on a Micrometer {@link MeterRegistry}: the only kserve-auth class that uses
 * Micrometer (an optional dependency). Meter names follow the seed; a Prometheus registry renders
 * them as {@code jwt_validation_total{status="valid"}}, {@code jwt_validation_duration_seconds},
 * {@code rbac_authorization_total{decision="allow",transport="http"}}, {@code rbac_policy_evaluation_duration_seconds},
 * {@code jwt_token_expiration_seconds}, {@code rbac_role_usage_total{role}},
 * {@code jwks_fetch_total{issuer,result}}, {@code jwks_age_seconds{issuer}},
 * {@code jwks_keys_rejected_total{issuer,reason}},
 * {@code jwt_cache_requests_total{result}} and {@code jwt_cache_hit_ratio}.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * AuthMetrics metrics = MicrometerAuthMetrics.create(registry);
 * }</pre>
 *
 * @since 0.1
 */
public final class MicrometerAuthMetrics implements AuthMetrics {

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, Counter> validations = new ConcurrentHashMap<>();
  private final Timer validationTimer;
  private final DistributionSummary expiration;
  /** {@code rbac_authorization} per transport (ordinal) and decision: {@code [2 * t + (allowed ? 0 : 1)]}. */
  private final Counter[] decisions = new Counter[2 * dev.kserveauth.http.Transport.values().length];
  private final Timer evaluationTimer;
  /** Role value to its counter, for the roles within the label bound. */
  private final Map<String, Counter> roleUsage = new ConcurrentHashMap<>();
  /** Sanitized label value to its counter (two roles may share one). */
  private final Map<String, Counter> roleLabels = new ConcurrentHashMap<>();
  private final int maxRoleLabels;
  private volatile Counter otherRole;
  private final Map<String, AtomicLong> jwksLastSuccess = new ConcurrentHashMap<>();
  private final Map<String, Counter> jwksFetches = new ConcurrentHashMap<>();
  private final Map<String, Counter> jwksKeysRejected = new ConcurrentHashMap<>();
  private final Counter cacheHits;
  private final Counter cacheMisses;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong lookups = new AtomicLong();

  /** Default bound on distinct {@code role} label values of {@code rbac_role_usage_total}. */
  public static final int DEFAULT_MAX_ROLE_LABELS = 64;
  /** The {@code role} label value of roles beyond the bound. */
  public static final String OTHER_ROLE = "other";
  private static final int MAX_LABEL_LENGTH = 64;

  private MicrometerAuthMetrics(MeterRegistry registry, Clock clock, int maxRoleLabels) {
    this.registry = registry;
    this.clock = clock;
    this.maxRoleLabels = maxRoleLabels;
    for (TokenStatus s : TokenStatus.values()) {
      validation(s.tag());
    }
    validationTimer = Timer.builder("jwt_validation_duration").description("Time to find and verify a token")
        .register(registry);
    expiration = DistributionSummary.builder("jwt_token_expiration").baseUnit("seconds")
        .description("Remaining lifetime of verified tokens").register(registry);
    for (dev.kserveauth.http.Transport t : dev.kserveauth.http.Transport.values()) {
      for (boolean allowed : new boolean[] {true, false}) {
        decisions[2 * t.ordinal() + (allowed ? 0 : 1)] = Counter.builder("rbac_authorization")
            .tag("decision", allowed ? "allow" : "deny").tag("transport", t.id())
            .description("Authorization decisions").register(registry);
      }
    }
    evaluationTimer = Timer.builder("rbac_policy_evaluation_duration").description("Policy evaluation time")
        .register(registry);
    cacheHits = Counter.builder("jwt_cache_requests").tag("result", "hit").register(registry);
    cacheMisses = Counter.builder("jwt_cache_requests").tag("result", "miss").register(registry);
    Gauge.builder("jwt_cache_hit_ratio", this, m -> {
      long n = m.lookups.get();
      return n == 0 ? 0.0 : (double) m.hits.get() / n;
    }).description("Share of token verifications served from the cache").register(registry);
  }

  /**
   * Registers the kserve-auth meters on a registry.
   *
   * @param registry where to register (e.g. a {@code PrometheusMeterRegistry})
   * @return the metrics to pass to {@code KServeAuthBuilder.metrics}
   */
  public static MicrometerAuthMetrics create(MeterRegistry registry) {
    return create(registry, DEFAULT_MAX_ROLE_LABELS);
  }

  /**
   * Registers the kserve-auth meters with a chosen bound on {@code rbac_role_usage_total}'s role labels.
   * Roles are claim values a token chooses: the first {@code maxRoleLabels} distinct roles get their
   * own series, every later one counts under {@code role="other"}.
   *
   * @param registry where to register
   * @param maxRoleLabels how many distinct role labels at most (0: every role counts as {@code other})
   * @return the metrics
   */
  public static MicrometerAuthMetrics create(MeterRegistry registry, int maxRoleLabels) {
    if (maxRoleLabels < 0) {
      throw new IllegalArgumentException("maxRoleLabels must not be negative, was " + maxRoleLabels);
    }
    return new MicrometerAuthMetrics(Objects.requireNonNull(registry, "registry"), Clock.systemUTC(), maxRoleLabels);
  }

  /**
   * Publishes a key source's own counters (its {@code KeySource.stats()}) as {@code jwks_fetch_total{issuer,result}},
   * {@code jwks_age_seconds{issuer}} (NaN until a fetch succeeded), {@code jwks_keys{issuer}} and
   * {@code jwks_stale{issuer}}. Use this or {@link #jwksFetched}/{@link #jwksAge} for an issuer, not both.
   *
   * @param issuer the issuer tag
   * @param source the key source's counters, e.g. {@code keySource::stats} for a key source from {@code KeySources.jwks(...)}
   * @return this
   */
  public MicrometerAuthMetrics bindKeySource(String issuer, java.util.function.Supplier<KeySourceStats> source) {
    Objects.requireNonNull(source, "source");
    String iss = issuer == null ? "" : issuer;
    FunctionCounter.builder("jwks_fetch", source, s -> s.get().fetchSuccess()).tag("issuer", iss)
        .tag("result", "success").description("JWKS fetches by issuer and result").register(registry);
    FunctionCounter.builder("jwks_fetch", source, s -> s.get().fetchFailure()).tag("issuer", iss)
        .tag("result", "failure").description("JWKS fetches by issuer and result").register(registry);
    // Micrometer holds a meter's object weakly, and `source` is usually a method reference nobody
    // else holds (keySource::stats): the gauges hold it strongly, so the registry keeps all five alive
    Gauge.builder("jwks_age_seconds", source, s -> {
      Duration age = s.get().lastSuccessAge();
      return age == null ? Double.NaN : age.toMillis() / 1000.0;
    }).tag("issuer", iss).description("Age of the key set in use").strongReference(true).register(registry);
    Gauge.builder("jwks_keys", source, s -> s.get().keys()).tag("issuer", iss)
        .description("Keys currently served").strongReference(true).register(registry);
    Gauge.builder("jwks_stale", source, s -> s.get().stale() ? 1 : 0).tag("issuer", iss)
        .description("1 while keys past their TTL are served (stale-if-error)").strongReference(true)
        .register(registry);
    return this;
  }

  private Counter validation(String status) {
    return validations.computeIfAbsent(status, s -> Counter.builder("jwt_validation")
        .description("JWT validations by outcome").tag("status", s).register(registry));
  }

  @Override
  public void tokenRejected(String status, long nanos) {
    validation(status == null ? "invalid" : status).increment();
    validationTimer.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void tokenValidated(TokenStatus status, long nanos, Long secondsToExpiry) {
    validation(status.tag()).increment();
    validationTimer.record(nanos, TimeUnit.NANOSECONDS);
    if (secondsToExpiry != null) {
      expiration.record(Math.max(0, secondsToExpiry));
    }
  }

  @Override
  public void authorized(boolean allowed, long nanos, Set<String> roles) {
    authorized(allowed, nanos, roles, dev.kserveauth.http.Transport.HTTP);
  }

  @Override
  public void authorized(boolean allowed, long nanos, Set<String> roles, dev.kserveauth.http.Transport transport) {
    decisions[2 * transport.ordinal() + (allowed ? 0 : 1)].increment();
    evaluationTimer.record(nanos, TimeUnit.NANOSECONDS);
    for (String role : roles) {
      Counter c = roleUsage.get(role);
      if (c == null) {
        Counter other = otherRole; // set once the bound is reached: later roles take no lock
        c = other != null ? other : roleCounter(role);
      }
      c.increment();
    }
  }

  /**
   * The counter of a role not seen before. Role values come from tokens, so their label values are
   * bounded: at most {@link #maxRoleLabels} distinct labels, later roles count under {@code other},
   * and each value is sanitized (at most 64 characters of {@code [A-Za-z0-9_.:/@+=-]}, anything else
   * becomes {@code _}). Rare path: once per distinct role, never for a known one.
   */
  private synchronized Counter roleCounter(String role) {
    Counter c = roleUsage.get(role);
    if (c != null) {
      return c;
    }
    String label = roleUsage.size() < maxRoleLabels ? sanitizeLabel(role) : OTHER_ROLE;
    c = roleLabels.computeIfAbsent(label, l -> Counter.builder("rbac_role_usage").tag("role", l)
        .description("Requests per role of the caller").register(registry));
    if (label.equals(OTHER_ROLE)) {
      otherRole = c; // roles beyond the bound are not remembered: memory stays bounded
    } else {
      roleUsage.put(role, c);
    }
    return c;
  }

  /** A label value safe for any exporter: bounded length, no control, quote or bidi characters. */
  static String sanitizeLabel(String value) {
    int n = Math.min(value.length(), MAX_LABEL_LENGTH);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      char ch = value.charAt(i);
      boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
          || "_.:/@+=-".indexOf(ch) >= 0;
      b.append(ok ? ch : '_');
    }
    return b.isEmpty() ? "_" : b.toString();
  }

  @Override
  public void jwksFetched(String issuer, boolean success) {
    String iss = issuer == null ? "" : issuer;
    jwksFetches.computeIfAbsent(iss + (success ? "\u0000ok" : "\u0000fail"), k -> Counter.builder("jwks_fetch")
        .tag("issuer", iss).tag("result", success ? "success" : "failure")
        .description("JWKS fetches by issuer and result").register(registry)).increment();
    if (success) {
      ageCell(iss).set(clock.millis());
    }
  }

  @Override
  public void jwksKeyRejected(String issuer, String reason) {
    String iss = issuer == null ? "" : issuer;
    String why = reason == null ? "" : reason;
    jwksKeysRejected.computeIfAbsent(iss + "\u0000" + why, k -> Counter.builder("jwks_keys_rejected")
        .tag("issuer", iss).tag("reason", why)
        .description("Keys of a JWKS left out when it was read, by issuer and reason").register(registry)).increment();
  }

  @Override
  public void jwksAge(String issuer, Duration age) {
    ageCell(issuer == null ? "" : issuer).set(clock.millis() - age.toMillis());
  }

  private AtomicLong ageCell(String iss) {
    return jwksLastSuccess.computeIfAbsent(iss, k -> {
      AtomicLong cell = new AtomicLong(clock.millis());
      Gauge.builder("jwks_age_seconds", cell, c -> (clock.millis() - c.get()) / 1000.0).tag("issuer", k)
          .description("Age of the key set in use").register(registry);
      return cell;
    });
  }

  @Override
  public void policyReloaded(boolean success) {
    Counter.builder("rbac_policy_reload").tag("result", success ? "success" : "failure")
        .description("Policy reloads by result").register(registry).increment();
  }

  @Override
  public void externalAuthorization(String provider, String result, long nanos) {
    Counter.builder("rbac_external_authz").tag("provider", provider).tag("result", result)
        .description("External authorizer (Istio CUSTOM provider) answers by result").register(registry).increment();
    io.micrometer.core.instrument.Timer.builder("rbac_external_authz_duration").tag("provider", provider)
        .description("Time an external authorizer took to answer").register(registry)
        .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  @Override
  public void tokenCacheLookup(boolean hit) {
    lookups.incrementAndGet();
    if (hit) {
      hits.incrementAndGet();
      cacheHits.increment();
    } else {
      cacheMisses.increment();
    }
  }
}
