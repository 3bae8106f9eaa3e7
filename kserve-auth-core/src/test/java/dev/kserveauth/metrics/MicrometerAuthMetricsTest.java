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
package dev.kserveauth.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MicrometerAuthMetricsTest {

  @Test
  void recordsTheSeedMeters() {
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    AuthMetrics m = MicrometerAuthMetrics.create(reg);
    m.tokenValidated(AuthMetrics.TokenStatus.VALID, 2_000_000, 3600L);
    m.tokenRejected("expired", 1_000_000);
    m.authorized(true, 10_000, Set.of("admin", "data-scientist"));
    m.authorized(false, 10_000, Set.of("data-scientist"));
    m.jwksFetched("https://iss", true);
    m.jwksFetched("https://iss", false);
    m.tokenCacheLookup(true);
    m.tokenCacheLookup(true);
    m.tokenCacheLookup(false);
    m.tokenCacheLookup(true);

    assertThat(reg.get("jwt_validation").tag("status", "valid").counter().count()).isEqualTo(1);
    assertThat(reg.get("jwt_validation").tag("status", "expired").counter().count()).isEqualTo(1);
    assertThat(reg.get("jwt_validation_duration").timer().count()).isEqualTo(2);
    assertThat(reg.get("jwt_token_expiration").summary().totalAmount()).isEqualTo(3600);
    assertThat(reg.get("rbac_authorization").tag("decision", "allow").tag("transport", "http").counter().count()).isEqualTo(1);
    assertThat(reg.get("rbac_authorization").tag("decision", "deny").tag("transport", "http").counter().count()).isEqualTo(1);
    assertThat(reg.get("rbac_policy_evaluation_duration").timer().count()).isEqualTo(2);
    assertThat(reg.get("rbac_role_usage").tag("role", "data-scientist").counter().count()).isEqualTo(2);
    assertThat(reg.get("jwks_fetch").tag("result", "success").counter().count()).isEqualTo(1);
    assertThat(reg.get("jwks_fetch").tag("result", "failure").counter().count()).isEqualTo(1);
    assertThat(reg.get("jwks_age_seconds").tag("issuer", "https://iss").gauge().value()).isBetween(0.0, 5.0);
    assertThat(reg.get("jwt_cache_hit_ratio").gauge().value()).isEqualTo(0.75);
  }

  @Test
  void roleLabelsAreBoundedAndSanitized() {
    // issue 14 item 21: one token with 700 roles added 703 series
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    AuthMetrics m = MicrometerAuthMetrics.create(reg);
    m.authorized(true, 1, Set.of("data-scientist"));
    Set<String> many = new java.util.LinkedHashSet<>();
    for (int i = 0; i < 700; i++) {
      many.add("role-" + i);
    }
    m.authorized(true, 1, many);
    m.authorized(true, 1, many);
    int before = reg.getMeters().size();
    m.authorized(true, 1, Set.of("role-699", "yet-another"));
    assertThat(reg.getMeters().size()).isEqualTo(before); // full: no new series ever
    List<io.micrometer.core.instrument.Counter> roleSeries = List.copyOf(reg.find("rbac_role_usage").counters());
    assertThat(roleSeries).hasSize(MicrometerAuthMetrics.DEFAULT_MAX_ROLE_LABELS + 1);
    double total = roleSeries.stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    assertThat(total).isEqualTo(1 + 700 + 700 + 2); // nothing lost, only folded into other
    assertThat(reg.get("rbac_role_usage").tag("role", "data-scientist").counter().count()).isEqualTo(1);
    assertThat(reg.get("rbac_role_usage").tag("role", "other").counter().count()).isGreaterThan(1200);

    SimpleMeterRegistry reg2 = new SimpleMeterRegistry();
    AuthMetrics m2 = MicrometerAuthMetrics.create(reg2, 8);
    m2.authorized(false, 1, Set.of("admin\n# HELP fake", "x".repeat(500), "\u202Eevil\"}", "team/ml:reader"));
    assertThat(reg2.find("rbac_role_usage").counters()).extracting(c -> c.getId().getTag("role"))
        .containsExactlyInAnyOrder("admin___HELP_fake", "x".repeat(64), "_evil__", "team/ml:reader");
  }

  @Test
  void bindsKeySourceStats() {
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    java.util.concurrent.atomic.AtomicLong ok = new java.util.concurrent.atomic.AtomicLong(3);
    dev.kserveauth.authn.KeySource source = new dev.kserveauth.authn.KeySource() {
      public java.util.concurrent.CompletionStage<dev.kserveauth.authn.JwkSet> keys() {
        throw new UnsupportedOperationException();
      }

      public java.util.concurrent.CompletionStage<dev.kserveauth.authn.JwkSet> keysForUnknownKid(String kid) {
        throw new UnsupportedOperationException();
      }

      public dev.kserveauth.metrics.KeySourceStats stats() {
        return new dev.kserveauth.metrics.KeySourceStats("https://iss/jwks", ok.get(), 2, 0, 0, 4,
            java.time.Duration.ofSeconds(90), true);
      }
    };
    MicrometerAuthMetrics.create(reg).bindKeySource("https://iss", source::stats);
    ok.set(5);
    System.gc(); // a method reference only a meter holds weakly would be gone: the meters must still read it
    assertThat(reg.get("jwks_fetch").tag("result", "success").functionCounter().count()).isEqualTo(5);
    assertThat(reg.get("jwks_fetch").tag("result", "failure").functionCounter().count()).isEqualTo(2);
    assertThat(reg.get("jwks_age_seconds").tag("issuer", "https://iss").gauge().value()).isEqualTo(90.0);
    assertThat(reg.get("jwks_keys").gauge().value()).isEqualTo(4);
    assertThat(reg.get("jwks_stale").gauge().value()).isEqualTo(1);
  }

  /** Only MicrometerAuthMetrics may reference Micrometer, so core runs without it on the class path. */
  @Test
  void noOtherClassReferencesMicrometer() throws IOException {
    Path classes = Paths.get(MicrometerAuthMetrics.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    List<Path> offenders;
    try (Stream<Path> s = Files.walk(classes)) {
      offenders = s.filter(p -> p.toString().endsWith(".class"))
          .filter(p -> !p.getFileName().toString().startsWith("MicrometerAuthMetrics"))
          .filter(p -> {
            try {
              return new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1)
                  .contains("io/micrometer");
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }).toList();
    }
    assertThat(classes.resolve("dev/kserveauth/KServeAuth.class")).exists();
    assertThat(offenders).isEmpty();
  }
}
