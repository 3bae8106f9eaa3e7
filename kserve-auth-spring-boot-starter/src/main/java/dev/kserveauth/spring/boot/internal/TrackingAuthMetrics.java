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

import dev.kserveauth.metrics.AuthMetrics;
import java.time.Duration;
import java.util.Set;

/**
 * The {@link AuthMetrics} the starter gives the facade: forwards to the Micrometer meters once a
 * {@code MeterRegistry} is bound (Spring Boot binds {@code MeterBinder} beans after the registry is
 * built, which may be after the facade), and records policy reloads for the health contributor.
 * Internal.
 */
public final class TrackingAuthMetrics implements AuthMetrics {
  private volatile AuthMetrics delegate = AuthMetrics.noop();
  private volatile PolicyStatus policyStatus;

  /** Where the meters go from now on. */
  public void delegateTo(AuthMetrics metrics) {
    this.delegate = metrics;
  }

  /** Where policy reloads are recorded. */
  public void policyStatus(PolicyStatus status) {
    this.policyStatus = status;
  }

  @Override
  public void tokenValidated(TokenStatus status, long nanos, Long secondsToExpiry) {
    delegate.tokenValidated(status, nanos, secondsToExpiry);
  }

  @Override
  public void tokenRejected(String status, long nanos) {
    delegate.tokenRejected(status, nanos);
  }

  @Override
  public void authorized(boolean allowed, long nanos, Set<String> roles) {
    delegate.authorized(allowed, nanos, roles);
  }

  @Override
  public void authorized(boolean allowed, long nanos, Set<String> roles, dev.kserveauth.http.Transport transport) {
    delegate.authorized(allowed, nanos, roles, transport);
  }

  @Override
  public void jwksFetched(String issuer, boolean success) {
    delegate.jwksFetched(issuer, success);
  }

  @Override
  public void jwksKeyRejected(String issuer, String reason) {
    delegate.jwksKeyRejected(issuer, reason);
  }

  @Override
  public void jwksAge(String issuer, Duration age) {
    delegate.jwksAge(issuer, age);
  }

  @Override
  public void tokenCacheLookup(boolean hit) {
    delegate.tokenCacheLookup(hit);
  }

  @Override
  public void policyReloaded(boolean success) {
    delegate.policyReloaded(success);
    PolicyStatus s = policyStatus;
    if (s != null) {
      s.reloaded(success);
    }
  }
}
