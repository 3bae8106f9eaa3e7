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
package dev.kserveauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kserveauth.http.RequestView;
import dev.kserveauth.metrics.MicrometerAuthMetrics;
import dev.kserveauth.testing.http.ConformanceEnvironment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade built from files, with the real authenticator (JWKS over loopback HTTP) and engine. */
class KServeAuthFilesTest {

  static RequestView predict(String token) {
    return new RequestView("POST", "/v1/models/sklearn-iris:predict", "localhost",
        token == null ? Map.of() : Map.of("Authorization", List.of("Bearer " + token)), Map.of(), Map.of(),
        "127.0.0.1", 8080, null);
  }

  @Test
  void metricsCoverJwksFetchesAndTheTokenCache() throws Exception {
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    try (ConformanceEnvironment env = new ConformanceEnvironment(MicrometerAuthMetrics.create(reg))) {
      KServeAuth auth = env.auth();
      assertThat(auth.authorize(predict(env.token("DS"))).allowed()).isTrue();
      assertThat(auth.authorize(predict(env.token("DS"))).allowed()).isTrue();
      assertThat(auth.authorizeAsync(predict(env.token("DS"))).toCompletableFuture().join().allowed()).isTrue();
      assertThat(auth.authorize(predict(null)).allowed()).isFalse();
      assertThat(auth.authorize(predict(env.token("EXPIRED"))).allowed()).isFalse();
      assertThat(auth.authorize(predict(env.token("FORGED"))).allowed()).isFalse();
      assertThat(reg.get("jwks_fetch").tag("result", "success").counter().count()).isEqualTo(env.jwksFetches());
      assertThat(env.jwksFetches()).isEqualTo(1);
      assertThat(reg.get("jwt_cache_requests").tag("result", "miss").counter().count()).isEqualTo(3);
      assertThat(reg.get("jwt_cache_requests").tag("result", "hit").counter().count()).isEqualTo(2);
      assertThat(reg.get("jwt_cache_hit_ratio").gauge().value()).isEqualTo(0.4);
      assertThat(reg.get("jwt_validation").tag("status", "valid").counter().count()).isEqualTo(3);
      assertThat(reg.get("rbac_authorization").tag("decision", "deny").tag("transport", "http").counter().count()).isEqualTo(1);
      assertThat(reg.get("jwt_validation").tag("status", "absent").counter().count()).isEqualTo(1);
      assertThat(reg.get("jwt_validation").tag("status", "expired").counter().count()).isEqualTo(1);
      assertThat(reg.get("jwt_validation").tag("status", "invalid_signature").counter().count()).isEqualTo(1);
      // the audit events of this run carry no token
      env.audit().forEach(e -> assertThat(dev.kserveauth.audit.AuditSink.toJson(e)).doesNotContain(env.token("DS")));
    }
  }

  @Test
  void invalidRequestAuthenticationFailsFastNamingTheFile(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("authn.yaml");
    Files.writeString(bad, "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: x}\n"
        + "spec:\n  jwtRules:\n  - issuer: https://x\n    jwksUri: https://x/jwks\n    unknownField: 1\n",
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> KServeAuth.builder().requestAuthentication(bad)).hasMessageContaining("authn.yaml");
  }
}
