package dev.kserveauth.client;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An Open Inference Protocol inference response ({@code $inference_response}); outputs decoded
 * from JSON or from the binary tensor data extension.
 *
 * @param modelName the model that answered
 * @param modelVersion its version, or {@code null}
 * @param id the request id echoed back, or {@code null}
 * @param parameters response parameters
 * @param outputs output tensors
 */
public record InferenceResponse(String modelName, String modelVersion, String id, Map<String, Object> parameters,
    List<InferTensor> outputs) {

  public InferenceResponse {
    Objects.requireNonNull(modelName, "modelName");
    parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
    outputs = List.copyOf(outputs);
  }

  /** The output named {@code name}, if present. */
  public Optional<InferTensor> output(String name) {
    return outputs.stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
