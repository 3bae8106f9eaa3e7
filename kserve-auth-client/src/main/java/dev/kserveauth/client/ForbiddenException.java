package dev.kserveauth.client;

/** 403 Forbidden: the token was accepted but the caller may not make this call. Never retried; refreshing the token cannot help. */
public final class ForbiddenException extends KServeHttpException {
  private static final long serialVersionUID = 1L;

  ForbiddenException(String message, int status, String method, String path, String error, String detail, String body) {
    super(message, status, method, path, error, detail, body);
  }
}
