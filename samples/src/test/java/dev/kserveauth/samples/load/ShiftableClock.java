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
package dev.kserveauth.samples.load;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system clock plus an offset that only moves forward. The predictor's key cache and token
 * checks read it, and the load generator mints tokens with it, so a fault phase can let the JWKS
 * cache's 60 s minimum lifetime or 30 s unknown-kid floor pass at once instead of waiting for them.
 */
final class ShiftableClock extends Clock {
  private final AtomicLong offsetMillis = new AtomicLong();

  /** Moves time forward. */
  void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time only moves forward");
    }
    offsetMillis.addAndGet(d.toMillis());
  }

  /** How far this clock is ahead of the system clock. */
  Duration offset() {
    return Duration.ofMillis(offsetMillis.get());
  }

  @Override
  public long millis() {
    return System.currentTimeMillis() + offsetMillis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("UTC only");
  }
}
