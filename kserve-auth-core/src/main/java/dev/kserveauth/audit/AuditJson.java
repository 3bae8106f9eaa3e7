package dev.kserveauth.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;

/** Streams an event as compact JSON with snake_case keys, in the seed's field order. */
final class AuditJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

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
      g.writeStringField("model", e.model());
      g.writeStringField("verb", e.verb());
      g.writeStringField("result", e.result());
      g.writeNumberField("status", e.status());
      g.writeStringField("policy", e.policy());
      g.writeStringField("rule", e.rule());
      g.writeStringField("reason", e.reason());
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
}
