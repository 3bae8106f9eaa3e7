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
package dev.kserveauth.samples;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the demo sets by hand, so that the time-window rows of the matrix ("a weekday at 10:00",
 * "22:00" in the policy's zone) give the same answer whenever and wherever the demo runs. Token
 * validation and policy evaluation both read it. Thread-safe.
 */
public final class DemoClock extends Clock {

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  /** A clock showing {@code start}, in UTC. */
  public DemoClock(Instant start) {
    this(start, ZoneOffset.UTC);
  }

  private DemoClock(Instant start, ZoneId zone) {
    this(new AtomicReference<>(Objects.requireNonNull(start, "start")), zone);
  }

  private DemoClock(AtomicReference<Instant> shared, ZoneId zone) {
    this.now = shared;
    this.zone = zone;
  }

  /** Moves the clock to {@code instant}. */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    return new DemoClock(now, newZone);  // shares the instant: set() moves both
  }
}
