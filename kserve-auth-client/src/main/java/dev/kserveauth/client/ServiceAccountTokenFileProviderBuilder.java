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
 * Builder for {@link ServiceAccountTokenFileProvider}, from {@link
 * ServiceAccountTokenFileProvider#builder()}. Every setting has a default; a {@code null} argument
 * throws {@link NullPointerException} naming it. A builder is not thread-safe; the provider it
 * builds is.
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
   *
   * @param checkInterval the least time between two looks at the file, zero or positive
   * @return this builder
   * @throws IllegalArgumentException when {@code checkInterval} is negative
   */
  public ServiceAccountTokenFileProviderBuilder checkInterval(Duration checkInterval) {
    if (Objects.requireNonNull(checkInterval, "checkInterval").isNegative()) {
      throw new IllegalArgumentException("checkInterval must not be negative: " + checkInterval);
    }
    this.checkInterval = checkInterval;
    return this;
  }

  /**
   * The token file (default {@link ServiceAccountTokenFileProvider#DEFAULT_PATH}). It need not
   * exist yet: it is first read on the first {@link TokenProvider#token()}.
   *
   * @param path the file, through the kubelet's symlinks (not a {@code subPath} mount)
   * @return this builder
   */
  public ServiceAccountTokenFileProviderBuilder path(Path path) {
    this.path = Objects.requireNonNull(path, "path");
    return this;
  }

  /**
   * The clock for expiry and age checks (default the UTC system clock); tests pass a fixed one.
   *
   * @param clock the clock
   * @return this builder
   */
  public ServiceAccountTokenFileProviderBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Re-read the file this long before the cached token's JWT {@code exp} (default 1 minute). A
   * token without {@code exp} is re-read only on a change, {@link #maxAge(Duration)} or a 401.
   *
   * @param refreshBefore the margin, zero or positive
   * @return this builder
   */
  public ServiceAccountTokenFileProviderBuilder refreshBefore(Duration refreshBefore) {
    this.refreshBefore = Objects.requireNonNull(refreshBefore, "refreshBefore");
    return this;
  }

  /**
   * Re-read the file at least this often even if its attributes look unchanged (default 1
   * minute), in case a rotation kept its inode, size and modification time.
   *
   * @param maxAge the longest time a read copy is served, positive
   * @return this builder
   */
  public ServiceAccountTokenFileProviderBuilder maxAge(Duration maxAge) {
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    return this;
  }

  /**
   * Builds the provider; the file is first read on the first {@link TokenProvider#token()}, so a
   * missing file fails there, with a {@link TokenProviderException}, not here.
   *
   * @return a new provider
   */
  public ServiceAccountTokenFileProvider build() {
    return new ServiceAccountTokenFileProvider(this);
  }
}
