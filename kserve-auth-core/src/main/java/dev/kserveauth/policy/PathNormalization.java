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
package dev.kserveauth.policy;

/**
 * How the engine normalizes a path before matching {@code paths} (Istio's mesh
 * {@code pathNormalization}; default {@link #BASE}). The query string and fragment are always
 * dropped first. Normalizing an already normalized path changes nothing.
 *
 * <pre>{@code
 * PathNormalization.BASE.normalize("/app/%2E./admin");   // "/admin"
 * PathNormalization.MERGE_SLASHES.normalize("/app//x");  // "/app/x"
 * }</pre>
 *
 * @since 0.1
 */
public enum PathNormalization {
  /** Nothing but dropping query and fragment. */
  NONE,
  /**
   * Decode percent-encoded unreserved characters once, {@code \} to {@code /}, resolve {@code .}
   * and {@code ..} segments; {@code %00} is rejected.
   */
  BASE,
  /** {@link #BASE} and then merge repeated slashes. */
  MERGE_SLASHES,
  /** Decode {@code %2F}/{@code %5C} first, then {@link #MERGE_SLASHES}. */
  DECODE_AND_MERGE_SLASHES;

  /**
   * Normalizes a request path.
   *
   * @param path the path as received (may carry a query)
   * @return the normalized path without query or fragment
   * @throws IllegalArgumentException for a path Istio rejects with 400 ({@code %00})
   */
  public String normalize(String path) {
    if (isPlain(path)) {
      return path; // nothing any mode would change: the common case, in one scan
    }
    String p = path;
    int q = p.indexOf('?');
    if (q >= 0) {
      p = p.substring(0, q);
    }
    int h = p.indexOf('#');
    if (h >= 0) {
      p = p.substring(0, h);
    }
    if (this == NONE) {
      return p;
    }
    if (this == DECODE_AND_MERGE_SLASHES) {
      p = p.replace("%2F", "/").replace("%2f", "/").replace("%5C", "\\").replace("%5c", "\\");
    }
    p = decodeUnreserved(p).replace('\\', '/');
    p = removeDotSegments(p);
    if (this == MERGE_SLASHES || this == DECODE_AND_MERGE_SLASHES) {
      p = p.replaceAll("/{2,}", "/");
    }
    return p;
  }

  /** No query, fragment, percent sign, backslash, dot or doubled slash. */
  private static boolean isPlain(String p) {
    char prev = 0;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '?' || c == '#' || c == '%' || c == '\\' || c == '.' || (c == '/' && prev == '/')) {
        return false;
      }
      prev = c;
    }
    return true;
  }

  private static String decodeUnreserved(String p) {
    if (p.indexOf('%') < 0) {
      return p;
    }
    StringBuilder b = new StringBuilder(p.length());
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '%' && i + 2 < p.length()) {
        int hi = Character.digit(p.charAt(i + 1), 16);
        int lo = Character.digit(p.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          int v = hi * 16 + lo;
          if (v == 0) {
            throw new IllegalArgumentException("path contains %00");
          }
          char d = (char) v;
          if ((d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') || (d >= '0' && d <= '9') || d == '-' || d == '.'
              || d == '_' || d == '~') {
            b.append(d);
            i += 2;
            continue;
          }
        }
      }
      b.append(c);
    }
    return b.toString();
  }

  /** RFC 3986 section 5.2.4. */
  static String removeDotSegments(String in) {
    if (!in.contains(".")) {
      return in;
    }
    StringBuilder out = new StringBuilder(in.length());
    String input = in;
    while (!input.isEmpty()) {
      if (input.startsWith("../")) {
        input = input.substring(3);
      } else if (input.startsWith("./")) {
        input = input.substring(2);
      } else if (input.startsWith("/./")) {
        input = input.substring(2);
      } else if (input.equals("/.")) {
        input = "/";
      } else if (input.startsWith("/../")) {
        input = input.substring(3);
        dropLastSegment(out);
      } else if (input.equals("/..")) {
        input = "/";
        dropLastSegment(out);
      } else if (input.equals(".") || input.equals("..")) {
        input = "";
      } else {
        int start = input.startsWith("/") ? 1 : 0;
        int next = input.indexOf('/', start);
        if (next < 0) {
          next = input.length();
        }
        out.append(input, 0, next);
        input = input.substring(next);
      }
    }
    return out.toString();
  }

  private static void dropLastSegment(StringBuilder out) {
    int last = out.lastIndexOf("/");
    out.setLength(Math.max(last, 0));
  }
}
