package dev.kserveauth.client;

import java.util.List;

/**
 * An input or output tensor as described by V2 model metadata.
 *
 * @param name tensor name
 * @param datatype datatype name as the server sent it (e.g. {@code FP32})
 * @param shape dimensions; {@code -1} marks a variable dimension
 */
public record TensorMetadata(String name, String datatype, List<Long> shape) {
  public TensorMetadata {
    shape = shape == null ? List.of() : List.copyOf(shape);
  }
}
