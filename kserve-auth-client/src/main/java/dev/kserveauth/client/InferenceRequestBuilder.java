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
 * Builder for {@link InferenceRequest}, from {@link InferenceRequest#builder()}. Inputs and
 * outputs keep the order they were added in. The checks of the request (at least one input,
 * unique names, parameter types) run in {@link #build()}. A builder is not thread-safe.
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

  /**
   * The request id, echoed back by the server in {@link InferenceResponse#id()}; may be set once.
   *
   * @param id the id
   * @return this builder
   * @throws IllegalStateException when an id was already set
   */
  public InferenceRequestBuilder id(String id) {
    if (this.id != null) {
      throw new IllegalStateException("id was already set to " + this.id);
    }
    this.id = Objects.requireNonNull(id, "id");
    return this;
  }

  /**
   * A request parameter; setting a name again replaces its value.
   *
   * @param name the parameter name
   * @param value a string, number or boolean ({@link #build()} refuses anything else)
   * @return this builder
   */
  public InferenceRequestBuilder parameter(String name, Object value) {
    parameters.put(Objects.requireNonNull(name, "name"), value);
    return this;
  }

  /**
   * Adds an input tensor.
   *
   * @param input the tensor; its name must differ from the other inputs' ({@link #build()} checks)
   * @return this builder
   */
  public InferenceRequestBuilder input(InferTensor input) {
    inputs.add(Objects.requireNonNull(input, "input"));
    return this;
  }

  /**
   * Asks for an output (none asked: the server returns all).
   *
   * @param output the requested output; its name must differ from the others' ({@link #build()}
   *     checks)
   * @return this builder
   */
  public InferenceRequestBuilder output(RequestedOutput output) {
    outputs.add(Objects.requireNonNull(output, "output"));
    return this;
  }

  /**
   * Asks for output {@code name} as JSON; shorthand for {@code output(RequestedOutput.of(name))}.
   *
   * @param name the output tensor name, not blank
   * @return this builder
   * @throws IllegalArgumentException when {@code name} is blank
   */
  public InferenceRequestBuilder output(String name) {
    return output(RequestedOutput.of(name));
  }

  /**
   * Whether to send every input in the binary tensor data extension (default {@code false}: JSON;
   * FP16 inputs go in binary either way).
   *
   * @param binaryData {@code true} for binary
   * @return this builder
   */
  public InferenceRequestBuilder binaryData(boolean binaryData) {
    this.binaryData = binaryData;
    return this;
  }

  /**
   * Asks for every output in binary: sets the request parameter {@code binary_data_output}.
   *
   * @param binaryOutputs {@code true} to ask for binary outputs
   * @return this builder
   */
  public InferenceRequestBuilder binaryOutputs(boolean binaryOutputs) {
    return parameter("binary_data_output", binaryOutputs);
  }

  /**
   * Builds the request; the builder can be used again afterwards (the request holds copies).
   *
   * @return the request
   * @throws IllegalArgumentException without an input, with two inputs or outputs of one name, or
   *     with a parameter that is not a string, number or boolean
   * @throws NullPointerException when a parameter value is {@code null}
   */
  public InferenceRequest build() {
    return new InferenceRequest(id, parameters, inputs, outputs, binaryData);
  }
}
