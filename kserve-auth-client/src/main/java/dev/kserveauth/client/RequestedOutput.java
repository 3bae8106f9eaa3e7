package dev.kserveauth.client;

import java.util.Map;
import java.util.Objects;

/**
 * An output the caller asks for in an inference request ({@code request_output}). Without any
 * requested output the server returns all of them.
 *
 * @param name output tensor name
 * @param parameters output parameters, e.g. {@code binary_data: true}
 */
public record RequestedOutput(String name, Map<String, Object> parameters) {
  public RequestedOutput {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("requested output name is blank");
    }
    parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
    InferenceRequest.checkParameters("output '" + name + "'", parameters);
  }

  /** Ask for output {@code name} as JSON. */
  public static RequestedOutput of(String name) {
    return new RequestedOutput(name, Map.of());
  }

  /** Ask for output {@code name} in the binary tensor data extension ({@code binary_data: true}). */
  public static RequestedOutput binary(String name) {
    return new RequestedOutput(name, Map.of("binary_data", true));
  }
}
