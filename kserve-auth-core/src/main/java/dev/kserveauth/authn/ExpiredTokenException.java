package dev.kserveauth.authn;

import java.time.Duration;
import java.time.Instant;

/**
 * The token's {@code exp} has passed, even allowing for the clock skew. Maps to RFC 6750
 * {@code invalid_token} (401).
 */
public class ExpiredTokenException extends TokenException {

  @Override
  public String metricTag() {
    return "expired";
  }
  private static final long serialVersionUID = 1L;

  private final Instant expiresAt;
  private final Instant now;
  private final Duration clockSkew;

  public ExpiredTokenException(Instant expiresAt, Instant now, Duration clockSkew) {
    super("token expired at " + expiresAt + " (now " + now + ", clock skew " + clockSkew.toSeconds() + "s)");
    this.expiresAt = expiresAt;
    this.now = now;
    this.clockSkew = clockSkew;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  public Instant now() {
    return now;
  }

  public Duration clockSkew() {
    return clockSkew;
  }
}
