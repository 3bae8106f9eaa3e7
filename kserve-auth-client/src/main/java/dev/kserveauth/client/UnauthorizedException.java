package dev.kserveauth.client;

/** 401 Unauthorized: the model server (or its proxy) rejected the bearer token. {@link #afterRefresh()} tells whether the client had already refreshed the token once and retried. */
public final class UnauthorizedException extends KServeHttpException {
  private static final long serialVersionUID = 1L;
  private final boolean afterRefresh;

  UnauthorizedException(String message, String method, String path, String error, String detail, String body, boolean afterRefresh) {
    super(message, 401, method, path, error, detail, body);
    this.afterRefresh = afterRefresh;
  }

  /** True when this 401 answered the retry made with a freshly refreshed token. */
  public boolean afterRefresh() {
    return afterRefresh;
  }
}
