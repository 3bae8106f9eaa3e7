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

/**
 * V2 model metadata ({@code GET /v2/models/{model}[/versions/{version}]}).
 *
 * @since 0.1
 * @param name model name
 * @param versions available versions (may be empty)
 * @param platform framework/backend, e.g. {@code sklearn} or {@code onnxruntime_onnx}
 * @param inputs input tensors
 * @param outputs output tensors
 */
public record ModelMetadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
    List<TensorMetadata> outputs) {
  /**
   * Copies the lists, so the record is immutable; a {@code null} list becomes empty.
   *
   * @param name model name
   * @param versions available versions, or {@code null} for none
   * @param platform framework/backend
   * @param inputs input tensors, or {@code null} for none
   * @param outputs output tensors, or {@code null} for none
   * @throws NullPointerException when a list holds a {@code null}
   */
  public ModelMetadata {
    versions = versions == null ? List.of() : List.copyOf(versions);
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
  }
}
