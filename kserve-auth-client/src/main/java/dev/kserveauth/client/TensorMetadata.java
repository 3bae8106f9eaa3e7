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
 * An input or output tensor as described by V2 model metadata.
 *
 * @since 0.1
 * @param name tensor name
 * @param datatype datatype name as the server sent it (e.g. {@code FP32})
 * @param shape dimensions; {@code -1} marks a variable dimension
 */
public record TensorMetadata(String name, String datatype, List<Long> shape) {
  /**
   * Copies the shape, so the record is immutable; a {@code null} shape becomes empty.
   *
   * @param name tensor name
   * @param datatype datatype name as the server sent it
   * @param shape dimensions, or {@code null} for none
   * @throws NullPointerException when a list holds a {@code null}
   */
  public TensorMetadata {
    shape = shape == null ? List.of() : List.copyOf(shape);
  }
}
