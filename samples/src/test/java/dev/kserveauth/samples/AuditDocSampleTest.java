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
package dev.kserveauth.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.audit.AuditEvent;
import dev.kserveauth.audit.AuditSink;
import dev.kserveauth.AuthResult;
import dev.kserveauth.http.RequestView;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit line docs/metrics-and-audit.md shows is the line the facade writes for the call it
 * describes (a data scientist calling a production model under the demo policies): same fields, same
 * ids and wording; only {@code duration_us} may differ.
 */
class AuditDocSampleTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theDocumentedAuditLineIsWhatTheFacadeWrites(@TempDir Path dir) throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "metrics-and-audit.md"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("```json\\n(\\{\"timestamp\".*?)\\n```", Pattern.DOTALL).matcher(doc);
    assertThat(m.find()).as("the audit sample in docs/metrics-and-audit.md").isTrue();
    ObjectNode documented = (ObjectNode) JSON.readTree(m.group(1));

    Instant at = Instant.parse(documented.get("timestamp").asText());
    Path policies = dir.resolve("demo-policies.yaml");
    try (InputStream in = AuditDocSampleTest.class.getResourceAsStream("/demo-policies/istio/demo-policies.yaml")) {
      Files.copy(in, policies);
    }
    List<AuditEvent> events = new CopyOnWriteArrayList<>();
    try (DemoIssuer issuer = DemoIssuer.start()) {
      Path ra = dir.resolve("authn.yaml");
      Files.writeString(ra, """
          apiVersion: security.istio.io/v1
          kind: RequestAuthentication
          metadata: {name: authn, namespace: ml-models}
          spec:
            jwtRules:
            - issuer: %s
              audiences: [kserve-api]
              jwksUri: %s
          """.formatted(DemoIssuer.ISSUER, issuer.jwksUri()));
      KServeAuth auth = KServeAuth.builder()
          .requestAuthentication(ra)
          .policies(policies)
          .clock(Clock.fixed(at, ZoneOffset.UTC))
          .auditSink(events::add)
          .build();
      String token = issuer.mint(documented.get("user_id").asText(),
          Map.of("role", "data-scientist", "team", "ml-platform"), Instant.now().minusSeconds(60), Duration.ofHours(1));
      String[] action = documented.get("action").asText().split(" ", 2);
      RequestView request = new RequestView(action[0], action[1], "models.example.com",
          Map.of("authorization", List.of("Bearer " + token), "user-agent", List.of(documented.get("user_agent").asText())),
          Map.of(), Map.of(), documented.get("ip_address").asText(), 8080, null);
      AuthResult result = auth.authorize(request);
      assertThat(result).isInstanceOf(AuthResult.Reject.class);
      auth.close();
    }
    assertThat(events).hasSize(1);
    ObjectNode written = (ObjectNode) JSON.readTree(AuditSink.toJson(events.get(0)));
    assertThat(written.get("duration_us").isNumber()).isTrue();
    written.remove("duration_us");
    documented.remove("duration_us");
    JsonNode expected = documented;
    assertThat(written).as("the facade's line (left) and the doc's (right)").isEqualTo(expected);
  }
}
