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
package dev.kserveauth.authn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kserveauth.testing.SharedTestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The JWT cases of the external Istio/Envoy conformance set (google/jwt_verify_lib and Envoy jwt_authn
 * test vectors; {@code ../shared/testdata/istio-envoy-conformance}, run from the CLI by {@code .ci/run})
 * in-process, the way {@code verify --config RA.yaml [--jwks F] --now T} runs them: every case must come
 * out as Istio has it, except those listed in {@code conformance/istio-envoy-differences.txt}, which must
 * fail with their documented reason (so a stale entry fails too).
 */
class IstioEnvoyJwtConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Difference(String id, String fragment) {}

  static Map<String, Difference> differences() throws IOException {
    Map<String, Difference> out = new HashMap<>();
    try (InputStream in = IstioEnvoyJwtConformanceTest.class.getResourceAsStream("/conformance/istio-envoy-differences.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        out.put(f[0], new Difference(f[1], f[2]));
      }
    }
    return out;
  }

  /** {@code valid} (with the principal), {@code invalid: <reason>}, or {@code config-error: <reason>}. */
  record Outcome(String kind, String detail) {}

  private static Outcome run(Path base, JsonNode c) throws Exception {
    List<JwtRule> rules;
    RequestAuthenticator auth;
    Clock at = Clock.fixed(Instant.parse(c.get("now").asText()), ZoneOffset.UTC);
    try {
      rules = JwtRules.load(base.resolve(c.get("config").asText()));
      if (c.hasNonNull("jwks")) {
        JwtRule.Keys keys = new JwtRule.Keys.InlineJwks(Files.readString(base.resolve(c.get("jwks").asText())));
        List<JwtRule> replaced = new ArrayList<>();
        for (JwtRule r : rules) {
          replaced.add(new JwtRule(r.issuer(), r.audiences(), keys, r.fromHeaders(), r.fromParams(), r.fromCookies(),
              r.outputClaimToHeaders(), r.outputPayloadToHeader(), r.forwardOriginalToken(), r.timeout(),
              r.validation(), r.origin()));
        }
        rules = replaced;
      }
      auth = RequestAuthenticator.builder().rules(rules).clock(at).build();
    } catch (RuntimeException e) {
      return new Outcome("config-error", e.getMessage());
    }
    String token = c.hasNonNull("token_text") ? c.get("token_text").asText()
        : Files.readString(base.resolve(c.get("token").asText())).strip();
    AuthenticationOutcome o = ((TokenAuthenticator) auth).authenticateToken(token).toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    if (o instanceof AuthenticationOutcome.Authenticated ok) {
      return new Outcome("valid", ok.principal().requestPrincipal());
    }
    return new Outcome("invalid", ((AuthenticationOutcome.Failed) o).error().getMessage());
  }

  @TestFactory
  Stream<DynamicTest> jwtCasesComeOutAsIstioHasThem() throws IOException {
    Path file = SharedTestData.file("istio-envoy-conformance/cases/jwt/cases.json");
    Path base = file.getParent();
    JsonNode cases = JSON.readTree(file.toFile()).get("cases");
    Map<String, Difference> differences = differences();
    assertThat(cases.size()).isEqualTo(95);
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases) {
      String name = c.get("name").asText();
      tests.add(DynamicTest.dynamicTest(name, () -> {
        Outcome got = run(base, c);
        String expect = c.get("expect").asText();
        Difference d = differences.get(name);
        if (d != null) {
          assertThat(expect).isEqualTo("valid");
          assertThat(got.kind()).as("%s differs on purpose (%s)", name, d.id()).isEqualTo("invalid");
          assertThat(got.detail()).contains(d.fragment());
          return;
        }
        switch (expect) {
          case "valid" -> {
            assertThat(got.kind()).as("%s: %s", name, got.detail()).isEqualTo("valid");
            if (c.hasNonNull("principal")) {
              assertThat(got.detail()).isEqualTo(c.get("principal").asText());
            }
          }
          case "invalid" -> assertThat(got.kind()).as("%s (upstream %s): %s", name, c.get("envoy_status").asText(),
              got.detail()).isEqualTo("invalid");
          case "not-valid" -> assertThat(got.kind()).as("%s: %s", name, got.detail()).isNotEqualTo("valid");
          default -> throw new AssertionError("bad case " + name + ": expect " + expect);
        }
      }));
    }
    return tests.stream();
  }
}
