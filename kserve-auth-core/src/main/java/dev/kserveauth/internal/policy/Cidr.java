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
package dev.kserveauth.internal.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 block. A bare address is a /32 or /128. Parsing never resolves host names.
 *
 * @param address the network address bytes
 * @param bits the prefix length
 * @param source the value as written
 */
public record Cidr(byte[] address, int bits, String source) {

  /**
   * Parses {@code 10.0.0.0/8}, {@code 192.168.1.7}, {@code 2001:db8::/32}.
   *
   * @throws IllegalArgumentException with a message naming the bad value
   */
  public static Cidr parse(String s) {
    String addr = s;
    int bits = -1;
    int slash = s.indexOf('/');
    if (slash >= 0) {
      addr = s.substring(0, slash);
      try {
        bits = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad CIDR '" + s + "': prefix length is not a number");
      }
      if (bits < 0) {
        throw new IllegalArgumentException("bad CIDR '" + s + "': negative prefix length");
      }
    }
    byte[] bytes = parseIp(addr);
    if (bytes == null) {
      throw new IllegalArgumentException("bad IP/CIDR '" + s + "'");
    }
    int max = bytes.length * 8;
    if (bits < 0) {
      bits = max;
    }
    if (bits > max) {
      throw new IllegalArgumentException("bad CIDR '" + s + "': prefix length above " + max);
    }
    return new Cidr(bytes, bits, s);
  }

  /**
   * Parses a literal IPv4/IPv6 address without DNS; {@code null} when it is not one.
   */
  public static byte[] parseIp(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    String t = s;
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    boolean v4 = t.chars().allMatch(ch -> ch == '.' || (ch >= '0' && ch <= '9'));
    boolean v6 = t.indexOf(':') >= 0 && t.chars().allMatch(ch -> ch == ':' || ch == '.' || ch == '%'
        || Character.digit(ch, 16) >= 0);
    if (v4) {
      String[] parts = t.split("\\.", -1);
      if (parts.length != 4) {
        return null;
      }
      byte[] b = new byte[4];
      for (int i = 0; i < 4; i++) {
        if (parts[i].isEmpty() || parts[i].length() > 3) {
          return null;
        }
        int n = Integer.parseInt(parts[i]);
        if (n > 255) {
          return null;
        }
        b[i] = (byte) n;
      }
      return b;
    }
    if (v6) {
      int pct = t.indexOf('%');
      if (pct >= 0) {
        t = t.substring(0, pct);
      }
      try {
        return InetAddress.getByName(t).getAddress();
      } catch (UnknownHostException | RuntimeException e) {
        return null;
      }
    }
    return null;
  }

  /** Whether the address (4 or 16 bytes) is inside this block; IPv4-mapped IPv6 counts as IPv4. */
  public boolean contains(byte[] ip) {
    byte[] a = ip;
    if (a.length == 16 && address.length == 4 && isV4Mapped(a)) {
      a = java.util.Arrays.copyOfRange(a, 12, 16);
    }
    if (a.length != address.length) {
      return false;
    }
    int full = bits / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != address[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (a[full] & mask) == (address[full] & mask);
  }

  private static boolean isV4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.bits == bits && java.util.Arrays.equals(c.address, address);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(address) * 31 + bits;
  }

  @Override
  public String toString() {
    return source;
  }
}
