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
package dev.kserveauth.internal.jws;

import java.nio.ByteBuffer;

/**
 * Strict base64url (RFC 4648 section 5, RFC 7515 section 2): alphabet {@code [A-Za-z0-9_-]} only, no
 * padding, no whitespace, a length that is not 1 modulo 4, and zero unused trailing bits, so every
 * byte string has exactly one accepted encoding. The JDK decoder accepts padding and non-zero
 * trailing bits; this one does not.
 */
public final class Base64Url {

  private static final java.util.Base64.Decoder JDK = java.util.Base64.getUrlDecoder();
  private static final byte[] DECODE = new byte[128];
  private static final char[] ENCODE =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

  static {
    java.util.Arrays.fill(DECODE, (byte) -1);
    for (int i = 0; i < ENCODE.length; i++) {
      DECODE[ENCODE[i]] = (byte) i;
    }
  }

  private Base64Url() {}

  /**
   * Decodes {@code src[from, to)} (ASCII bytes).
   *
   * <p>The bulk work is the JDK's URL-safe decoder (an intrinsic on current x86 and aarch64 JVMs);
   * what it tolerates and we do not is refused first: a length of 1 modulo 4, any {@code =} (the
   * JDK accepts {@code =} only as trailing padding, so a last character other than {@code =} means
   * there is none), and non-zero unused bits in the last character. Every other character outside
   * the alphabet makes the JDK decoder fail, which is reported as {@code null} too.
   *
   * @return the bytes, or {@code null} when the text is not canonical base64url
   */
  public static byte[] decode(byte[] src, int from, int to) {
    int len = to - from;
    if (len == 0) {
      return new byte[0];
    }
    int rem = len & 3;
    if (rem == 1) {
      return null;
    }
    if (rem != 0) {
      int last = value(src[to - 1]);
      if (last < 0 || (rem == 2 ? last & 0x0f : last & 0x03) != 0) {
        return null;
      }
    } else if (src[to - 1] == '=') {
      return null;
    }
    ByteBuffer out;
    try {
      out = JDK.decode(ByteBuffer.wrap(src, from, len));
    } catch (IllegalArgumentException notBase64Url) {
      return null;
    }
    byte[] bytes = out.array();
    int expected = (len >>> 2) * 3 + (rem == 0 ? 0 : rem - 1);
    if (out.arrayOffset() != 0 || out.remaining() != expected) {
      return null;
    }
    return bytes.length == expected ? bytes : java.util.Arrays.copyOf(bytes, expected);
  }

  /** Decodes a whole string strictly, or returns {@code null}. */
  public static byte[] decode(String s) {
    byte[] ascii = new byte[s.length()];
    for (int i = 0; i < ascii.length; i++) {
      char c = s.charAt(i);
      if (c >= 128) {
        return null;
      }
      ascii[i] = (byte) c;
    }
    return decode(ascii, 0, ascii.length);
  }

  private static int value(byte c) {
    return c < 0 ? -1 : DECODE[c];
  }

  /** Encodes without padding. */
  public static String encode(byte[] data) {
    StringBuilder sb = new StringBuilder((data.length * 4 + 2) / 3);
    int i = 0;
    for (; i + 2 < data.length; i += 3) {
      int bits = (data[i] & 0xff) << 16 | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff);
      sb.append(ENCODE[bits >>> 18]).append(ENCODE[(bits >>> 12) & 63])
          .append(ENCODE[(bits >>> 6) & 63]).append(ENCODE[bits & 63]);
    }
    int rem = data.length - i;
    if (rem == 1) {
      int bits = (data[i] & 0xff) << 16;
      sb.append(ENCODE[bits >>> 18]).append(ENCODE[(bits >>> 12) & 63]);
    } else if (rem == 2) {
      int bits = (data[i] & 0xff) << 16 | (data[i + 1] & 0xff) << 8;
      sb.append(ENCODE[bits >>> 18]).append(ENCODE[(bits >>> 12) & 63]).append(ENCODE[(bits >>> 6) & 63]);
    }
    return sb.toString();
  }
}
