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
package dev.kserveauth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Base64;

/** Token helpers shared by the providers. Never logs or returns token contents. */
final class Tokens {
  static final ObjectMapper JSON = new ObjectMapper();

  private Tokens() {}

  /** "eyJh…(812 chars)": enough to tell tokens apart in a log, never enough to use one. */
  static String mask(String token) {
    if (token == null) {
      return "null";
    }
    return (token.length() > 8 ? token.substring(0, 4) + "…" : "…") + "(" + token.length() + " chars)";
  }

  /**
   * The {@code exp} of a JWT, read without verifying it (the client only needs to know when to
   * refresh; the server verifies). {@code null} when the token is not a JWT or has no numeric exp.
   */
  static Instant jwtExpiry(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      JsonNode exp = claims == null ? null : claims.get("exp");
      return exp != null && exp.isNumber() ? Instant.ofEpochSecond(exp.asLong()) : null;
    } catch (Exception e) {
      return null;
    }
  }
}
