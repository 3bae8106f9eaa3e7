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

/** IEEE 754 binary16 conversion (Java 17 has no Float.floatToFloat16). Round to nearest even. */
final class Half {
  private Half() {}

  static float toFloat(short half) {
    int bits = half & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    if (exp == 31) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  static short fromFloat(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int val = bits & 0x7fffffff;
    if (val >= 0x7f800000) {
      return (short) (sign | 0x7c00 | (val > 0x7f800000 ? 0x200 : 0));
    }
    if (val >= 0x477ff000) {
      return (short) (sign | 0x7c00);
    }
    if (val < 0x38800000) {
      int m = Math.round(Float.intBitsToFloat(val) * 0x1p24f);
      return (short) (sign | m);
    }
    int h = ((((val >>> 23) - 112) << 10)) | ((val & 0x7fffff) >>> 13);
    int rest = val & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (h & 1) != 0)) {
      h++;
    }
    return (short) (sign | h);
  }
}
