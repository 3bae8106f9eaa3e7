package dev.kserveauth.client;

/**
 * Open Inference Protocol tensor datatypes. {@link #byteSize()} is the element size in the binary
 * tensor data extension (little-endian), or {@code -1} for {@link #BYTES}, whose elements are a
 * 4-byte little-endian length followed by that many bytes.
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
