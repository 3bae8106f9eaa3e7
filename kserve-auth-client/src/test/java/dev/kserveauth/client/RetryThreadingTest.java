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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

/** Where the one retry loop runs: blocking calls on the caller's thread, async backoffs on no thread. */
class RetryThreadingTest {
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

  @Test
  void aBlockingCallFromASingleThreadedExecutorRunsEveryAttemptOnThatThread() throws Exception {
    List<Thread> attemptThreads = new CopyOnWriteArrayList<>();
    OkHttpClient base = new OkHttpClient.Builder().addInterceptor(chain -> {
      attemptThreads.add(Thread.currentThread());
      return chain.proceed(chain.request());
    }).build();
    KServeClient client = KServeClient.builder().baseUrl(server.url("/").toString()).okHttpClient(base)
        .retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5))).build();
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(new MockResponse().setResponseCode(502));
    server.enqueue(new MockResponse().setBody("{\"models\":[\"m\"]}"));

    ExecutorService single = Executors.newSingleThreadExecutor();
    try {
      Thread caller = single.submit(Thread::currentThread).get();
      assertThat(single.submit(client::listModels).get(10, TimeUnit.SECONDS)).containsExactly("m");
      assertThat(attemptThreads).hasSize(3).containsOnly(caller);
    } finally {
      single.shutdownNow();
    }
  }

  @Test
  void anAsyncBackoffHoldsNoDispatcherSlot() throws Exception {
    AtomicInteger metadataCalls = new AtomicInteger();
    server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getPath().equals("/v2")) {
          return metadataCalls.incrementAndGet() == 1 ? new MockResponse().setResponseCode(503)
              : new MockResponse().setBody("{\"name\":\"s\",\"version\":\"1\",\"extensions\":[]}");
        }
        return new MockResponse().setBody("{\"models\":[\"m\"]}");
      }
    });
    Dispatcher oneSlot = new Dispatcher();
    oneSlot.setMaxRequestsPerHost(1);
    KServeClient client = KServeClient.builder().baseUrl(server.url("/").toString())
        .okHttpClient(new OkHttpClient.Builder().dispatcher(oneSlot).build())
        .retryPolicy(new RetryPolicy(2, Duration.ofSeconds(2), Duration.ofSeconds(2))).build();

    CompletableFuture<ServerMetadata> backingOff = client.serverMetadataAsync();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (metadataCalls.get() == 0 && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    // the first call now waits at least 1 s (half its 2 s backoff) before its retry; the only
    // per-host slot must be free meanwhile
    long started = System.nanoTime();
    assertThat(client.listModelsAsync().get(5, TimeUnit.SECONDS)).containsExactly("m");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(800);
    assertThat(backingOff).isNotDone();
    assertThat(backingOff.get(10, TimeUnit.SECONDS).name()).isEqualTo("s");
    assertThat(metadataCalls.get()).isEqualTo(2);
  }

  @Test
  void cancellingAnAsyncCallWhileItWaitsToRetrySendsNothingMore() throws Exception {
    KServeClient client = KServeClient.builder().baseUrl(server.url("/").toString())
        .retryPolicy(new RetryPolicy(3, Duration.ofMillis(400), Duration.ofMillis(400))).build();
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(new MockResponse().setBody("{\"models\":[\"m\"]}"));
    CompletableFuture<List<String>> call = client.listModelsAsync();
    assertThat(server.takeRequest(5, TimeUnit.SECONDS)).isNotNull();
    assertThat(call.cancel(true)).isTrue();
    assertThat(server.takeRequest(1, TimeUnit.SECONDS)).isNull(); // the retry was due after 200-400 ms
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
