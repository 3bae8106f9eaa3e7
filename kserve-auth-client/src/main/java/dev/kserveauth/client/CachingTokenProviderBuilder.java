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

import dev.kserveauth.client.CachingTokenProvider.Fetcher;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Builder for {@link CachingTokenProvider}, from {@link CachingTokenProvider#builder(Fetcher)}.
 * Every setting has a default. A builder is not thread-safe; the provider it builds is.
 *
 * @since 0.1
 */
public final class CachingTokenProviderBuilder {
  final Fetcher fetcher;
  Duration refreshBefore = Duration.ofMinutes(1);
  Clock clock = Clock.systemUTC();
  String name = "token provider";

  CachingTokenProviderBuilder(Fetcher fetcher) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
  }

  /**
   * How long before expiry a token stops being served from the cache (default 1 minute). A token
   * whose {@link AccessToken#refreshAt()} is set is refreshed at that instant instead. A token that
   * lives shorter than this margin is still reused until half of the lifetime it had when fetched
   * has passed, so that it is not fetched again on every call.
   *
   * @param refreshBefore the margin, zero or positive
   * @return this builder
   * @throws IllegalArgumentException when {@code refreshBefore} is negative
   */
  public CachingTokenProviderBuilder refreshBefore(Duration refreshBefore) {
    if (refreshBefore.isNegative()) {
      throw new IllegalArgumentException("refreshBefore must not be negative: " + refreshBefore);
    }
    this.refreshBefore = refreshBefore;
    return this;
  }

  /**
   * The clock used for every freshness and expiry check (default the UTC system clock); tests pass
   * a fixed one.
   *
   * @param clock the clock
   * @return this builder
   */
  public CachingTokenProviderBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * The name used in log lines and exception messages, e.g. {@code "vault token"} (default {@code
   * "token provider"}). It must not contain a secret.
   *
   * @param name the name
   * @return this builder
   */
  public CachingTokenProviderBuilder name(String name) {
    this.name = Objects.requireNonNull(name, "name");
    return this;
  }

  /**
   * Builds the provider; nothing is fetched until the first {@link CachingTokenProvider#token()}.
   *
   * @return a new provider with an empty cache
   */
  public CachingTokenProvider build() {
    return new CachingTokenProvider(this);
  }
}
