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
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryTest {
  private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));
  private final ObjectMapper json = new ObjectMapper();
  private MockWebServer server;
  private KServeClient client;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    client = KServeClient.builder().baseUrl(server.url("/").toString()).retryPolicy(FAST).build();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdown();
  }

  private static MockResponse status(int code) {
    return new MockResponse().setResponseCode(code).setBody("{\"error\":\"upstream " + code + "\"}");
  }

  private static MockResponse ok(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  @Test
  void idempotentCallsRetry502503504ThenSucceed() {
    server.enqueue(status(502));
    server.enqueue(status(504));
    server.enqueue(ok("{\"models\":[\"m\"]}"));
    assertThat(client.listModels()).containsExactly("m");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void retriesStopAtMaxAttemptsAndSurfaceTheLastError() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(status(503));
    }
    server.enqueue(ok("{\"models\":[]}"));
    assertThatThrownBy(() -> client.serverMetadata()).isInstanceOfSatisfying(ServerErrorException.class,
        e -> assertThat(e.status()).isEqualTo(503)).hasMessageContaining("upstream 503");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void otherStatusesAreNotRetried() {
    server.enqueue(status(500));
    server.enqueue(status(403));
    server.enqueue(ok("{\"models\":[]}"));
    assertThatThrownBy(() -> client.listModels()).isInstanceOf(ServerErrorException.class);
    assertThatThrownBy(() -> client.listModels()).isInstanceOf(ForbiddenException.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void inferencePostIsNotRetriedByDefault() {
    server.enqueue(status(503));
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    server.enqueue(ok("{\"model_name\":\"m\",\"outputs\":[]}"));
    assertThatThrownBy(() -> client.predict("m", json.createObjectNode())).isInstanceOfSatisfying(
        ServerErrorException.class, e -> assertThat(e.status()).isEqualTo(503));
    assertThat(server.getRequestCount()).isEqualTo(1);
    InferenceRequest req = InferenceRequest.builder().input(InferTensor.int8("x", new long[] {1}, (byte) 1)).build();
    assertThatThrownBy(() -> client.infer("m", req)).isInstanceOfSatisfying(KServeConnectionException.class,
        e -> assertThat(e.attempts()).isEqualTo(1));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void inferencePostIsRetriedWhenOptedIn() throws Exception {
    server.enqueue(status(503)); // consumed by the first call
    server.enqueue(ok("{\"predictions\":[1]}"));
    assertThat(client.withInferenceRetries(true).predict("m", json.createObjectNode()).get("predictions").get(0).asInt())
        .isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(2);

    KServeClient optedIn = KServeClient.builder().baseUrl(server.url("/").toString()).retryPolicy(FAST)
        .retryInference(true).build();
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    server.enqueue(ok("{\"model_name\":\"m\",\"outputs\":[]}"));
    InferenceRequest req = InferenceRequest.builder().input(InferTensor.int8("x", new long[] {1}, (byte) 1)).build();
    assertThat(optedIn.inferAsync("m", req).get(5, TimeUnit.SECONDS).modelName()).isEqualTo("m");
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  /** Runs a call blocking or asynchronously and unwraps the future's failure, so both read alike. */
  private static <T> T call(boolean async, Supplier<T> blocking, Supplier<CompletableFuture<T>> future) {
    if (!async) {
      return blocking.get();
    }
    try {
      return future.get().get(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (RuntimeException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest(name = "async={0}")
  @ValueSource(booleans = {false, true})
  void blockingAndAsyncCallsTakeTheSameRetryDecisions(boolean async) throws Exception {
    // GET: 502 and 504 retried, then the value
    server.enqueue(status(502));
    server.enqueue(status(504));
    server.enqueue(ok("{\"models\":[\"m\"]}"));
    assertThat(call(async, client::listModels, client::listModelsAsync)).containsExactly("m");
    assertThat(server.getRequestCount()).isEqualTo(3);

    // GET: attempts stop at maxAttempts and the last error surfaces
    for (int i = 0; i < 3; i++) {
      server.enqueue(status(503));
    }
    assertThatThrownBy(() -> call(async, client::serverMetadata, client::serverMetadataAsync))
        .isInstanceOfSatisfying(ServerErrorException.class, e -> assertThat(e.status()).isEqualTo(503));
    assertThat(server.getRequestCount()).isEqualTo(6);

    // POST: a 503 is final unless the caller opted in
    server.enqueue(status(503));
    assertThatThrownBy(() -> call(async, () -> client.predict("m", json.createObjectNode()),
        () -> client.predictAsync("m", json.createObjectNode())))
        .isInstanceOfSatisfying(ServerErrorException.class, e -> assertThat(e.status()).isEqualTo(503));
    assertThat(server.getRequestCount()).isEqualTo(7);
    KServeClient optedIn = client.withInferenceRetries(true);
    server.enqueue(status(503));
    server.enqueue(ok("{\"predictions\":[1]}"));
    assertThat(call(async, () -> optedIn.predict("m", json.createObjectNode()),
        () -> optedIn.predictAsync("m", json.createObjectNode())).get("predictions").get(0).asInt()).isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(9);

    // POST: a broken connection after the request was sent is final (the model may have run it)
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    assertThatThrownBy(() -> call(async, () -> client.predict("m", json.createObjectNode()),
        () -> client.predictAsync("m", json.createObjectNode())))
        .isInstanceOfSatisfying(KServeConnectionException.class, e -> assertThat(e.attempts()).isEqualTo(1));
    assertThat(server.getRequestCount()).isEqualTo(10);

    // health: 503 is an answer (not ready), never retried
    server.enqueue(status(503));
    assertThat(call(async, client::isServerReady, client::isServerReadyAsync)).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(11);
  }

  @Test
  void a503WithRetryAfterIsRetriedWithTheSameTokenAfterTheServersDelayCappedByMaxBackoff() throws Exception {
    // issue 14 item 24: kserve-auth answers 503 + Retry-After while the issuer's keys are unavailable;
    // the client must wait and retry, never refresh a good token
    java.util.concurrent.atomic.AtomicInteger refreshes = new java.util.concurrent.atomic.AtomicInteger();
    TokenProvider tokens = new TokenProvider() {
      @Override
      public AccessToken token() {
        return AccessToken.of("good-token", java.time.Instant.now().plus(Duration.ofHours(1)));
      }

      @Override
      public AccessToken refresh(String rejected) {
        refreshes.incrementAndGet();
        return AccessToken.of("other-token", java.time.Instant.now().plus(Duration.ofHours(1)));
      }
    };
    KServeClient c = KServeClient.builder().baseUrl(server.url("/").toString()).tokenProvider(tokens)
        .retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(400))).build();
    server.enqueue(status(503).setHeader("Retry-After", "1"));
    server.enqueue(ok("{\"models\":[\"m\"]}"));
    long t0 = System.nanoTime();
    assertThat(c.listModels()).containsExactly("m");
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(waited).isBetween(350L, 950L); // Retry-After 1 s, capped at maxBackoff 400 ms
    assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Bearer good-token");
    assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Bearer good-token");
    assertThat(refreshes).hasValue(0);

    server.enqueue(status(503).setHeader("Retry-After", "1"));
    server.enqueue(ok("{\"models\":[\"m\"]}"));
    t0 = System.nanoTime();
    assertThat(c.listModelsAsync().get(5, TimeUnit.SECONDS)).containsExactly("m");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(350L);
    assertThat(refreshes).hasValue(0);
  }

  @Test
  void connectionFailuresOnGetAreRetried() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
    server.enqueue(ok("{\"live\":true}"));
    assertThat(client.isServerLive()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void refusedConnectionsAreRetriedEvenForPostBecauseNothingWasSent() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    KServeClient closed = KServeClient.builder().baseUrl("http://127.0.0.1:" + port).retryPolicy(FAST).build();
    assertThatThrownBy(() -> closed.predict("m", json.createObjectNode()))
        .isInstanceOfSatisfying(KServeConnectionException.class, e -> assertThat(e.attempts()).isEqualTo(3))
        .hasMessageContaining("POST /v1/models/m:predict failed after 3 attempts");
    assertThatThrownBy(() -> closed.predictAsync("m", json.createObjectNode()).join())
        .isInstanceOf(CompletionException.class).cause().isInstanceOfSatisfying(KServeConnectionException.class,
            e -> assertThat(e.attempts()).isEqualTo(3));
  }

  @Test
  void asyncGetRetriesToo() throws Exception {
    server.enqueue(status(503));
    server.enqueue(ok("{\"models\":[\"a\"]}"));
    assertThat(client.listModelsAsync().get(5, TimeUnit.SECONDS)).containsExactly("a");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void perCallTimeoutCoversTheWholeCall() {
    server.enqueue(ok("{\"models\":[]}").setHeadersDelay(1, TimeUnit.SECONDS));
    assertThatThrownBy(() -> client.withTimeout(Duration.ofMillis(200)).listModels())
        .isInstanceOf(KServeConnectionException.class).hasMessageContaining("timed out");
    assertThatThrownBy(() -> client.withTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void backoffGrowsAndStaysWithinItsJitterBand() {
    RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(300));
    for (int i = 0; i < 200; i++) {
      assertThat(p.delayMillis(1)).isBetween(50L, 100L);
      assertThat(p.delayMillis(2)).isBetween(100L, 200L);
      assertThat(p.delayMillis(3)).isBetween(150L, 300L);
      assertThat(p.delayMillis(9)).isBetween(150L, 300L);
    }
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }
}
