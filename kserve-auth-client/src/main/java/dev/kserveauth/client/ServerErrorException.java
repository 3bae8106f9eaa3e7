package dev.kserveauth.client;

/** A 5xx status, for example 500 inference errors, 501 (model versioning not supported) or 503 when a model is not ready. */
public final class ServerErrorException extends KServeHttpException {
  private static final long serialVersionUID = 1L;

  ServerErrorException(String message, int status, String method, String path, String error, String detail, String body) {
    super(message, status, method, path, error, detail, body);
  }
}
