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

import dev.kserveauth.metrics.MicrometerAuthMetrics;
import dev.kserveauth.authn.RequestAuthenticator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Puts kserve-auth's meters (docs/metrics-and-audit.md) on the application's {@link MeterRegistry}:
 * Spring Boot binds every {@code MeterBinder} bean once its registry is ready, so they show at
 * {@code /actuator/prometheus}. Each issuer's key source is bound too ({@code jwks_*{issuer}}). Internal.
 */
public final class KServeAuthMeterBinder implements MeterBinder {
  private final TrackingAuthMetrics tracking;
  private final RequestAuthenticator authenticator;
  private final int maxRoleLabels;

  public KServeAuthMeterBinder(TrackingAuthMetrics tracking, RequestAuthenticator authenticator, int maxRoleLabels) {
    this.tracking = tracking;
    this.authenticator = authenticator;
    this.maxRoleLabels = maxRoleLabels;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    if (tracking == null) {
      return;
    }
    MicrometerAuthMetrics m = MicrometerAuthMetrics.create(registry, maxRoleLabels);
    authenticator.keySources().forEach((issuer, source) -> m.bindKeySource(issuer, source::stats));
    tracking.delegateTo(m);
  }
}
