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

/**
 * Open Inference Protocol tensor datatypes. {@link #byteSize()} is the element size in the binary
 * tensor data extension (little-endian), or {@code -1} for {@link #BYTES}, whose elements are a
 * 4-byte little-endian length followed by that many bytes.
 *
 * @since 0.1
 */
public enum DataType {
  /** Boolean, one byte per element (0 or 1). */
  BOOL(1),
  /** Unsigned 8-bit integer. */
  UINT8(1),
  /** Unsigned 16-bit integer. */
  UINT16(2),
  /** Unsigned 32-bit integer. */
  UINT32(4),
  /** Unsigned 64-bit integer. */
  UINT64(8),
  /** Signed 8-bit integer. */
  INT8(1),
  /** Signed 16-bit integer. */
  INT16(2),
  /** Signed 32-bit integer. */
  INT32(4),
  /** Signed 64-bit integer. */
  INT64(8),
  /** IEEE 754 half-precision float; sent only in the binary extension, as KServe refuses it in JSON. */
  FP16(2),
  /** IEEE 754 single-precision float. */
  FP32(4),
  /** IEEE 754 double-precision float. */
  FP64(8),
  /** Byte strings of any length (text, images); each element is length-prefixed in binary. */
  BYTES(-1);

  private final int byteSize;

  DataType(int byteSize) {
    this.byteSize = byteSize;
  }

  /**
   * The element size in the binary extension.
   *
   * @return the size in bytes, or {@code -1} for {@link #BYTES}, whose elements vary
   */
  public int byteSize() {
    return byteSize;
  }

  /**
   * Parses a wire datatype name such as {@code "FP32"}, as in a tensor's {@code datatype} field.
   * Case-sensitive, as the protocol's names are.
   *
   * @param name the wire name
   * @return the datatype
   * @throws IllegalArgumentException when {@code name} is {@code null} or not a datatype of the
   *     protocol, naming it
   */
  public static DataType fromWire(String name) {
    try {
      return valueOf(name);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("unsupported tensor datatype '" + name + "'");
    }
  }
}
