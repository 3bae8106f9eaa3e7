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

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.Map;

/**
 * The one Jackson configuration for untrusted JOSE JSON: duplicate member names are an error
 * ({@code STRICT_DUPLICATE_DETECTION}, RFC 8725 section 2.6), nesting and number/string sizes are
 * bounded, and error locations never include the source text.
 */
public final class Json {

  /** Nesting depth limit for headers, claims and JWKS documents. */
  public static final int MAX_DEPTH = 64;

  public static final ObjectMapper MAPPER;
  /**
   * Same limits, without Jackson's duplicate detection: for readers that build a map anyway and
   * detect a repeated member themselves at no extra cost (the map does not grow on a put).
   */
  public static final JsonFactory MAP_BUILDING_FACTORY;
  private static final ObjectReader MAP_READER;

  static {
    JsonFactory factory = JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxNumberLength(64)
            .maxStringLength(1 << 20)
            .build())
        .build();
    MAP_BUILDING_FACTORY = JsonFactory.builder()
        .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .streamReadConstraints(factory.streamReadConstraints())
        .build();
    MAPPER = new ObjectMapper(factory);
    MAPPER.configure(JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true);
    MAP_READER = MAPPER.readerFor(Map.class);
  }

  private Json() {}

  /**
   * Parses a JSON object from UTF-8 bytes into a {@code Map} (values: String, Integer/Long/BigInteger,
   * Double, Boolean, List, Map, null).
   *
   * @return the object
   * @throws IllegalArgumentException with a caller-safe reason (no input echoed) when the bytes are
   *     not exactly one JSON object: invalid UTF-8, a duplicate member, trailing data, too deep
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(byte[] utf8) {
    if (startsAsNonUtf8(utf8)) {
      throw new IllegalArgumentException("is not valid UTF-8");
    }
    if (utf8.length == 0 || firstNonSpace(utf8) != '{') {
      throw new IllegalArgumentException("is not a JSON object");
    }
    try (JsonParser p = MAPPER.getFactory().createParser(utf8)) {
      Object o = MAP_READER.readValue(p);
      if (!(o instanceof Map<?, ?>)) {
        throw new IllegalArgumentException("is not a JSON object");
      }
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("has content after the JSON object");
      }
      return (Map<String, Object>) o;
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

  /**
   * Whether JSON bytes start in another encoding than UTF-8: a byte-order mark, or a zero byte among
   * the first four (UTF-16 or UTF-32; valid UTF-8 JSON never holds a zero byte). Jackson's byte parser
   * would detect such an encoding and decode it; RFC 7519 and RFC 8259 allow only UTF-8, so those
   * bytes are malformed.
   */
  public static boolean startsAsNonUtf8(byte[] b) {
    int n = Math.min(4, b.length);
    for (int i = 0; i < n; i++) {
      if (b[i] == 0) {
        return true;
      }
    }
    return n >= 2 && ((b[0] == (byte) 0xFE && b[1] == (byte) 0xFF) || (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE)
        || (n >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF));
  }

  private static int firstNonSpace(byte[] b) {
    for (byte c : b) {
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return c;
      }
    }
    return -1;
  }
}
