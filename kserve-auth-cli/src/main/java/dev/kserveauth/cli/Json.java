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
package dev.kserveauth.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** JSON in and out for the CLI, and human-readable times. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException("cannot render JSON: " + e.getMessage(), e);
    }
  }

  /** {@code 2026-03-01T12:05:00Z (in 4m 59s)} or {@code ... (2h 3m ago)}. */
  static String human(Instant t, Clock clock) {
    Duration d = Duration.between(clock.instant(), t);
    String rel = d.isNegative() ? span(d.negated()) + " ago" : d.isZero() ? "now" : "in " + span(d);
    return t + " (" + rel + ")";
  }

  static String span(Duration d) {
    long s = d.getSeconds();
    long days = s / 86_400;
    long h = s % 86_400 / 3600;
    long m = s % 3600 / 60;
    long sec = s % 60;
    if (days > 0) {
      return days + "d " + h + "h";
    }
    if (h > 0) {
      return h + "h " + m + "m";
    }
    if (m > 0) {
      return m + "m " + sec + "s";
    }
    return sec + "s";
  }
}
