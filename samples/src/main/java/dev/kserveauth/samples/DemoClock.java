package dev.kserveauth.samples;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock the demo sets by hand, so that the time-window rows of the matrix ("a weekday at 10:00",
 * "22:00" in the policy's zone) give the same answer whenever and wherever the demo runs. Token
 * validation and policy evaluation both read it. Thread-safe.
 */
public final class DemoClock extends Clock {

  private volatile Instant now;
  private final ZoneId zone;

  /** A clock showing {@code start}, in UTC. */
  public DemoClock(Instant start) {
    this(start, ZoneOffset.UTC);
  }

  private DemoClock(Instant start, ZoneId zone) {
    this.now = Objects.requireNonNull(start, "start");
    this.zone = zone;
  }

  /** Moves the clock to {@code instant}. */
  public void set(Instant instant) {
    now = Objects.requireNonNull(instant, "instant");
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    return new DemoClock(now, newZone);
  }
}
