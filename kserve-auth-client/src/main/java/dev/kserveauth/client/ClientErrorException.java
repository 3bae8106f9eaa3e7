package dev.kserveauth.client;

/** A 4xx status other than 401, 403 and a model's 404, for example KServe's 400 {@code {"error": "..."}} for bad input or FastAPI's 422. */
public final class ClientErrorException extends KServeHttpException {
  private static final long serialVersionUID = 1L;

  ClientErrorException(String message, int status, String method, String path, String error, String detail, String body) {
    super(message, status, method, path, error, detail, body);
  }
}
