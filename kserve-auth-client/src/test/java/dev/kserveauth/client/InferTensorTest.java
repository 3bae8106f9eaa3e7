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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InferTensorTest {

  @Test
  void shapeMustMatchTheData() {
    assertThatThrownBy(() -> InferTensor.fp32("x", new long[] {2, 2}, 1f, 2f, 3f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tensor 'x': shape [2, 2] holds 4 elements but the data has 3");
    assertThatThrownBy(() -> InferTensor.int32("x", new long[] {-1, 2}, 1, 2))
        .hasMessageContaining("negative dimension");
    assertThat(InferTensor.int32("scalar", new long[] {}, 5).size()).isEqualTo(1);
    assertThat(InferTensor.int32("empty", new long[] {0, 3}).size()).isZero();
  }

  @Test
  void unsignedValuesMustFitTheirType() {
    assertThatThrownBy(() -> InferTensor.uint8("x", new long[] {1}, 256)).hasMessageContaining("256 does not fit UINT8");
    assertThatThrownBy(() -> InferTensor.uint8("x", new long[] {1}, -1)).hasMessageContaining("does not fit UINT8");
    assertThatThrownBy(() -> InferTensor.uint16("x", new long[] {1}, 65536)).hasMessageContaining("UINT16");
    assertThatThrownBy(() -> InferTensor.uint32("x", new long[] {1}, 1L << 32)).hasMessageContaining("UINT32");
    assertThat(InferTensor.uint32("x", new long[] {1}, 4294967295L).longs()).containsExactly(4294967295L);
  }

  @Test
  void accessorsRefuseTheWrongType() {
    InferTensor t = InferTensor.strings("s", new long[] {1}, "a");
    assertThatThrownBy(t::floats).isInstanceOf(IllegalStateException.class).hasMessageContaining("BYTES");
    assertThatThrownBy(t::doubles).isInstanceOf(IllegalStateException.class);
    assertThat(InferTensor.int16("i", new long[] {2}, (short) -3, (short) 4).doubles()).containsExactly(-3.0, 4.0);
  }

  @Test
  void tensorsAreImmutable() {
    float[] data = {1f, 2f};
    InferTensor t = InferTensor.fp32("x", new long[] {2}, data);
    data[0] = 99f;
    t.floats()[1] = 99f;
    t.shape()[0] = 7;
    assertThat(t.floats()).containsExactly(1f, 2f);
    assertThat(t.shape()).containsExactly(2);
  }

  @Test
  void halfPrecisionConversionRoundsToNearestEven() {
    assertThat(Half.toFloat(Half.fromFloat(1.5f))).isEqualTo(1.5f);
    assertThat(Half.toFloat(Half.fromFloat(65504f))).isEqualTo(65504f);
    assertThat(Half.toFloat(Half.fromFloat(70000f))).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(Half.toFloat(Half.fromFloat(-0.0f))).isEqualTo(-0.0f);
    assertThat(Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN)))).isTrue();
    assertThat(Half.toFloat(Half.fromFloat(5.9604645e-8f))).isEqualTo(5.9604645e-8f); // smallest subnormal
    assertThat(Half.fromFloat(1.0f)).isEqualTo((short) 0x3c00);
    assertThat(Half.fromFloat(1.0f + 0x1p-11f)).isEqualTo((short) 0x3c00); // tie rounds to even
    assertThat(Half.fromFloat(1.0f + 0x1p-10f + 0x1p-11f)).isEqualTo((short) 0x3c02); // tie rounds up to even
    assertThat(Half.toFloat(Half.fromFloat(0.1f))).isEqualTo(0.099975586f);
  }

  @Test
  void requestValidation() {
    assertThatThrownBy(() -> InferenceRequest.builder().build()).hasMessageContaining("at least one input");
    InferTensor x = InferTensor.int8("x", new long[] {1}, (byte) 1);
    assertThatThrownBy(() -> InferenceRequest.builder().input(x).input(x).build())
        .hasMessageContaining("duplicate input name 'x'");
    assertThatThrownBy(() -> InferenceRequest.builder().input(x).parameter("p", Map.of()).build())
        .hasMessageContaining("parameter 'p' must be a string, number or boolean");
    assertThatThrownBy(() -> InferenceRequest.builder().id("a").id("b")).isInstanceOf(IllegalStateException.class);
  }
}
