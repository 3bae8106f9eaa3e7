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
  BOOL(1), UINT8(1), UINT16(2), UINT32(4), UINT64(8), INT8(1), INT16(2), INT32(4), INT64(8), FP16(2), FP32(4),
  FP64(8), BYTES(-1);

  private final int byteSize;

  DataType(int byteSize) {
    this.byteSize = byteSize;
  }

  /** Element size in bytes in the binary extension; {@code -1} for {@link #BYTES}. */
  public int byteSize() {
    return byteSize;
  }

  /** Parses a wire datatype name such as {@code "FP32"}. */
  public static DataType fromWire(String name) {
    try {
      return valueOf(name);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("unsupported tensor datatype '" + name + "'");
    }
  }
}
