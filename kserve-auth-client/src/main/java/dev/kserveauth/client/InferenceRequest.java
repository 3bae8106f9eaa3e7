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

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An Open Inference Protocol inference request ({@code $inference_request}).
 *
 * <p>{@link #binaryData()} sends every input in the binary tensor data extension ({@code
 * Inference-Header-Content-Length}); FP16 inputs always travel in binary because KServe rejects
 * FP16 in JSON. {@code parameters} values must be strings, numbers or booleans.
 *
 * <pre>{@code
 * InferenceRequest request = InferenceRequest.builder()
 *     .id("42")
 *     .input(InferTensor.fp32("input-0", new long[] {1, 4}, 6.8f, 2.8f, 4.8f, 1.4f))
 *     .output(RequestedOutput.of("output-0"))
 *     .build();
 * }</pre>
 *
 * @since 0.1
 * @param id optional request id, echoed back by the server ({@code null} for none)
 * @param parameters request parameters
 * @param inputs input tensors, at least one, with unique names
 * @param outputs requested outputs (empty for all)
 * @param binaryData send inputs in the binary tensor data extension
 */
public record InferenceRequest(String id, Map<String, Object> parameters, List<InferTensor> inputs,
    List<RequestedOutput> outputs, boolean binaryData) {

  /**
   * Copies the maps and lists (so the request is immutable) and checks them.
   *
   * @param id the request id, or {@code null}
   * @param parameters request parameters, or {@code null} for none
   * @param inputs input tensors, at least one, with unique names
   * @param outputs requested outputs with unique names, or {@code null} for all
   * @param binaryData whether to send the inputs in the binary tensor data extension
   * @throws NullPointerException when {@code inputs} is {@code null} or a map or list holds a
   *     {@code null}
   * @throws IllegalArgumentException when there is no input, two inputs or two requested outputs
   *     share a name, or a parameter value is not a string, number or boolean
   */
  public InferenceRequest {
    parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
    inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
    outputs = List.copyOf(outputs == null ? List.of() : outputs);
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("an inference request needs at least one input");
    }
    checkParameters("request", parameters);
    Set<String> names = new HashSet<>();
    for (InferTensor t : inputs) {
      if (!names.add(t.name())) {
        throw new IllegalArgumentException("duplicate input name '" + t.name() + "'");
      }
    }
    Set<String> outNames = new HashSet<>();
    for (RequestedOutput o : outputs) {
      if (!outNames.add(o.name())) {
        throw new IllegalArgumentException("duplicate requested output '" + o.name() + "'");
      }
    }
  }

  /**
   * A builder; at least one input is required.
   *
   * @return a new builder
   */
  public static InferenceRequestBuilder builder() {
    return new InferenceRequestBuilder();
  }

  static void checkParameters(String where, Map<String, Object> parameters) {
    parameters.forEach((k, v) -> {
      if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
        throw new IllegalArgumentException(where + " parameter '" + k + "' must be a string, number or boolean, not "
            + (v == null ? "null" : v.getClass().getSimpleName()));
      }
    });
  }
}
