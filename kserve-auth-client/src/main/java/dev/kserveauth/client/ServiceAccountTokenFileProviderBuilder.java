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
package dev.kserveauth.client;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Builder for {@link ServiceAccountTokenFileProvider}.
 *
 * @since 0.1
 */
public final class ServiceAccountTokenFileProviderBuilder {
  Path path = ServiceAccountTokenFileProvider.DEFAULT_PATH;
  Clock clock = Clock.systemUTC();
  Duration refreshBefore = Duration.ofMinutes(1);
  Duration maxAge = Duration.ofMinutes(1);
  Duration checkInterval = Duration.ofSeconds(1);

  ServiceAccountTokenFileProviderBuilder() {}

  /**
   * Look at the file's attributes at most this often (default 1 s; {@code Duration.ZERO} for
   * every call). Expiry and {@code maxAge} are still checked on every call, and a 401 always
   * re-reads the file.
   */
  public ServiceAccountTokenFileProviderBuilder checkInterval(Duration checkInterval) {
    if (Objects.requireNonNull(checkInterval, "checkInterval").isNegative()) {
      throw new IllegalArgumentException("checkInterval must not be negative: " + checkInterval);
    }
    this.checkInterval = checkInterval;
    return this;
  }

  /** Token file (default {@link ServiceAccountTokenFileProvider#DEFAULT_PATH}). */
  public ServiceAccountTokenFileProviderBuilder path(Path path) {
    this.path = Objects.requireNonNull(path, "path");
    return this;
  }

  /** Clock for expiry and age checks (default UTC system clock). */
  public ServiceAccountTokenFileProviderBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** Re-read the file this long before the cached token's {@code exp} (default 1 minute). */
  public ServiceAccountTokenFileProviderBuilder refreshBefore(Duration refreshBefore) {
    this.refreshBefore = Objects.requireNonNull(refreshBefore, "refreshBefore");
    return this;
  }

  /** Re-read the file at least this often even if it looks unchanged (default 1 minute). */
  public ServiceAccountTokenFileProviderBuilder maxAge(Duration maxAge) {
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    return this;
  }

  /** The provider; the file is first read on the first {@code token()}. */
  public ServiceAccountTokenFileProvider build() {
    return new ServiceAccountTokenFileProvider(this);
  }
}
