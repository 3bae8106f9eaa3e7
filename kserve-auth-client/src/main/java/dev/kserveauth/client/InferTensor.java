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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A typed, immutable Open Inference Protocol tensor: name, {@link DataType}, shape and row-major
 * data. The factories check that the shape's element count equals the data length and that
 * unsigned values fit their type.
 *
 * <p>Storage follows the wire width: UINT8/INT8 in {@code byte[]}, UINT16/INT16/FP16 in {@code
 * short[]} (FP16 as IEEE binary16 bits), UINT32/INT32 in {@code int[]}, UINT64/INT64 in {@code
 * long[]}, FP32 in {@code float[]}, FP64 in {@code double[]}, BOOL in {@code boolean[]}, BYTES as
 * byte arrays. The accessors widen: {@link #longs()} returns unsigned values for UINT types
 * (UINT64 as raw two's-complement bits, see {@link Long#toUnsignedString(long)}).
 *
 * <pre>{@code
 * InferTensor x = InferTensor.int64("ids", new long[] {2, 2}, 1, 2, 3, 4);
 * InferTensor img = InferTensor.uint8("image", new long[] {1, 3}, 0, 128, 255);
 * InferTensor txt = InferTensor.strings("text", new long[] {1}, "hello");
 * }</pre>
 *
 * @since 0.1
 */
public final class InferTensor {
  private final String name;
  private final DataType datatype;
  private final long[] shape;
  private final Map<String, Object> parameters;
  private final Object data;
  private final int count;

  InferTensor(String name, DataType datatype, long[] shape, Map<String, Object> parameters, Object data) {
    this.name = Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("tensor name is blank");
    }
    this.datatype = Objects.requireNonNull(datatype, "datatype");
    this.shape = Objects.requireNonNull(shape, "shape").clone();
    this.parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
    InferenceRequest.checkParameters("tensor '" + name + "'", this.parameters);
    this.data = data;
    this.count = length(data);
    long expected = 1;
    for (long d : this.shape) {
      if (d < 0) {
        throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(this.shape)
            + " has a negative dimension");
      }
      expected = Math.multiplyExact(expected, d);
    }
    if (expected != count) {
      throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(this.shape) + " holds "
          + expected + " elements but the data has " + count);
    }
  }

  private static int length(Object data) {
    if (data instanceof boolean[] a) {
      return a.length;
    } else if (data instanceof byte[] a) {
      return a.length;
    } else if (data instanceof short[] a) {
      return a.length;
    } else if (data instanceof int[] a) {
      return a.length;
    } else if (data instanceof long[] a) {
      return a.length;
    } else if (data instanceof float[] a) {
      return a.length;
    } else if (data instanceof double[] a) {
      return a.length;
    } else if (data instanceof byte[][] a) {
      return a.length;
    }
    throw new IllegalArgumentException("unsupported tensor storage " + (data == null ? "null" : data.getClass()));
  }

  // ---- factories ----

  /**
   * BOOL elements.
   *
   * @param name the tensor name
   * @param shape the tensor shape
   * @param data the elements in row-major order
   * @return the tensor
   */
  public static InferTensor bool(String name, long[] shape, boolean... data) {
    return new InferTensor(name, DataType.BOOL, shape, Map.of(), data.clone());
  }

  /**
   * UINT8 from values in 0..255.
   *
   * @param name the tensor name
   * @param shape the tensor shape
   * @param data the elements in row-major order
   * @return the tensor
   */
  public static InferTensor uint8(String name, long[] shape, int... data) {
    byte[] out = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      out[i] = (byte) checkRange(name, "UINT8", data[i], 0, 0xff);
    }
    return new InferTensor(name, DataType.UINT8, shape, Map.of(), out);
  }

  /**
   * UINT16 from values in 0..65535.
   *
   * @param name the tensor name
   * @param shape the tensor shape
   * @param data the elements in row-major order
   * @return the tensor
   */
  public static InferTensor uint16(String name, long[] shape, int... data) {
    short[] out = new short[data.length];
    for (int i = 0; i < data.length; i++) {
      out[i] = (short) checkRange(name, "UINT16", data[i], 0, 0xffff);
    }
    return new InferTensor(name, DataType.UINT16, shape, Map.of(), out);
  }

  /**
   * UINT32 from values in 0..4294967295.
   *
   * @param name the tensor name
   * @param shape the tensor shape
   * @param data the elements in row-major order
   * @return the tensor
   */
  public static InferTensor uint32(String name, long[] shape, long... data) {
    int[] out = new int[data.length];
    for (int i = 0; i < data.length; i++) {
      out[i] = (int) checkRange(name, "UINT32", data[i], 0, 0xffffffffL);
    }
    return new InferTensor(name, DataType.UINT32, shape, Map.of(), out);
  }

  /**
   * UINT64 from unsigned 64-bit values (use {@link Long#parseUnsignedLong} above Long.MAX_VALUE).
   *
   * @param name the tensor name
   * @param shape the tensor shape
   * @param data the elements in row-major order
   * @return the tensor
   */
  public static InferTensor uint64(String name, long[] shape, long... data) {
    return new InferTensor(name, DataType.UINT64, shape, Map.of(), data.clone());
  }

  /**
   * INT8 elements.
   *
   * @param name the tensor name
   * @param shape the tensor shape
   * @param data the elements in row-major order
   * @return the tensor
   */
  public static InferTensor int8(String name, long[] shape, byte... data) {
    return new InferTensor(name, DataType.INT8, shape, Map.of(), data.clone());
  }

  /**
   * INT16 elements.
   *
   * @param name the tensor name
   * @param shape the tensor shape
   * @param data the elements in row-major order
   * @return the tensor
   */
  public static InferTensor int16(String name, long[] shape, short... data) {
    return new InferTensor(name, DataType.INT16, shape, Map.of(), data.clone());
  }

  /**
   * INT32 elements.
   *
   * @param name the tensor name
   * @param shape the tensor shape
   * @param data the elements in row-major order
   * @return the tensor
   */
  public static InferTensor int32(String name, long[] shape, int... data) {
    return new InferTensor(name, DataType.INT32, shape, Map.of(), data.clone());
  }

  /**
   * INT64 elements.
   *
   * @param name the tensor name
   * @param shape the tensor shape
   * @param data the elements in row-major order
   * @return the tensor
   */
  public static InferTensor int64(String name, long[] shape, long... data) {
    return new InferTensor(name, DataType.INT64, shape, Map.of(), data.clone());
  }

  /**
   * FP16, rounded to the nearest binary16 value. Always sent in the binary extension.
   *
   * @param name the tensor name
   * @param shape the tensor shape
   * @param data the elements in row-major order
   * @return the tensor
   */
  public static InferTensor fp16(String name, long[] shape, float... data) {
    short[] out = new short[data.length];
    for (int i = 0; i < data.length; i++) {
      out[i] = Half.fromFloat(data[i]);
    }
    return new InferTensor(name, DataType.FP16, shape, Map.of(), out);
  }

  /**
   * FP32 elements.
   *
   * @param name the tensor name
   * @param shape the tensor shape
   * @param data the elements in row-major order
   * @return the tensor
   */
  public static InferTensor fp32(String name, long[] shape, float... data) {
    return new InferTensor(name, DataType.FP32, shape, Map.of(), data.clone());
  }

  /**
   * FP64 elements.
   *
   * @param name the tensor name
   * @param shape the tensor shape
   * @param data the elements in row-major order
   * @return the tensor
   */
  public static InferTensor fp64(String name, long[] shape, double... data) {
    return new InferTensor(name, DataType.FP64, shape, Map.of(), data.clone());
  }

  /**
   * BYTES elements given as raw byte arrays.
   *
   * @param name the tensor name
   * @param shape the tensor shape
   * @param data the elements in row-major order
   * @return the tensor
   */
  public static InferTensor bytes(String name, long[] shape, byte[]... data) {
    byte[][] copy = new byte[data.length][];
    for (int i = 0; i < data.length; i++) {
      copy[i] = Objects.requireNonNull(data[i], "BYTES element " + i).clone();
    }
    return new InferTensor(name, DataType.BYTES, shape, Map.of(), copy);
  }

  /**
   * BYTES elements given as strings, encoded UTF-8.
   *
   * @param name the tensor name
   * @param shape the tensor shape
   * @param data the elements in row-major order
   * @return the tensor
   */
  public static InferTensor strings(String name, long[] shape, String... data) {
    byte[][] out = new byte[data.length][];
    for (int i = 0; i < data.length; i++) {
      out[i] = Objects.requireNonNull(data[i], "BYTES element " + i).getBytes(StandardCharsets.UTF_8);
    }
    return new InferTensor(name, DataType.BYTES, shape, Map.of(), out);
  }

  /**
   * A copy of this tensor with input parameters (string, number or boolean values).
   *
   * @param parameters the parameters
   * @return the copy
   */
  public InferTensor withParameters(Map<String, Object> parameters) {
    return new InferTensor(name, datatype, shape, parameters, data);
  }

  private static long checkRange(String name, String type, long v, long min, long max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException("tensor '" + name + "': " + v + " does not fit " + type);
    }
    return v;
  }

  // ---- accessors ----

  /**
   * The tensor name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The element type.
   *
   * @return the element type
   */
  public DataType datatype() {
    return datatype;
  }

  /**
   * The shape (a copy).
   *
   * @return the shape
   */
  public long[] shape() {
    return shape.clone();
  }

  /**
   * The tensor's parameters.
   *
   * @return the parameters
   */
  public Map<String, Object> parameters() {
    return parameters;
  }

  /**
   * Number of elements (product of the shape).
   *
   * @return the number of elements
   */
  public int size() {
    return count;
  }

  /**
   * BOOL data.
   *
   * @return the elements
   */
  public boolean[] booleans() {
    if (data instanceof boolean[] a) {
      return a.clone();
    }
    throw wrongType("booleans()");
  }

  /**
   * Any integer type widened to long; UINT types unsigned (UINT64 as raw bits).
   *
   * @return the elements
   */
  public long[] longs() {
    long[] out = new long[count];
    switch (datatype) {
      case INT8 -> { byte[] a = (byte[]) data; for (int i = 0; i < count; i++) { out[i] = a[i]; } }
      case UINT8 -> { byte[] a = (byte[]) data; for (int i = 0; i < count; i++) { out[i] = Byte.toUnsignedLong(a[i]); } }
      case INT16 -> { short[] a = (short[]) data; for (int i = 0; i < count; i++) { out[i] = a[i]; } }
      case UINT16 -> { short[] a = (short[]) data; for (int i = 0; i < count; i++) { out[i] = Short.toUnsignedLong(a[i]); } }
      case INT32 -> { int[] a = (int[]) data; for (int i = 0; i < count; i++) { out[i] = a[i]; } }
      case UINT32 -> { int[] a = (int[]) data; for (int i = 0; i < count; i++) { out[i] = Integer.toUnsignedLong(a[i]); } }
      case INT64, UINT64 -> { return ((long[]) data).clone(); }
      default -> throw wrongType("longs()");
    }
    return out;
  }

  /**
   * FP16 or FP32 data as floats.
   *
   * @return the elements
   */
  public float[] floats() {
    if (datatype == DataType.FP32) {
      return ((float[]) data).clone();
    }
    if (datatype == DataType.FP16) {
      short[] a = (short[]) data;
      float[] out = new float[count];
      for (int i = 0; i < count; i++) {
        out[i] = Half.toFloat(a[i]);
      }
      return out;
    }
    throw wrongType("floats()");
  }

  /**
   * Any numeric type widened to double (UINT64 above Long.MAX_VALUE loses precision).
   *
   * @return the elements
   */
  public double[] doubles() {
    double[] out = new double[count];
    switch (datatype) {
      case FP64 -> { return ((double[]) data).clone(); }
      case FP32, FP16 -> { float[] f = floats(); for (int i = 0; i < count; i++) { out[i] = f[i]; } }
      case UINT64 -> {
        long[] a = (long[]) data;
        for (int i = 0; i < count; i++) {
          out[i] = a[i] >= 0 ? a[i] : Double.parseDouble(Long.toUnsignedString(a[i]));
        }
      }
      case BOOL, BYTES -> throw wrongType("doubles()");
      default -> { long[] l = longs(); for (int i = 0; i < count; i++) { out[i] = l[i]; } }
    }
    return out;
  }

  /**
   * BYTES elements as byte arrays.
   *
   * @return the elements
   */
  public List<byte[]> byteElements() {
    if (data instanceof byte[][] a) {
      List<byte[]> out = new ArrayList<>(a.length);
      for (byte[] b : a) {
        out.add(b.clone());
      }
      return out;
    }
    throw wrongType("byteElements()");
  }

  /**
   * BYTES elements decoded as UTF-8.
   *
   * @return the elements
   */
  public List<String> strings() {
    if (data instanceof byte[][] a) {
      List<String> out = new ArrayList<>(a.length);
      for (byte[] b : a) {
        out.add(new String(b, StandardCharsets.UTF_8));
      }
      return out;
    }
    throw wrongType("strings()");
  }

  /** Backing array (not copied); package-private for the codec. */
  /**
   * The elements in the raw form: little-endian, as in the binary tensor data extension of the REST
   * protocol and in the {@code raw_input_contents} / {@code raw_output_contents} of the gRPC one
   * (BYTES: each element as a 4-byte little-endian length and its bytes).
   *
   * @return a new array
   */
  public byte[] toRawBytes() {
    return TensorCodec.toBinary(this);
  }

  /**
   * A tensor from its raw form (see {@link #toRawBytes()}).
   *
   * <pre>{@code
   * InferTensor t = InferTensor.fromRawBytes("input-0", DataType.FP32, new long[] {1, 4}, bytes);
   * }</pre>
   *
   * @param name the tensor name
   * @param datatype the datatype
   * @param shape the shape
   * @param raw the elements in raw form
   * @return the tensor
   * @throws IllegalArgumentException when the size of {@code raw} does not match the shape
   */
  public static InferTensor fromRawBytes(String name, DataType datatype, long[] shape, byte[] raw) {
    return TensorCodec.fromBinary(name, datatype, shape, Map.of(), raw, 0, raw.length);
  }

  Object rawData() {
    return data;
  }

  private IllegalStateException wrongType(String accessor) {
    return new IllegalStateException("tensor '" + name + "' is " + datatype + "; " + accessor + " does not apply");
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof InferTensor t)) {
      return false;
    }
    return name.equals(t.name) && datatype == t.datatype && Arrays.equals(shape, t.shape)
        && parameters.equals(t.parameters) && Arrays.deepEquals(new Object[] {data}, new Object[] {t.data});
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, datatype, Arrays.hashCode(shape), Arrays.deepHashCode(new Object[] {data}));
  }

  @Override
  public String toString() {
    return "InferTensor[" + name + ", " + datatype + ", shape=" + Arrays.toString(shape) + "]";
  }
}
