package dev.kserveauth.client;

/**
 * 404 on a model-scoped call: the model server does not know the model (KServe's {@code Model with
 * name X does not exist.}), or the ingress found no route for it (Envoy's empty 404 after a wrong
 * {@code Host} header).
 */
public final class ModelNotFoundException extends KServeHttpException {
  private static final long serialVersionUID = 1L;
  private final String model;

  ModelNotFoundException(String message, String method, String path, String error, String detail, String body, String model) {
    super(message, 404, method, path, error, detail, body);
    this.model = model;
  }

  /** Name of the model the call addressed. */
  public String model() {
    return model;
  }
}
