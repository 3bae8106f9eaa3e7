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
package dev.kserveauth.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 14 item 20: characters that break or reorder a log line are escaped in audit JSON. */
class AuditJsonEscapesTest {

  private static AuditEvent event(String attackerText) {
    return new AuditEvent(Instant.EPOCH, "authorization", "alice" + attackerText, null, List.of("r" + attackerText),
        "GET", "/v1/models/m" + attackerText, "m", "metadata", "allow", 200, null, null, null, "10.0.0.1",
        "curl" + attackerText, Map.of("team", "t" + attackerText), 1000);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x2028, 0x2029, 0x0085, 0x202E, 0x009B, 0x0080, 0x009F, 0x200E, 0x2066, 0x061C})
  void lineBreakingAndBidiCharactersAreEscapedEverywhere(int ch) throws Exception {
    String bad = new String(Character.toChars(ch));
    String json = AuditSink.toJson(event(bad + "{\"event\":\"forged\"}"));
    assertThat(json).doesNotContain(bad);
    String escape = String.format("\\u%04X", ch);
    assertThat(json.split(java.util.regex.Pattern.quote(escape), -1)).hasSize(6); // user_id, role, action (path), user_agent, claims
    JsonNode n = new ObjectMapper().readTree(json);
    assertThat(n.get("user_agent").asText()).isEqualTo("curl" + bad + "{\"event\":\"forged\"}");
    assertThat(n.get("event").asText()).isEqualTo("authorization");
  }

  @ParameterizedTest
  @ValueSource(strings = {"é", "日本", "\u00A0", "\u2027", "\u202F", "\uD83D\uDE00"})
  void ordinaryNonAsciiStaysReadable(String s) {
    assertThat(AuditSink.toJson(event(s))).contains("curl" + s);
  }
}
