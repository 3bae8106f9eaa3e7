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
package dev.kserveauth.kubernetes;

/**
 * Makes a reason from the API server safe to show a caller and to put in a {@code WWW-Authenticate}
 * {@code error_description}: the token itself and anything long and token-like removed, only
 * printable ASCII without quotes and backslashes, at most 200 characters.
 */
final class Sanitizer {
  private static final int MAX = 200;

  private Sanitizer() {}

  static String reason(String raw, String token) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    String s = raw;
    if (token != null && !token.isEmpty()) {
      s = s.replace(token, "[token]");
    }
    // JWT-, base64- or hex-looking runs of 24+ characters: parts of a token or a secret
    s = s.replaceAll("[A-Za-z0-9_\\-+/=.~]{24,}", "[redacted]");
    StringBuilder out = new StringBuilder(Math.min(s.length(), MAX));
    for (int i = 0; i < s.length() && out.length() < MAX; i++) {
      char c = s.charAt(i);
      out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : ' ');
    }
    return out.toString().strip();
  }
}
