package dev.kserveauth.authn;

/**
 * A claim the issuer's settings require is absent (for example {@code exp}, or {@code aud} when
 * audiences are configured). Maps to RFC 6750 {@code invalid_token} (401).
 */
public class MissingClaimException extends TokenException {

  @Override
  public String metricTag() {
    return "missing_claim";
  }
  private static final long serialVersionUID = 1L;

  private final String claim;

  public MissingClaimException(String claim) {
    this(claim, "token has no '" + claim + "' claim");
  }

  public MissingClaimException(String claim, String message) {
    super(message);
    this.claim = claim;
  }

  /** The name of the missing claim. */
  public String claim() {
    return claim;
  }
}
