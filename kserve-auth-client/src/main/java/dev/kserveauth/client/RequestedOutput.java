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

import java.util.Map;
import java.util.Objects;

/**
 * An output the caller asks for in an inference request ({@code request_output}). Without any
 * requested output the server returns all of them.
 *
 * @since 0.1
 * @param name output tensor name
 * @param parameters output parameters, e.g. {@code binary_data: true}
 */
public record RequestedOutput(String name, Map<String, Object> parameters) {
  /**
   * Checks the name and parameters and copies the parameters.
   *
   * @param name output tensor name
   * @param parameters output parameters, or {@code null} for none
   * @throws NullPointerException when {@code name} is {@code null}
   * @throws IllegalArgumentException when {@code name} is blank or a parameter value is not a
   *     string, number or boolean
   */
  public RequestedOutput {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("requested output name is blank");
    }
    parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
    InferenceRequest.checkParameters("output '" + name + "'", parameters);
  }

  /**
   * Asks for output {@code name} as JSON.
   *
   * @param name the output tensor name
   * @return the requested output
   * @throws IllegalArgumentException when {@code name} is blank
   */
  public static RequestedOutput of(String name) {
    return new RequestedOutput(name, Map.of());
  }

  /**
   * Asks for output {@code name} in the binary tensor data extension ({@code binary_data: true}).
   *
   * @param name the output tensor name
   * @return the requested output
   * @throws IllegalArgumentException when {@code name} is blank
   */
  public static RequestedOutput binary(String name) {
    return new RequestedOutput(name, Map.of("binary_data", true));
  }
}
