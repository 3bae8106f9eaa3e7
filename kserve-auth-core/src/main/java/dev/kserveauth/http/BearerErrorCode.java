package dev.kserveauth.http;

/** The error codes of RFC 6750 section 3.1 and the HTTP status each implies. */
public enum BearerErrorCode {
  /** Malformed request: e.g. two tokens, a broken {@code Authorization} header. */
  INVALID_REQUEST("invalid_request", 400),
  /** The token is expired, revoked, malformed, or fails validation. */
  INVALID_TOKEN("invalid_token", 401),
  /** The token is valid but lacks the privileges the request needs. */
  INSUFFICIENT_SCOPE("insufficient_scope", 403);

  private final String code;
  private final int status;

  BearerErrorCode(String code, int status) {
    this.code = code;
    this.status = status;
  }

  /**
   * The value of the {@code error} attribute, e.g. {@code invalid_token}.
   *
   * @return the RFC 6750 error code
   */
  public String code() {
    return code;
  }

  /**
   * The HTTP status RFC 6750 assigns to this error.
   *
   * @return 400, 401 or 403
   */
  public int httpStatus() {
    return status;
  }
}
