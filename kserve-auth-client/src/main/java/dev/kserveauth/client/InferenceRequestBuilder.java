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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builder for {@link InferenceRequest}.
 *
 * @since 0.1
 */
public final class InferenceRequestBuilder {
  String id;
  final Map<String, Object> parameters = new LinkedHashMap<>();
  final List<InferTensor> inputs = new ArrayList<>();
  final List<RequestedOutput> outputs = new ArrayList<>();
  boolean binaryData;

  InferenceRequestBuilder() {}

  /** Request id, echoed back by the server; may be set once. */
  public InferenceRequestBuilder id(String id) {
    if (this.id != null) {
      throw new IllegalStateException("id was already set to " + this.id);
    }
    this.id = Objects.requireNonNull(id, "id");
    return this;
  }

  /** A request parameter (string, number or boolean). */
  public InferenceRequestBuilder parameter(String name, Object value) {
    parameters.put(Objects.requireNonNull(name, "name"), value);
    return this;
  }

  /** Adds an input tensor; names must be unique. */
  public InferenceRequestBuilder input(InferTensor input) {
    inputs.add(Objects.requireNonNull(input, "input"));
    return this;
  }

  /** Asks for an output (none asked: the server returns all). */
  public InferenceRequestBuilder output(RequestedOutput output) {
    outputs.add(Objects.requireNonNull(output, "output"));
    return this;
  }

  /** Ask for output {@code name} as JSON. */
  public InferenceRequestBuilder output(String name) {
    return output(RequestedOutput.of(name));
  }

  /** Send inputs in the binary tensor data extension. */
  public InferenceRequestBuilder binaryData(boolean binaryData) {
    this.binaryData = binaryData;
    return this;
  }

  /** Ask for every output in binary ({@code parameters.binary_data_output = true}). */
  public InferenceRequestBuilder binaryOutputs(boolean binaryOutputs) {
    return parameter("binary_data_output", binaryOutputs);
  }

  /** The request; fails without an input, with duplicate names or bad parameters. */
  public InferenceRequest build() {
    return new InferenceRequest(id, parameters, inputs, outputs, binaryData);
  }
}
