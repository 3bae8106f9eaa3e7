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

import dev.kserveauth.internal.keys.CacheSettings;
import dev.kserveauth.internal.keys.FetchedDocument;
import dev.kserveauth.internal.keys.JwksFetcher;
import dev.kserveauth.internal.keys.UrlJwksFetcher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kserveauth.metrics.KeySourceStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CachingKeySourceTest {
  private final MockWebServer server = new MockWebServer();
  private final AtomicReference<MockResponse> next = new AtomicReference<>();
  private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
  private final StepClock clock = new StepClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final AtomicInteger fetches = new AtomicInteger();
  private OkHttpClient client;

  @BeforeEach
  void start() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        CountDownLatch g = gate.get();
        if (g != null) {
          g.await(10, TimeUnit.SECONDS);
        }
        return next.get();
      }
    });
    server.start();
    client = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5))
        .followRedirects(false).build();
  }

  @AfterEach
  void stop() throws Exception {
    CountDownLatch g = gate.get();
    if (g != null) {
      g.countDown();
    }
    server.shutdown();
  }

  private void serve(String body, String cacheControl) {
    MockResponse r = new MockResponse().setBody(body).setHeader("Content-Type", "application/json");
    if (cacheControl != null) {
      r.setHeader("Cache-Control", cacheControl);
    }
    next.set(r);
  }

  private CachingKeySource source(CacheSettings settings) {
    return source(settings, 64 * 1024, client);
  }

  private CachingKeySource source(CacheSettings settings, int cap, OkHttpClient c) {
    JwksFetcher http = new UrlJwksFetcher(c, server.url("/jwks"), cap);
    JwksFetcher counting = new JwksFetcher() {
      @Override
      public CompletionStage<FetchedDocument> fetch() {
        fetches.incrementAndGet();
        return http.fetch();
      }

      @Override
      public String describe() {
        return http.describe();
      }
    };
    return new CachingKeySource("https://issuer.test", counting, JwksFixtures::parse, settings, clock);
  }

  private static JwkSet get(CompletionStage<JwkSet> s) throws Exception {
    return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static List<String> kids(JwkSet set) {
    List<String> out = new ArrayList<>();
    set.keys().forEach(k -> out.add(k.kid()));
    return out;
  }

  /** Waits until the background fetch (if any) is over, without moving the clock. */
  private static void settle(CachingKeySource s) throws Exception {
    s.idle().get(10, TimeUnit.SECONDS);
  }

  @Test
  void cachesWithinTtlAndFetchesOnce() throws Exception {
    serve(JwksFixtures.jwks("k1"), null);
    CachingKeySource s = source(CacheSettings.DEFAULTS);
    assertThat(kids(get(s.keys()))).containsExactly("k1");
    for (int i = 0; i < 100; i++) {
      assertThat(s.keys().toCompletableFuture().isDone()).isTrue();
    }
    clock.advance(Duration.ofMinutes(8)); // default TTL 10 min, refresh ahead 60 s
    get(s.keys());
    assertThat(fetches.get()).isEqualTo(1);
    assertThat(s.stats().fetchSuccess()).isEqualTo(1);
    assertThat(s.stats().lastSuccessAge()).isEqualTo(Duration.ofMinutes(8));
  }

  @Test
  void concurrentFirstLookupsShareOneFetch() throws Exception {
    serve(JwksFixtures.jwks("k1"), null);
    gate.set(new CountDownLatch(1));
    CachingKeySource s = source(CacheSettings.DEFAULTS);
    List<CompletableFuture<JwkSet>> all = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      all.add(s.keys().toCompletableFuture());
    }
    gate.get().countDown();
    for (CompletableFuture<JwkSet> f : all) {
      assertThat(kids(f.get(10, TimeUnit.SECONDS))).containsExactly("k1");
    }
    assertThat(fetches.get()).isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void refreshesAheadOfExpiryWithoutMakingTheCallerWait() throws Exception {
    serve(JwksFixtures.jwks("k1"), null);
    CachingKeySource s = source(CacheSettings.DEFAULTS);
    get(s.keys());
    serve(JwksFixtures.jwks("k1", "k2"), null);
    gate.set(new CountDownLatch(1));
    clock.advance(Duration.ofSeconds(9 * 60 + 30)); // inside the 60 s refresh-ahead window
    CompletionStage<JwkSet> during = s.keys();
    assertThat(during.toCompletableFuture().isDone()).as("served from cache while refreshing").isTrue();
    assertThat(kids(get(during))).containsExactly("k1");
    assertThat(fetches.get()).isEqualTo(2);
    gate.get().countDown();
    settle(s);
    assertThat(kids(get(s.keys()))).containsExactly("k1", "k2");
    assertThat(fetches.get()).isEqualTo(2);
  }

  @Test
  void honoursCacheControlMaxAge() throws Exception {
    serve(JwksFixtures.jwks("k1"), "public, max-age=3600");
    CachingKeySource s = source(CacheSettings.DEFAULTS);
    get(s.keys());
    clock.advance(Duration.ofMinutes(30)); // past the 10 min default, inside max-age
    get(s.keys());
    assertThat(fetches.get()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(29) .plusSeconds(30)); // inside the refresh-ahead window of the hour
    get(s.keys());
    settle(s);
    assertThat(fetches.get()).isEqualTo(2);
  }

  @Test
  void clampsTinyMaxAgeToOneMinute() throws Exception {
    serve(JwksFixtures.jwks("k1"), "max-age=5");
    CachingKeySource s = source(CacheSettings.DEFAULTS);
    get(s.keys());
    clock.advance(Duration.ofSeconds(20)); // max-age 5 s would have expired; clamp keeps 60 s (refresh at 30 s)
    get(s.keys());
    assertThat(fetches.get()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(15));
    get(s.keys());
    settle(s);
    assertThat(fetches.get()).isEqualTo(2);
  }

  @Test
  void clampsHugeMaxAgeToADayAndIgnoresNoCache() throws Exception {
    serve(JwksFixtures.jwks("k1"), "max-age=31536000");
    CachingKeySource s = source(CacheSettings.DEFAULTS);
    get(s.keys());
    clock.advance(Duration.ofHours(23));
    get(s.keys());
    assertThat(fetches.get()).isEqualTo(1);
    serve(JwksFixtures.jwks("k1"), "no-cache, max-age=86400");
    clock.advance(Duration.ofMinutes(59).plusSeconds(30));
    get(s.keys());
    settle(s);
    assertThat(fetches.get()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(9)); // no-cache: back to the 10 min default, refresh ahead at 9 min
    get(s.keys());
    settle(s);
    assertThat(fetches.get()).isEqualTo(3);
  }

  @Test
  void rotationNewKidAcceptedAfterOneRefetch() throws Exception {
    serve(JwksFixtures.jwks("k1"), null);
    CachingKeySource s = source(CacheSettings.DEFAULTS);
    get(s.keys());
    serve(JwksFixtures.jwks("k1", "k2"), null);
    JwkSet after = get(s.keysForUnknownKid("k2"));
    assertThat(after.find("k2")).isPresent();
    assertThat(fetches.get()).isEqualTo(2);
    assertThat(get(s.keysForUnknownKid("k2")).find("k2")).isPresent();
    assertThat(fetches.get()).isEqualTo(2);
    assertThat(s.stats().unknownKidRefetch()).isEqualTo(1);
  }

  @Test
  void randomUnknownKidsCauseAtMostOneFetchPerFloorInterval() throws Exception {
    serve(JwksFixtures.jwks("k1"), null);
    CachingKeySource s = source(CacheSettings.DEFAULTS);
    get(s.keys());
    List<CompletableFuture<JwkSet>> pending = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      pending.add(s.keysForUnknownKid(UUID.randomUUID().toString()).toCompletableFuture());
      // lookups of the known key are never held up by the storm
      CompletableFuture<JwkSet> known = s.keys().toCompletableFuture();
      assertThat(known.isDone()).isTrue();
      if (i % 1000 == 999) {
        clock.advance(Duration.ofSeconds(2)); // 20 s in total: still inside one floor interval
      }
    }
    for (CompletableFuture<JwkSet> f : pending) {
      assertThat(f.get(10, TimeUnit.SECONDS).find("k1")).isPresent();
    }
    assertThat(fetches.get()).isEqualTo(2); // the initial load + one refetch
    // callers that arrive while the one refetch is in flight join it; the rest are suppressed by the
    // floor. How many fall in each group depends on scheduling; the number of refetches does not.
    assertThat(s.stats().unknownKidRefetch()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(11)); // floor passed (31 s since the refetch)
    for (int i = 0; i < 10_000; i++) {
      s.keysForUnknownKid(UUID.randomUUID().toString()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    assertThat(fetches.get()).isEqualTo(3);
  }

  @Test
  void kidStillAbsentAfterRefetchIsNegativelyCached() throws Exception {
    serve(JwksFixtures.jwks("k1"), null);
    CachingKeySource s = source(CacheSettings.DEFAULTS);
    get(s.keys());
    get(s.keysForUnknownKid("gone"));
    assertThat(fetches.get()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(45)); // floor over, but "gone" is remembered for 5 min
    get(s.keysForUnknownKid("gone"));
    assertThat(fetches.get()).isEqualTo(2);
    get(s.keysForUnknownKid("other")); // a different unknown kid may refetch
    assertThat(fetches.get()).isEqualTo(3);
    clock.advance(Duration.ofMinutes(6));
    serve(JwksFixtures.jwks("k1", "gone"), null);
    // negative entry expired; the periodic refresh also runs by now
    assertThat(get(s.keysForUnknownKid("gone")).find("gone")).isPresent();
  }

  @Test
  void outageServesLastGoodSetForTheStaleWindowThenFails() throws Exception {
    CacheSettings settings = new CacheSettings(Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofHours(24),
        Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(2), Duration.ofSeconds(10));
    serve(JwksFixtures.jwks("k1"), null);
    CachingKeySource s = source(settings);
    get(s.keys());
    next.set(new MockResponse().setResponseCode(503));
    clock.advance(Duration.ofMinutes(9).plusSeconds(30));
    get(s.keys()); // triggers a background refresh that fails
    settle(s);
    assertThat(s.stats().fetchFailure()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(30)); // expired, inside stale-if-error
    for (int i = 0; i < 1000; i++) {
      CompletableFuture<JwkSet> f = s.keys().toCompletableFuture();
      assertThat(f.isDone()).as("stale keys served at once during an outage").isTrue();
      assertThat(f.get().find("k1")).isPresent();
    }
    settle(s); // the one retry runs in the background; count it once it has landed
    assertThat(fetches.get()).as("one retry, not one per request").isEqualTo(3);
    assertThat(s.stats().stale()).isTrue();
    settle(s);
    clock.advance(Duration.ofHours(2)); // beyond the stale window
    assertThatThrownBy(() -> get(s.keys()))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(TokenException.class)
        .hasMessageContaining("HTTP 503");
    // the IdP comes back
    serve(JwksFixtures.jwks("k1", "k2"), null);
    clock.advance(Duration.ofSeconds(11));
    assertThat(kids(get(s.keys()))).containsExactly("k1", "k2");
    KeySourceStats stats = s.stats();
    assertThat(stats.stale()).isFalse();
    assertThat(stats.keys()).isEqualTo(2);
  }

  @Test
  void firstLoadFailureIsReportedAndNotRetriedOnEveryRequest() throws Exception {
    next.set(new MockResponse().setResponseCode(500));
    CachingKeySource s = source(CacheSettings.DEFAULTS);
    assertThatThrownBy(() -> get(s.keys())).cause().isInstanceOf(TokenException.class)
        .hasMessageContaining("unavailable").hasMessageNotContaining("http://");
    for (int i = 0; i < 100; i++) {
      assertThatThrownBy(() -> get(s.keys())).cause().isInstanceOf(TokenException.class);
    }
    assertThat(fetches.get()).isEqualTo(1);
  }

  @Test
  void oversizedBodiesAreRejectedWithOrWithoutContentLength() throws Exception {
    String big = "{\"keys\":[],\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
    next.set(new MockResponse().setBody(big));
    CachingKeySource s = source(CacheSettings.DEFAULTS);
    assertThatThrownBy(() -> get(s.keys())).cause().hasMessageContaining("too large");

    next.set(new MockResponse().setChunkedBody(new Buffer().writeUtf8(big), 1024));
    clock.advance(Duration.ofSeconds(11));
    assertThatThrownBy(() -> get(s.keys())).cause().hasMessageContaining("too large");
    assertThat(s.stats().fetchFailure()).isEqualTo(2);
  }

  @Test
  void slowResponsesTimeOut() throws Exception {
    OkHttpClient fast = client.newBuilder().readTimeout(Duration.ofMillis(200)).callTimeout(Duration.ofMillis(400)).build();
    next.set(new MockResponse().setBody(JwksFixtures.jwks("k1")).setHeadersDelay(3, TimeUnit.SECONDS));
    CachingKeySource s = source(CacheSettings.DEFAULTS, 64 * 1024, fast);
    assertThatThrownBy(() -> get(s.keys())).cause().isInstanceOf(TokenException.class)
        .hasMessageContaining("timed out");
  }

  @Test
  void unparsableDocumentKeepsTheLastGoodSet() throws Exception {
    serve(JwksFixtures.jwks("k1"), null);
    CachingKeySource s = source(CacheSettings.DEFAULTS);
    get(s.keys());
    serve("<html>maintenance</html>", null);
    JwkSet after = get(s.keysForUnknownKid("k9"));
    assertThat(kids(after)).containsExactly("k1");
    assertThat(s.stats().fetchFailure()).isEqualTo(1);
  }

  @Test
  void redirectsAreNotFollowed() throws Exception {
    next.set(new MockResponse().setResponseCode(302).setHeader("Location", "http://attacker.example/jwks"));
    CachingKeySource s = source(CacheSettings.DEFAULTS);
    assertThatThrownBy(() -> get(s.keys())).cause().hasMessageContaining("HTTP 302");
  }
}
