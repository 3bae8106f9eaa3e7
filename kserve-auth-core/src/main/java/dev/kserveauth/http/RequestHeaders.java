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

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Request headers as {@link RequestView} and {@link dev.kserveauth.policy.AccessRequest} keep them:
 * names lower-cased, values in arrival order, the map and every value list unmodifiable. Adapters
 * build one per request with {@link #builder()}; the views take it as it is, while any other map
 * handed to them is copied into this shape first.
 *
 * <pre>{@code
 * RequestHeadersBuilder b = RequestHeaders.builder();
 * for (Map.Entry<String, String> h : vertxRequest.headers()) {
 *   b.add(h.getKey(), h.getValue());
 * }
 * RequestView view = new RequestView("POST", path, host, b.build(), query, cookies, ip, port, null);
 * }</pre>
 *
 * @since 0.1
 */
public final class RequestHeaders extends AbstractMap<String, List<String>> {

  static final RequestHeaders EMPTY = new RequestHeaders(new LinkedHashMap<>());

  private final Map<String, List<String>> map;

  RequestHeaders(LinkedHashMap<String, List<String>> map) {
    this.map = Collections.unmodifiableMap(map);
  }

  /**
   * A builder for one request's headers.
   *
   * @return a new, empty builder
   */
  public static RequestHeadersBuilder builder() {
    return new RequestHeadersBuilder();
  }

  /**
   * The headers of {@code headers} in this shape: {@code headers} itself when it already is one,
   * else a copy (names lower-cased; values of names that differ only in case are joined in order).
   *
   * @param headers name to values, or {@code null} for none
   * @return the headers
   */
  public static RequestHeaders copyOf(Map<String, ? extends Collection<String>> headers) {
    if (headers instanceof RequestHeaders h) {
      return h;
    }
    if (headers == null || headers.isEmpty()) {
      return EMPTY;
    }
    RequestHeadersBuilder b = new RequestHeadersBuilder();
    headers.forEach((name, values) -> {
      for (String v : values) {
        b.add(name, v);
      }
    });
    return b.build();
  }

  @Override
  public List<String> get(Object key) {
    return map.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return map.containsKey(key);
  }

  @Override
  public int size() {
    return map.size();
  }

  @Override
  public Set<Entry<String, List<String>>> entrySet() {
    return map.entrySet();
  }

  @Override
  public Set<String> keySet() {
    return map.keySet();
  }

  @Override
  public Collection<List<String>> values() {
    return map.values();
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super List<String>> action) {
    map.forEach(action);
  }

  /**
   * Header names most requests carry, by length. HTTP/1.1 clients send them capitalized, and lowering
   * a name allocates a new string whose hash is computed again at every lookup; these constants are
   * shared and their hashes cached.
   */
  private static final String[][] COMMON_NAMES = byLength("host", "accept", "cookie", "origin", "forwarded",
      "user-agent", "connection", "traceparent", "content-type", "x-request-id", "authorization", "cache-control",
      "content-length", "accept-encoding", "accept-language", "x-forwarded-for", "x-forwarded-host",
      "x-forwarded-proto");

  private static String[][] byLength(String... names) {
    String[][] table = new String[20][0];
    for (String n : names) {
      String[] row = Arrays.copyOf(table[n.length()], table[n.length()].length + 1);
      row[row.length - 1] = n;
      table[n.length()] = row;
    }
    return table;
  }

  /** The name in lower case, as a shared constant for common names. */
  static String lowerCase(String name) {
    int n = name.length();
    if (n < COMMON_NAMES.length) {
      for (String c : COMMON_NAMES[n]) {
        if (asciiLowerEquals(c, name)) {
          return c;
        }
      }
    }
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * ASCII-only case folding: {@code regionMatches(true, ...)} would also fold non-ASCII letters (a
   * dotless i matches an i), so a name the server sees as different could land on a known name.
   */
  private static boolean asciiLowerEquals(String lower, String name) {
    for (int i = 0; i < lower.length(); i++) {
      char c = name.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

}
