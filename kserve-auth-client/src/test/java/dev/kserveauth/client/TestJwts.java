package dev.kserveauth.client;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Unsigned JWT-shaped strings: the client only reads exp, the server verifies signatures. */
final class TestJwts {
  private TestJwts() {}

  static String withExp(String subject, Instant exp) {
    Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
    String header = enc.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = enc.encodeToString(("{\"sub\":\"" + subject + "\",\"exp\":" + exp.getEpochSecond() + "}")
        .getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + ".c2lnbmF0dXJl";
  }
}
