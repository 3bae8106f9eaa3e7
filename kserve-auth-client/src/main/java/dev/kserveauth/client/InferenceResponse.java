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

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An Open Inference Protocol inference response ({@code $inference_response}); outputs decoded
 * from JSON or from the binary tensor data extension.
 *
 * @since 0.1
 * @param modelName the model that answered
 * @param modelVersion its version, or {@code null}
 * @param id the request id echoed back, or {@code null}
 * @param parameters response parameters
 * @param outputs output tensors
 */
public record InferenceResponse(String modelName, String modelVersion, String id, Map<String, Object> parameters,
    List<InferTensor> outputs) {

  /**
   * Copies the map and list, so the response is immutable.
   *
   * @param modelName the model that answered
   * @param modelVersion its version, or {@code null}
   * @param id the request id echoed back, or {@code null}
   * @param parameters response parameters, or {@code null} for none
   * @param outputs output tensors
   * @throws NullPointerException when {@code modelName} or {@code outputs} is {@code null}
   */
  public InferenceResponse {
    Objects.requireNonNull(modelName, "modelName");
    parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
    outputs = List.copyOf(outputs);
  }

  /**
   * The output named {@code name}. Linear in the number of outputs.
   *
   * @param name the output tensor name
   * @return the output, or empty when the response has none of that name
   */
  public Optional<InferTensor> output(String name) {
    return outputs.stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
