package dev.kserveauth.internal.jws;

/**
 * Strict base64url (RFC 4648 section 5, RFC 7515 section 2): alphabet {@code [A-Za-z0-9_-]} only, no
 * padding, no whitespace, a length that is not 1 modulo 4, and zero unused trailing bits, so every
 * byte string has exactly one accepted encoding. The JDK decoder accepts padding and non-zero
 * trailing bits; this one does not.
 */
public final class Base64Url {

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
   * @return the bytes, or {@code null} when the text is not canonical base64url
   */
  public static byte[] decode(byte[] src, int from, int to) {
    int len = to - from;
    int rem = len & 3;
    if (rem == 1) {
      return null;
    }
    int outLen = (len >>> 2) * 3 + (rem == 0 ? 0 : rem - 1);
    byte[] out = new byte[outLen];
    int i = from;
    int o = 0;
    int fullEnd = to - rem;
    while (i < fullEnd) {
      int a = value(src[i]);
      int b = value(src[i + 1]);
      int c = value(src[i + 2]);
      int d = value(src[i + 3]);
      if ((a | b | c | d) < 0) {
        return null;
      }
      int bits = a << 18 | b << 12 | c << 6 | d;
      out[o] = (byte) (bits >> 16);
      out[o + 1] = (byte) (bits >> 8);
      out[o + 2] = (byte) bits;
      i += 4;
      o += 3;
    }
    if (rem == 2) {
      int a = value(src[i]);
      int b = value(src[i + 1]);
      if ((a | b) < 0 || (b & 0x0f) != 0) {
        return null;
      }
      out[o] = (byte) (a << 2 | b >> 4);
    } else if (rem == 3) {
      int a = value(src[i]);
      int b = value(src[i + 1]);
      int c = value(src[i + 2]);
      if ((a | b | c) < 0 || (c & 0x03) != 0) {
        return null;
      }
      int bits = a << 12 | b << 6 | c;
      out[o] = (byte) (bits >> 10);
      out[o + 1] = (byte) (bits >> 2);
    }
    return out;
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
