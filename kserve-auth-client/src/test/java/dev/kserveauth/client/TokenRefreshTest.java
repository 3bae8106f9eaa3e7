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
package dev.kserveauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Preemptive bearer, 401 → one refresh + one retry, and single-flight refresh under load. */
class TokenRefreshTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final ObjectMapper json = new ObjectMapper();
  private final MutableClock clock = new MutableClock(T0);
  private final AtomicInteger fetches = new AtomicInteger();
  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdown();
  }

  /** Issues tok-1, tok-2, ... each valid for an hour from the clock's now. */
  private CachingTokenProvider countingProvider() {
    return CachingTokenProvider.builder(() -> {
      int n = fetches.incrementAndGet();
      return AccessToken.of("tok-" + n, clock.instant().plus(Duration.ofHours(1)));
    }).clock(clock).build();
  }

  private KServeClient client(TokenProvider tokens) {
    return KServeClient.builder().baseUrl(server.url("/").toString()).tokenProvider(tokens)
        .retryPolicy(RetryPolicy.none()).build();
  }

  private static MockResponse ok() {
    return new MockResponse().setBody("{\"predictions\":[1]}");
  }

  @Test
  void a401TriggersOneRefreshAndOneRetryWithTheNewToken() throws Exception {
    CachingTokenProvider tokens = countingProvider();
    KServeClient client = client(tokens);
    server.enqueue(new MockResponse().setResponseCode(401).setBody("Unauthorized"));
    server.enqueue(ok());
    assertThat(client.predict("m", json.createObjectNode()).get("predictions").get(0).asInt()).isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Bearer tok-1");
    assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Bearer tok-2");
    assertThat(fetches).hasValue(2);
    // the refreshed token is what later calls use
    server.enqueue(ok());
    client.predict("m", json.createObjectNode());
    assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Bearer tok-2");
    assertThat(fetches).hasValue(2);
  }

  @Test
  void aSecond401IsAClearExceptionNotALoop() throws Exception {
    KServeClient client = client(countingProvider());
    for (int i = 0; i < 5; i++) {
      server.enqueue(new MockResponse().setResponseCode(401).setBody("{\"error\":\"token audience mismatch\"}"));
    }
    assertThatThrownBy(() -> client.predict("m", json.createObjectNode()))
        .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
          assertThat(e.afterRefresh()).isTrue();
          assertThat(e.error()).contains("token audience mismatch");
        })
        .hasMessageContaining("again after the token was refreshed once and the call retried")
        .hasMessageNotContaining("tok-");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(fetches).hasValue(2);
  }

  @Test
  void a403IsNeverRefreshedOrRetried() {
    KServeClient client = client(countingProvider());
    server.enqueue(new MockResponse().setResponseCode(403).setBody("RBAC: access denied"));
    server.enqueue(ok());
    assertThatThrownBy(() -> client.predict("m", json.createObjectNode())).isInstanceOf(ForbiddenException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(fetches).hasValue(1);
  }

  @Test
  void aStaticTokenGetsNoRetryOn401() {
    KServeClient client = client(TokenProvider.ofStatic("fixed"));
    server.enqueue(new MockResponse().setResponseCode(401));
    server.enqueue(ok());
    assertThatThrownBy(() -> client.predict("m", json.createObjectNode()))
        .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.afterRefresh()).isFalse());
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void tokenFailuresSurfaceWithTheirCauseAndSendNothing() {
    IOException cause = new IOException("vault unreachable");
    TokenProvider failing = CachingTokenProvider.builder(() -> {
      throw cause;
    }).name("vault").clock(clock).build();
    KServeClient client = client(failing);
    assertThatThrownBy(() -> client.predict("m", json.createObjectNode()))
        .isInstanceOf(TokenProviderException.class).hasMessageContaining("vault").hasRootCause(cause);
    assertThatThrownBy(() -> client.predictAsync("m", json.createObjectNode()).join())
        .hasCauseInstanceOf(TokenProviderException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aCustomProviderThrowingAnythingElseIsReportedAsATokenFailure() {
    TokenProvider broken = new TokenProvider() {
      @Override
      public AccessToken token() {
        throw new IllegalStateException("vault client not initialised");
      }

      @Override
      public AccessToken refresh(String rejected) {
        return token();
      }
    };
    KServeClient client = client(broken);
    assertThatThrownBy(() -> client.predictAsync("m", json.createObjectNode()).join())
        .hasCauseInstanceOf(TokenProviderException.class).hasRootCauseMessage("vault client not initialised");
    assertThatThrownBy(() -> client.predict("m", json.createObjectNode()))
        .isInstanceOf(TokenProviderException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void thousandConcurrentCallersOnAnExpiredTokenCauseExactlyOneFetch() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger slowFetches = new AtomicInteger();
    CachingTokenProvider tokens = CachingTokenProvider.builder(() -> {
      int n = slowFetches.incrementAndGet();
      if (n > 1) { // the first fetch seeds the cache; the second is the contended one
        release.await(10, TimeUnit.SECONDS);
      }
      return AccessToken.of("tok-" + n, clock.instant().plus(Duration.ofMinutes(10)));
    }).clock(clock).build();
    assertThat(tokens.token().value()).isEqualTo("tok-1");
    clock.advance(Duration.ofMinutes(10)); // tok-1 is now expired

    int callers = 1000;
    CountDownLatch started = new CountDownLatch(callers);
    List<CompletableFuture<String>> results = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      CompletableFuture<String> f = new CompletableFuture<>();
      results.add(f);
      Thread t = new Thread(() -> {
        started.countDown();
        try {
          f.complete(tokens.token().value());
        } catch (Throwable e) {
          f.completeExceptionally(e);
        }
      });
      threads.add(t);
      t.start();
    }
    started.await(30, TimeUnit.SECONDS);
    release.countDown();
    for (CompletableFuture<String> f : results) {
      assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("tok-2");
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(slowFetches).hasValue(2);
  }

  @Test
  void concurrentCallsThroughTheClientShareOneFetch() throws Exception {
    CachingTokenProvider tokens = countingProvider();
    KServeClient client = KServeClient.builder().baseUrl(server.url("/").toString()).tokenProvider(tokens)
        .okHttpClient(new OkHttpClient.Builder().dispatcher(dispatcher(64)).build())
        .retryPolicy(RetryPolicy.none()).build();
    server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return ok();
      }
    });
    List<CompletableFuture<com.fasterxml.jackson.databind.JsonNode>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(client.predictAsync("m", json.createObjectNode()));
    }
    CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
    assertThat(fetches).hasValue(1);
    assertThat(server.getRequestCount()).isEqualTo(200);
  }

  @Test
  void concurrent401sRefreshOnce() throws Exception {
    CachingTokenProvider tokens = countingProvider();
    String first = tokens.token().value();
    List<Thread> threads = new ArrayList<>();
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 50; i++) {
      Thread t = new Thread(() -> seen.add(tokens.refresh(first).value()));
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(seen).hasSize(50).containsOnly("tok-2");
    assertThat(fetches).hasValue(2);
  }

  @Test
  void cacheRefreshesBeforeExpiryAndKeepsAValidTokenWhenARefreshFails() {
    AtomicInteger calls = new AtomicInteger();
    CachingTokenProvider tokens = CachingTokenProvider.builder(() -> {
      if (calls.incrementAndGet() == 2) {
        throw new IOException("idp down");
      }
      return AccessToken.of("tok-" + calls.get(), clock.instant().plus(Duration.ofMinutes(5)));
    }).clock(clock).refreshBefore(Duration.ofMinutes(1)).build();
    assertThat(tokens.token().value()).isEqualTo("tok-1");
    clock.advance(Duration.ofSeconds(239));
    assertThat(tokens.token().value()).isEqualTo("tok-1");
    assertThat(calls).hasValue(1);
    clock.advance(Duration.ofSeconds(1)); // inside refreshBefore: refresh, which fails; tok-1 is still valid
    assertThat(tokens.token().value()).isEqualTo("tok-1");
    assertThat(calls).hasValue(2);
    clock.advance(Duration.ofSeconds(10));
    assertThat(tokens.token().value()).isEqualTo("tok-3");
  }

  @Test
  void aTokenShorterLivedThanRefreshBeforeIsReusedForHalfItsLife() {
    AtomicInteger calls = new AtomicInteger();
    CachingTokenProvider tokens = CachingTokenProvider.builder(
        () -> AccessToken.of("tok-" + calls.incrementAndGet(), clock.instant().plus(Duration.ofSeconds(30))))
        .clock(clock).refreshBefore(Duration.ofSeconds(60)).build();
    assertThat(tokens.token().value()).isEqualTo("tok-1");
    clock.advance(Duration.ofSeconds(14));
    assertThat(tokens.token().value()).isEqualTo("tok-1");
    assertThat(calls).hasValue(1);
    clock.advance(Duration.ofSeconds(1)); // half of the 30 s lifetime: refresh
    assertThat(tokens.token().value()).isEqualTo("tok-2");
    assertThat(calls).hasValue(2);
  }

  @Test
  void anExpiredTokenIsNeverServedWhenTheRefreshFails() {
    AtomicInteger calls = new AtomicInteger();
    CachingTokenProvider tokens = CachingTokenProvider.builder(() -> {
      if (calls.incrementAndGet() > 1) {
        throw new IOException("idp down");
      }
      return AccessToken.of("tok-1", clock.instant().plus(Duration.ofMinutes(5)));
    }).clock(clock).name("idp").build();
    tokens.token();
    clock.advance(Duration.ofMinutes(5));
    assertThatThrownBy(tokens::token).isInstanceOf(TokenProviderException.class)
        .hasMessageContaining("idp: token refresh failed").hasRootCauseMessage("idp down");
  }

  @Test
  void refreshNeverHandsBackAnExpiredToken() {
    CachingTokenProvider tokens = countingProvider();
    assertThat(tokens.token().value()).isEqualTo("tok-1");
    clock.advance(Duration.ofHours(2));
    assertThat(tokens.refresh("some-older-token").value()).isEqualTo("tok-2");
    assertThat(tokens.refresh("some-older-token").value()).isEqualTo("tok-2"); // still valid: no new fetch
    assertThat(fetches).hasValue(2);
  }

  @Test
  void accessTokenToStringIsMasked() {
    String secret = TestJwts.withExp("sa", T0);
    assertThat(AccessToken.of(secret, T0).toString()).doesNotContain(secret.substring(10, 30))
        .contains("chars");
    assertThat(TokenProvider.ofStatic("abcdefghijklmnop").toString()).doesNotContain("efghijklmnop");
  }

  private static Dispatcher dispatcher(int max) {
    Dispatcher d = new Dispatcher();
    d.setMaxRequests(max);
    d.setMaxRequestsPerHost(max);
    return d;
  }
}
