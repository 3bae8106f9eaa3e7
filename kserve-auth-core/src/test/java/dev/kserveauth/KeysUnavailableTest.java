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

import dev.kserveauth.http.RequestView;
import dev.kserveauth.testing.http.SwitchableJwksServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 14 item 24: keys unavailable is not the caller's fault (503 + Retry-After, not 401). */
class KeysUnavailableTest {

  static RequestView get(String token) {
    return new RequestView("GET", "/v2/models/m", "h", token == null ? Map.of()
        : Map.of("authorization", List.of("Bearer " + token)), Map.of(), Map.of(), "127.0.0.1", 80, null);
  }

  @Test
  void jwksDownAtStartupAnswers503WithRetryAfterUntilKeysArrive() throws Exception {
    try (SwitchableJwksServer jwks = new SwitchableJwksServer(false); KServeAuth auth = jwks.auth()) {
      jwks.awaitFetches(1); // fetched at startup by default, not on the first token
      String token = jwks.token();
      for (AuthResult r : List.of(auth.authorize(get(token)), auth.authorizeAsync(get(token)).toCompletableFuture()
          .get())) {
        assertThat(r).isInstanceOf(AuthResult.Reject.class);
        AuthResult.Reject reject = (AuthResult.Reject) r;
        assertThat(reject.status()).isEqualTo(503);
        assertThat(reject.headers()).containsEntry("Retry-After", "10").doesNotContainKey("WWW-Authenticate");
        assertThat(new String(reject.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("retry later");
      }
      Readiness down = auth.readiness();
      assertThat(down.ready()).isFalse();
      assertThat(down.policiesLoaded()).isTrue();
      assertThat(down.issuers().get("https://issuer.test").available()).isFalse();
      assertThat(down.issuers().get("https://issuer.test").age()).isNull();
      // requests without a token are the policy's business, unchanged
      assertThat(((AuthResult.Reject) auth.authorize(get(null))).status()).isEqualTo(401);

      jwks.up(true);
      jwks.clock().advance(Duration.ofSeconds(11)); // past the retry interval the Retry-After named
      assertThat(auth.authorize(get(token)).allowed()).isTrue();
      Readiness up = auth.readiness();
      assertThat(up.ready()).isTrue();
      assertThat(up.issuers().get("https://issuer.test").keys()).isEqualTo(1);
      assertThat(up.issuers().get("https://issuer.test").age()).isNotNull();
    }
  }

  @Test
  void staleKeysStillServeAndAForgedTokenIsStill401() throws Exception {
    try (SwitchableJwksServer jwks = new SwitchableJwksServer(true); KServeAuth auth = jwks.auth()) {
      jwks.awaitFetches(1);
      String token = jwks.token();
      assertThat(auth.authorize(get(token)).allowed()).isTrue();
      jwks.up(false);
      jwks.clock().advance(Duration.ofMinutes(11)); // past the TTL, within stale-if-error
      assertThat(auth.authorize(get(jwks.token())).allowed()).isTrue();
      assertThat(auth.readiness().issuers().get("https://issuer.test").available()).isTrue();
      String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
      assertThat(((AuthResult.Reject) auth.authorize(get(forged))).status()).isEqualTo(401);
      jwks.clock().advance(Duration.ofHours(25)); // the stale window is over too
      AuthResult.Reject r = (AuthResult.Reject) auth.authorizeAsync(get(jwks.token())).toCompletableFuture().get();
      assertThat(r.status()).isEqualTo(503);
      assertThat(auth.readiness().ready()).isFalse();
    }
  }
}
