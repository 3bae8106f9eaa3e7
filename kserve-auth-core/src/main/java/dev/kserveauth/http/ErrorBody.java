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

import java.nio.charset.StandardCharsets;

/**
 * The one JSON error body both adapters send: KServe's error shape {@code {"error": "..."}}, UTF-8,
 * content type {@value #CONTENT_TYPE}.
 *
 * <pre>{@code
 * byte[] body = ErrorBody.json("access denied"); // {"error":"access denied"}
 * }</pre>
 *
 * @since 0.1
 */
public final class ErrorBody {

  /** The content type of {@link #json(String)}. */
  public static final String CONTENT_TYPE = "application/json";

  private ErrorBody() {}

  /**
   * Renders {@code {"error":"<message>"}} with JSON string escaping; control characters are escaped.
   *
   * @param message the error message, or {@code null} for an empty one
   * @return the JSON in UTF-8
   */
  public static byte[] json(String message) {
    return text(message).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The body as a string.
   *
   * @param message the error message, or {@code null} for an empty one
   * @return the JSON text
   */
  public static String text(String message) {
    String m = message == null ? "" : message;
    StringBuilder sb = new StringBuilder(m.length() + 16).append("{\"error\":\"");
    for (int i = 0; i < m.length(); i++) {
      char c = m.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c) && !validSurrogate(m, i)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append("\"}").toString();
  }

  private static boolean validSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
