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

import static dev.kserveauth.http.RequestHeaders.EMPTY;
import static dev.kserveauth.http.RequestHeaders.lowerCase;

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
 * Collects headers in arrival order; {@link #build()} may be called once. Not thread-safe.
 *
 * @since 0.1
 */
public final class RequestHeadersBuilder {
  private LinkedHashMap<String, List<String>> map = new LinkedHashMap<>();
  boolean multi;

  RequestHeadersBuilder() {}

  /**
   * Adds one value of a header.
   *
   * @param name the header name, any case
   * @param value the value as received
   * @return this builder
   * @throws IllegalStateException after {@link #build()}
   */
  public RequestHeadersBuilder add(String name, String value) {
    if (map == null) {
      throw new IllegalStateException("build() was already called");
    }
    Objects.requireNonNull(value, "value");
    String key = lowerCase(name);
    List<String> old = map.putIfAbsent(key, List.of(value));
    if (old != null) {
      List<String> values = old instanceof ArrayList<String> a ? a : new ArrayList<>(old);
      values.add(value);
      map.put(key, values);
      multi = true;
    }
    return this;
  }

  /**
   * @return the immutable headers
   * @throws IllegalStateException when called twice
   */
  public RequestHeaders build() {
    if (map == null) {
      throw new IllegalStateException("build() was already called");
    }
    LinkedHashMap<String, List<String>> m = map;
    map = null;
    if (m.isEmpty()) {
      return EMPTY;
    }
    if (multi) {
      m.replaceAll((k, v) -> v instanceof ArrayList<String> ? List.copyOf(v) : v);
    }
    return new RequestHeaders(m);
  }
}
