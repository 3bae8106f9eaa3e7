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

import java.time.Duration;
import java.util.Set;

/**
 * Where kserve-auth reports what it measures. The default is {@link #noop()}; with Micrometer on the
 * class path, {@link MicrometerAuthMetrics#create(io.micrometer.core.instrument.MeterRegistry)}
 * publishes the metrics under the seed's names. No other kserve-auth class touches Micrometer, so
 * everything works without it.
 *
 * <pre>{@code
 * KServeAuth auth = KServeAuth.builder()
 *     .authenticator(authenticator).policyEngine(engine)
 *     .metrics(MicrometerAuthMetrics.create(prometheusRegistry))
 *     .build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe and cheap: they are called on every request.
 *
 * @since 0.1
 */
public interface AuthMetrics {

  /** Token validation outcomes; a rejected token is further classified by {@link #tokenRejected}. */
  enum TokenStatus {
    /** A token was present and verified. */
    VALID,
    /** A token was present and rejected. */
    INVALID,
    /** No token was present. */
    ABSENT;

    /**
     * Lower-case tag value.
     *
     * @return the constant's name in lower case
     */
    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One authentication ({@code jwt_validation_total{status}}, {@code jwt_validation_duration_seconds},
   * {@code jwt_token_expiration_seconds}).
   *
   * @param status the outcome
   * @param nanos how long it took
   * @param secondsToExpiry for a valid token with {@code exp}, seconds until it expires; else {@code null}
   */
  void tokenValidated(TokenStatus status, long nanos, Long secondsToExpiry);

  /**
   * One rejected token, classified ({@code jwt_validation_total{status="expired"}}, ...). The default
   * reports it as {@link TokenStatus#INVALID}.
   *
   * @param status the failure class, {@code TokenException.metricTag()}
   * @param nanos how long it took
   */
  default void tokenRejected(String status, long nanos) {
    tokenValidated(TokenStatus.INVALID, nanos, null);
  }

  /**
   * One policy decision ({@code rbac_authorization_total{decision}},
   * {@code rbac_policy_evaluation_duration_seconds}, {@code rbac_role_usage_total{role}}).
   *
   * @param allowed whether it allowed
   * @param nanos how long the engine took
   * @param roles the principal's roles (empty for anonymous)
   */
  void authorized(boolean allowed, long nanos, Set<String> roles);

  /**
   * A policy decision, with the transport it came over ({@code transport} tag of
   * {@code rbac_authorization}). The default forwards to {@link #authorized(boolean, long, Set)}.
   *
   * @param allowed whether the request was allowed
   * @param nanos evaluation time
   * @param roles the caller's roles
   * @param transport the wire protocol
   * @since 0.1
   */
  default void authorized(boolean allowed, long nanos, Set<String> roles, dev.kserveauth.http.Transport transport) {
    authorized(allowed, nanos, roles);
  }

  /**
   * One JWKS fetch ({@code jwks_fetch_total{issuer,result}}); a success also resets
   * {@code jwks_age_seconds{issuer}}.
   *
   * @param issuer the issuer whose keys were fetched
   * @param success whether the fetch produced a usable key set
   */
  void jwksFetched(String issuer, boolean success);

  /**
   * One key of an issuer's key set left out when the set was read ({@code jwks_keys_rejected_total{issuer,reason}}),
   * reported once per fetch of a remote set and once for an inline set. The other keys stay in use.
   *
   * @param issuer the issuer
   * @param reason {@code not_for_signatures}, {@code unsupported}, {@code invalid}, {@code private_members},
   *     {@code published_secret} or {@code duplicate_kid}
   */
  default void jwksKeyRejected(String issuer, String reason) {}

  /**
   * Reports the age of an issuer's cached key set directly, for key sources that track it themselves.
   *
   * @param issuer the issuer
   * @param age the time since the keys in use were fetched
   */
  default void jwksAge(String issuer, Duration age) {}

  /**
   * One answer of an external authorizer that a CUSTOM policy asked
   * ({@code rbac_external_authz_total{provider,result}}, {@code rbac_external_authz_duration_seconds}).
   *
   * @param provider the provider name
   * @param result {@code allow}, {@code deny} or {@code error} (failed or timed out: denied, fail closed)
   * @param nanos how long the authorizer took
   * @since 0.1
   */
  default void externalAuthorization(String provider, String result, long nanos) {}

  /**
   * One token-cache lookup ({@code jwt_cache_requests_total{result}}, {@code jwt_cache_hit_ratio}).
   *
   * @param hit whether the verified token was served from the cache
   */
  void tokenCacheLookup(boolean hit);

  /**
   * One policy reload ({@code rbac_policy_reload_total{result}}).
   *
   * @param success whether the new set is in force (false: the old set stays)
   */
  default void policyReloaded(boolean success) {}

  /**
   * Metrics that record nothing.
   *
   * @return the no-op metrics
   */
  static AuthMetrics noop() {
    return NoopAuthMetrics.INSTANCE;
  }
}
