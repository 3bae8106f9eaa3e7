package dev.kserveauth.authn;

import dev.kserveauth.http.BearerErrorCode;

/**
 * The request itself is malformed (RFC 6750 section 3.1 {@code invalid_request}, 400): for example
 * two tokens in one request or an {@code Authorization} header that is not a well-formed bearer
 * credential. A token that is present but bad is an {@code invalid_token} failure instead.
 */
public class InvalidRequestException extends TokenException {

  @Override
  public String metricTag() {
    return "invalid_request";
  }
  private static final long serialVersionUID = 1L;

  /**
   * A malformed request (maps to {@code invalid_request}, status 400).
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   */
  public InvalidRequestException(String message) {
    super(BearerErrorCode.INVALID_REQUEST, message, null);
  }
}
