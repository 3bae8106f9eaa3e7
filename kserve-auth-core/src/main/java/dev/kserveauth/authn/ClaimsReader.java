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
package dev.kserveauth.authn;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kserveauth.internal.jws.Json;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Reads a JWT payload straight into the immutable shape {@link Principal} keeps (no databind, no
 * second deep copy): objects become unmodifiable {@code LinkedHashMap}s, arrays unmodifiable lists,
 * numbers Integer/Long/BigInteger/Double, with the limits of {@link Json} (nesting and sizes
 * bounded, UTF-8 checked). Repeated member names are rejected here, at every level, by noticing
 * that the map did not grow.
 */
final class ClaimsReader {

  private ClaimsReader() {}

  /**
   * The top-level claim set. Only this reader creates it, over maps nobody else holds, so
   * {@link Principal} can keep it without copying.
   */
  static final class FrozenClaims extends AbstractMap<String, Object> {
    private final Map<String, Object> map;

    private FrozenClaims(LinkedHashMap<String, Object> map) {
      this.map = Collections.unmodifiableMap(map);
    }

    @Override
    public Object get(Object key) {
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
    public Set<Entry<String, Object>> entrySet() {
      return map.entrySet();
    }

    @Override
    public Set<String> keySet() {
      return map.keySet();
    }

    @Override
    public Collection<Object> values() {
      return map.values();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
      map.forEach(action);
    }
  }

  /**
   * @throws IllegalArgumentException with a caller-safe reason when the bytes are not exactly one JSON object
   */
  static Map<String, Object> read(byte[] utf8) {
    if (Json.startsAsNonUtf8(utf8)) {
      throw new IllegalArgumentException("is not valid UTF-8"); // e.g. UTF-16, which Jackson would decode
    }
    int i = 0;
    while (i < utf8.length && (utf8[i] == ' ' || utf8[i] == '\t' || utf8[i] == '\n' || utf8[i] == '\r')) {
      i++;
    }
    if (i == utf8.length || utf8[i] != '{') {
      throw new IllegalArgumentException("is not a JSON object");
    }
    try (JsonParser p = Json.MAP_BUILDING_FACTORY.createParser(utf8)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("is not a JSON object");
      }
      FrozenClaims claims = new FrozenClaims(members(p));
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("has content after the JSON object");
      }
      return claims;
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      throw new IllegalArgumentException("exceeds the JSON nesting or size limits");
    } catch (java.io.IOException e) {
      String m = e.getMessage() == null ? "" : e.getMessage();
      if (m.startsWith("Duplicate field") || m.startsWith("Duplicate Object property")) {
        throw new IllegalArgumentException("has a duplicate member name");
      }
      if (m.contains("UTF-8") || m.contains("UTF8")) {
        throw new IllegalArgumentException("is not valid UTF-8");
      }
      throw new IllegalArgumentException("is not valid JSON");
    }
  }

  private static LinkedHashMap<String, Object> members(JsonParser p) throws java.io.IOException {
    LinkedHashMap<String, Object> m = new LinkedHashMap<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      int size = m.size();
      m.put(name, value(p, p.nextToken()));
      if (m.size() == size) {
        // a repeated member name (RFC 8725 section 2.6): the map did not grow
        throw new IllegalArgumentException("has a duplicate member name");
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new java.io.IOException("unexpected token");
    }
    return m;
  }

  private static Object value(JsonParser p, JsonToken t) throws java.io.IOException {
    switch (t) {
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      case START_OBJECT:
        return Collections.unmodifiableMap(members(p));
      case START_ARRAY: {
        ArrayList<Object> list = new ArrayList<>();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
          if (e == null) {
            throw new java.io.IOException("unexpected end");
          }
          list.add(value(p, e));
        }
        return Collections.unmodifiableList(list);
      }
      default:
        throw new java.io.IOException("unexpected token");
    }
  }
}
