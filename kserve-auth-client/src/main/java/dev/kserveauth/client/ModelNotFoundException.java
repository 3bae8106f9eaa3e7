/*
 * Copyright 2026 the kserve-auth authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.kserveauth.client;

/**
 * 404 on a model-scoped call: the model server does not know the model (KServe's {@code Model with
 * name X does not exist.}), or the ingress found no route for it (Envoy's empty 404 after a wrong
 * {@code Host} header).
 *
 * @since 0.1
 */
public final class ModelNotFoundException extends KServeHttpException {
  private static final long serialVersionUID = 1L;
  /** @serial the model name the call addressed */
  private final String model;

  ModelNotFoundException(String message, String method, String path, String error, String detail, String body, String model) {
    super(message, 404, method, path, error, detail, body);
    this.model = model;
  }

  /**
   * The name of the model the call addressed, as the caller passed it.
   *
   * @return the model name
   */
  public String model() {
    return model;
  }
}
