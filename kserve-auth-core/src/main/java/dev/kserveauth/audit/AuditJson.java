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

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;

/**
 * Streams an event as compact JSON with snake_case keys, in the seed's field order. Besides JSON's
 * own escapes, every character that splits or reorders a log line when the JSON is shown as text is
 * written as a JSON unicode escape: the C1 controls U+0080..U+009F (NEL U+0085, CSI U+009B), the line and
 * paragraph separators U+2028/U+2029, and the bidi controls (U+061C, U+200E/U+200F, U+202A..U+202E,
 * U+2066..U+2069). A caller-chosen user agent, path or claim therefore cannot forge a second audit
 * line or hide text in a terminal.
 */
final class AuditJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory().copy().setCharacterEscapes(new LineSafeEscapes());

  private AuditJson() {}

  static String render(AuditEvent e) {
    StringWriter w = new StringWriter(384);
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      g.setCodec(MAPPER);
      g.writeStartObject();
      g.writeStringField("timestamp", DateTimeFormatter.ISO_INSTANT.format(e.timestamp()));
      g.writeStringField("event", e.event());
      g.writeStringField("user_id", e.userId());
      if (e.issuer() != null) {
        g.writeStringField("issuer", e.issuer());
      }
      g.writeArrayFieldStart("role");
      for (String r : e.roles()) {
        g.writeString(r);
      }
      g.writeEndArray();
      g.writeStringField("action", e.action());
      g.writeStringField("transport", e.transport());
      g.writeStringField("model", e.model());
      g.writeStringField("verb", e.verb());
      g.writeStringField("result", e.result());
      g.writeNumberField("status", e.status());
      g.writeStringField("policy", e.policy());
      g.writeStringField("rule", e.rule());
      g.writeStringField("reason", e.reason());
      if (e.authorizer() != null) {
        g.writeStringField("authorizer", e.authorizer());
      }
      g.writeStringField("ip_address", e.ipAddress());
      g.writeStringField("user_agent", e.userAgent());
      if (!e.claims().isEmpty()) {
        g.writeObjectField("claims", e.claims());
      }
      g.writeNumberField("duration_us", e.durationNanos() / 1000);
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return w.toString();
  }

  /** JSON's standard escapes plus the line-breaking and bidi characters listed on {@link AuditJson}. */
  static final class LineSafeEscapes extends CharacterEscapes {
    private static final int[] ASCII = CharacterEscapes.standardAsciiEscapesForJSON();
    private static final SerializableString[] CACHE = new SerializableString[0x206A];

    @Override
    public int[] getEscapeCodesForAscii() {
      return ASCII;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (!escaped(ch)) {
        return null;
      }
      SerializableString s = CACHE[ch];
      if (s == null) {
        s = new SerializedString(String.format("\\u%04X", ch));
        CACHE[ch] = s; // benign race: equal values
      }
      return s;
    }

    static boolean escaped(int ch) {
      return (ch >= 0x80 && ch <= 0x9F) || ch == 0x061C || ch == 0x200E || ch == 0x200F
          || (ch >= 0x2028 && ch <= 0x202E) || (ch >= 0x2066 && ch <= 0x2069);
    }
  }
}
