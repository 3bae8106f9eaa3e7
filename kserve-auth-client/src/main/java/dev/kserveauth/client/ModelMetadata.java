package dev.kserveauth.client;

import java.util.List;

/**
 * V2 model metadata ({@code GET /v2/models/{model}[/versions/{version}]}).
 *
 * @param name model name
 * @param versions available versions (may be empty)
 * @param platform framework/backend, e.g. {@code sklearn} or {@code onnxruntime_onnx}
 * @param inputs input tensors
 * @param outputs output tensors
 */
public record ModelMetadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
    List<TensorMetadata> outputs) {
  public ModelMetadata {
    versions = versions == null ? List.of() : List.copyOf(versions);
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
  }
}
