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

import dev.kserveauth.metrics.KeySourceStats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.http.RequestView;
import dev.kserveauth.testing.MutableClock;
import dev.kserveauth.testing.TestKeys;
import dev.kserveauth.testing.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Key rotation, unknown-kid storms and IdP outages through the whole RequestAuthenticator. */
class RemoteJwksEndToEndTest {
  private final MockWebServer idp = new MockWebServer();
  private final AtomicReference<MockResponse> jwks = new AtomicReference<>();
  private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
  private RequestAuthenticator auth;
  private final List<String> fetchEvents = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    idp.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        return jwks.get();
      }
    });
    idp.start();
    serve(TestKeys.RSA_KID);
    auth = RequestAuthenticator.builder()
        .rule(JwtRule.builder(TestTokens.ISSUER).jwksUri(idp.url("/jwks").toString()).audiences("kserve")
            .timeout(Duration.ofSeconds(10)).build())
        .clock(clock)
        .metrics(new dev.kserveauth.metrics.AuthMetrics() {
          @Override
          public void tokenValidated(TokenStatus status, long nanos, Long secondsToExpiry) {}

          @Override
          public void authorized(boolean allowed, long nanos, java.util.Set<String> roles) {}

          @Override
          public void jwksFetched(String issuer, boolean success) {
            fetchEvents.add(issuer + (success ? " ok" : " failed"));
          }

          @Override
          public void tokenCacheLookup(boolean hit) {}
        })
        .build();
  }

  @AfterEach
  void stop() throws Exception {
    idp.shutdown();
  }

  private void serve(String... kids) {
    jwks.set(new MockResponse().setBody(TestKeys.jwks(kids)).setHeader("Content-Type", "application/json"));
  }

  private static RequestView bearer(String token) {
    return new RequestView("GET", "/v2/models/m", "h", Map.of("authorization", List.of("Bearer " + token)),
        Map.of(), Map.of(), "", 0, null);
  }

  private String tokenWith(String kid) {
    return TestTokens.signedWith("RS256", TestKeys.byKid(kid).getPrivate(), kid).clock(clock)
        .claim("jti", UUID.randomUUID().toString()).build();
  }

  @Test
  void rotatedKeyIsAcceptedAfterExactlyOneRefetch() {
    assertThat(auth.authenticate(bearer(tokenWith(TestKeys.RSA_KID)))).isInstanceOf(AuthenticationOutcome.Authenticated.class);
    assertThat(idp.getRequestCount()).isEqualTo(1);
    serve(TestKeys.RSA_KID, TestKeys.RSA2_KID); // the IdP publishes a new key and starts signing with it
    assertThat(auth.authenticate(bearer(tokenWith(TestKeys.RSA2_KID)))).isInstanceOf(AuthenticationOutcome.Authenticated.class);
    assertThat(idp.getRequestCount()).isEqualTo(2);
    assertThat(fetchEvents).containsExactly(TestTokens.ISSUER + " ok", TestTokens.ISSUER + " ok");
    KeySourceStats stats = auth.keySourceStats().get(TestTokens.ISSUER);
    assertThat(stats.fetchSuccess()).isEqualTo(2);
    assertThat(stats.unknownKidRefetch()).isEqualTo(1);
    assertThat(stats.keys()).isEqualTo(2);
    for (int i = 0; i < 20; i++) {
      assertThat(auth.authenticate(bearer(tokenWith(i % 2 == 0 ? TestKeys.RSA_KID : TestKeys.RSA2_KID))))
          .isInstanceOf(AuthenticationOutcome.Authenticated.class);
    }
    assertThat(idp.getRequestCount()).isEqualTo(2);
  }

  @Test
  void tokensWithRandomKidsCannotHammerTheIdp() {
    assertThat(auth.authenticate(bearer(tokenWith(TestKeys.RSA_KID)))).isInstanceOf(AuthenticationOutcome.Authenticated.class);
    String valid = tokenWith(TestKeys.RSA_KID);
    String[] parts = valid.split("\\.");
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    for (int i = 0; i < 1_000; i++) {
      // a random kid in the header; the signature never gets checked because no key matches
      String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + UUID.randomUUID() + "\"}";
      String forged = b64.encodeToString(header.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[1] + "." + parts[2];
      assertThat(auth.authenticate(bearer(forged))).isInstanceOf(AuthenticationOutcome.Failed.class);
      if (i % 250 == 0) {
        assertThat(auth.authenticate(bearer(valid))).isInstanceOf(AuthenticationOutcome.Authenticated.class);
      }
    }
    assertThat(idp.getRequestCount()).isEqualTo(2); // initial load + one refetch inside the 30 s floor
  }

  @Test
  void validTokensKeepWorkingFromStaleKeysDuringAnOutage() {
    assertThat(auth.authenticate(bearer(tokenWith(TestKeys.RSA_KID)))).isInstanceOf(AuthenticationOutcome.Authenticated.class);
    jwks.set(new MockResponse().setResponseCode(503));
    for (int minute = 1; minute <= 60; minute++) {
      clock.advance(Duration.ofMinutes(1));
      assertThat(auth.authenticate(bearer(tokenWith(TestKeys.RSA_KID))))
          .as("minute %d of the outage", minute).isInstanceOf(AuthenticationOutcome.Authenticated.class);
    }
    // one retry per minute at most (refresh ahead and retries are spaced by the failure back-off)
    assertThat(idp.getRequestCount()).isLessThanOrEqualTo(1 + 60);
    assertThat(idp.getRequestCount()).isGreaterThan(1);
    KeySourceStats stats = auth.keySourceStats().get(TestTokens.ISSUER);
    assertThat(stats.stale()).isTrue();
    assertThat(stats.lastSuccessAge()).isEqualTo(Duration.ofMinutes(60));
    assertThat(fetchEvents).contains(TestTokens.ISSUER + " failed");
  }
}
