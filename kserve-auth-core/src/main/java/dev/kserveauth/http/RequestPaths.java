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
package dev.kserveauth.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place a raw request path becomes the path kserve-auth decides on, so that the decision is
 * taken on exactly the path the server routes on.
 *
 * <p>{@link #normalize(String)} percent-decodes the path (UTF-8) and resolves {@code .} and
 * {@code ..} segments, the way Jetty 12 (default {@code UriCompliance}) builds the servlet path and
 * vertx-web builds {@code normalizedPath()}. Wherever those two (or Istio's {@code BASE}
 * normalization) could read a path differently, it throws {@link AmbiguousPathException} and the
 * request is answered with 400:
 *
 * <ul>
 *   <li>encoded separators {@code %2F} / {@code %5C}, an encoded {@code %} ({@code %25}), {@code %00}
 *       or other encoded control characters;</li>
 *   <li>an encoded {@code ?} ({@code %3F}), {@code #} ({@code %23}) or {@code ;} ({@code %3B}): once
 *       decoded, each changes the path's structure for whatever splits it next (a query, a fragment,
 *       a path parameter), while routers such as vertx-web pass it on as part of a path parameter;
 *       never cut at, never kept;</li>
 *   <li>encoded dot segments ({@code %2e%2e}, {@code .%2E});</li>
 *   <li>empty segments ({@code //}), which Istio merges, Jetty rejects and vertx-web keeps;</li>
 *   <li>matrix parameters ({@code ;x=y}), which Jetty strips from the segment and vertx-web keeps;</li>
 *   <li>a backslash, a raw control, space or non-ASCII character, malformed percent-encoding or
 *       invalid UTF-8;</li>
 *   <li>a {@code ..} that would climb above the root.</li>
 * </ul>
 *
 * <pre>{@code
 * RequestPaths.normalize("/v1/models/a/../iris%3Apredict"); // "/v1/models/iris:predict"
 * RequestPaths.normalize("/v1/models/x%2F..%2Fprod:predict"); // throws AmbiguousPathException
 * }</pre>
 *
 * @since 0.1
 */
public final class RequestPaths {

  /** The longest raw path accepted. */
  public static final int MAX_LENGTH = 8192;

  private RequestPaths() {}

  /**
   * Normalizes a raw (still percent-encoded) path without query string.
   *
   * @param rawPath the path as received, starting with {@code /}
   * @return the decoded, dot-resolved path
   * @throws AmbiguousPathException when the path is ambiguous or malformed
   */
  public static String normalize(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      throw new AmbiguousPathException("empty request path");
    }
    if (rawPath.length() > MAX_LENGTH) {
      throw new AmbiguousPathException("request path too long");
    }
    if (rawPath.charAt(0) != '/') {
      throw new AmbiguousPathException("request path must start with '/'");
    }
    if (rawPath.indexOf('%') < 0 && isPlainCanonical(rawPath)) {
      return rawPath; // fast path: nothing to decode or resolve
    }
    List<String> out = new ArrayList<>();
    boolean trailingSlash = false;
    int start = 1;
    int len = rawPath.length();
    while (start <= len) {
      int slash = rawPath.indexOf('/', start);
      int end = slash < 0 ? len : slash;
      String raw = rawPath.substring(start, end);
      boolean last = slash < 0;
      if (raw.isEmpty()) {
        if (!last) {
          throw new AmbiguousPathException("empty path segment ('//') in request path");
        }
        trailingSlash = true;
      } else {
        String seg = decodeSegment(raw);
        if (seg.equals(".") || seg.equals("..")) {
          if (!raw.equals(seg)) {
            throw new AmbiguousPathException("encoded dot segment in request path");
          }
          if (seg.equals("..")) {
            if (out.isEmpty()) {
              throw new AmbiguousPathException("request path climbs above the root");
            }
            out.remove(out.size() - 1);
          }
          trailingSlash = last;
        } else {
          out.add(seg);
          trailingSlash = false;
        }
      }
      start = end + 1;
    }
    StringBuilder sb = new StringBuilder(rawPath.length());
    for (String s : out) {
      sb.append('/').append(s);
    }
    if (sb.length() == 0 || trailingSlash) {
      sb.append('/');
    }
    return sb.toString();
  }

  /**
   * Whether a path reported by a server (decoded, possibly with unreserved-only decoding as vertx-web
   * does) names the same resource as {@code normalized}. Adapters use this to cross-check that the
   * server routes on the path kserve-auth decided on.
   *
   * @param normalized the result of {@link #normalize(String)}
   * @param serverPath the path as the server or router reports it
   * @return true when both decode to the same string
   */
  public static boolean sameAs(String normalized, String serverPath) {
    if (serverPath == null) {
      return false;
    }
    if (normalized.equals(serverPath)) {
      return true;
    }
    try {
      return normalized.equals(serverPath.indexOf('%') < 0 ? serverPath : percentDecode(serverPath));
    } catch (AmbiguousPathException e) {
      return false;
    }
  }

  private static boolean isPlainCanonical(String p) {
    char prev = 0;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (!isPchar(c) && c != '/') {
        throw new AmbiguousPathException(describe(c));
      }
      if (c == '/' && prev == '/') {
        return false;
      }
      if (c == '.' && prev == '/') {
        return false; // maybe a dot segment: take the slow path
      }
      prev = c;
    }
    return true;
  }

  private static String decodeSegment(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%' && !isPchar(c)) {
        throw new AmbiguousPathException(describe(c));
      }
    }
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    String decoded = percentDecode(raw);
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if (c == '/' || c == '\\') {
        throw new AmbiguousPathException("encoded path separator in request path");
      }
      if (c == '%') {
        throw new AmbiguousPathException("encoded '%' in request path");
      }
      if (c == '?' || c == '#' || c == ';') {
        // decoded, each would end the path (query, fragment) or start a path parameter for the next
        // component that splits the decoded path: the route parser, Istio's matcher, a router
        throw new AmbiguousPathException("encoded '" + c + "' in request path");
      }
      if (c < 0x20 || c == 0x7F) {
        throw new AmbiguousPathException("encoded control character in request path");
      }
    }
    return decoded;
  }

  private static String percentDecode(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new AmbiguousPathException("malformed percent-encoding in request path");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new AmbiguousPathException("malformed percent-encoding in request path");
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        throw new AmbiguousPathException("non-ASCII character in request path");
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AmbiguousPathException("invalid UTF-8 in request path");
    }
  }

  /** RFC 3986 pchar minus ';' (matrix parameters are ambiguous) and minus '%' (handled by the caller). */
  private static boolean isPchar(char c) {
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
      return true;
    }
    return switch (c) {
      case '-', '.', '_', '~', '!', '$', '&', '\'', '(', ')', '*', '+', ',', '=', ':', '@' -> true;
      default -> false;
    };
  }

  private static String describe(char c) {
    if (c == ';') {
      return "path parameter (';') in request path";
    }
    if (c == '\\') {
      return "backslash in request path";
    }
    if (c == '%') {
      return "malformed percent-encoding in request path";
    }
    if (c > 0x7E) {
      return "non-ASCII character in request path";
    }
    return "illegal character in request path";
  }
}
