package dev.kserveauth.authn;

import java.time.Duration;
import java.time.Instant;

/**
 * The token is not valid yet: its {@code nbf} (or its {@code iat}) lies in the future beyond the
 * clock skew. Maps to RFC 6750 {@code invalid_token} (401).
 */
public class PrematureTokenException extends TokenException {

  @Override
  public String metricTag() {
    return "premature";
  }
  private static final long serialVersionUID = 1L;

  private final String claim;
  private final Instant notBefore;
  private final Instant now;
  private final Duration clockSkew;

  public PrematureTokenException(String claim, Instant notBefore, Instant now, Duration clockSkew) {
    super(("nbf".equals(claim) ? "token not valid before " : "token issued in the future at ") + notBefore
        + " (now " + now + ", clock skew " + clockSkew.toSeconds() + "s)");
    this.claim = claim;
    this.notBefore = notBefore;
    this.now = now;
    this.clockSkew = clockSkew;
  }

  /** {@code nbf} or {@code iat}. */
  public String claim() {
    return claim;
  }

  public Instant notBefore() {
    return notBefore;
  }

  public Instant now() {
    return now;
  }

  public Duration clockSkew() {
    return clockSkew;
  }
}
