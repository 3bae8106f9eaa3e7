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
package dev.kserveauth.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs one review object to the API server, asynchronously on OkHttp's dispatcher, and reads the
 * answer. Every failure becomes an {@link ApiUnavailableException} of a kind, counted, logged at
 * most once per 30 s per kind (with the number of suppressed repeats), and a 429 stops all calls
 * until its {@code Retry-After} has passed. Never logs a token or a request body.
 */
final class ReviewCalls {
  private static final Logger LOG = LoggerFactory.getLogger(ReviewCalls.class);
  static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final long LOG_INTERVAL_MILLIS = 30_000;
  private static final int MAX_ANSWER_BYTES = 1 << 20;
  /** What a caller is told to wait after an API failure without a Retry-After of its own. */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

  /**
   * The single-flight answer cache of a review: bounded, each answer kept for {@code lifetime} nanoseconds
   * from when it arrived (reads do not extend it), on {@code clock}'s time. Maintenance (read-buffer
   * drains, evictions) runs on the calling thread, amortized: handing it to the common pool cost more
   * than the lookup on the request path. The reviews themselves stay asynchronous on OkHttp.
   */
  static <K, V> AsyncCache<K, V> answerCache(long maxEntries, Clock clock, ToLongFunction<V> lifetime) {
    Ticker ticker = clock == Clock.systemUTC() ? Ticker.systemTicker()
        : () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    return Caffeine.newBuilder()
        .executor(Runnable::run)
        .maximumSize(maxEntries)
        .ticker(ticker)
        .expireAfter(new Expiry<K, V>() {
          @Override
          public long expireAfterCreate(K key, V value, long currentTime) {
            return lifetime.applyAsLong(value);
          }

          @Override
          public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
            return lifetime.applyAsLong(value);
          }

          @Override
          public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
            return currentDuration;
          }
        })
        .buildAsync();
  }

  private final KubernetesApi api;
  private final String path;
  private final String what;
  private final Clock clock;
  private final AtomicLong backoffUntilMillis = new AtomicLong();
  final LongAdder reviews = new LongAdder();
  final LongAdder cacheHits = new LongAdder();
  final LongAdder allowed = new LongAdder();
  final LongAdder denied = new LongAdder();
  private final Map<ApiUnavailableException.Kind, LongAdder> errors = new EnumMap<>(ApiUnavailableException.Kind.class);
  private final Map<ApiUnavailableException.Kind, AtomicReference<long[]>> logState =
      new EnumMap<>(ApiUnavailableException.Kind.class);

  ReviewCalls(KubernetesApi api, String path, String what, Clock clock) {
    this.api = api;
    this.path = path;
    this.what = what;
    this.clock = clock;
    for (ApiUnavailableException.Kind k : ApiUnavailableException.Kind.values()) {
      errors.put(k, new LongAdder());
      logState.put(k, new AtomicReference<>(new long[] {Long.MIN_VALUE, 0}));
    }
  }

  /** Sends {@code review} and completes with the answer's {@code status} object, or fails with {@link ApiUnavailableException}. */
  CompletableFuture<JsonNode> post(ObjectNode review) {
    long now = clock.millis();
    long until = backoffUntilMillis.get();
    if (now < until) {
      return CompletableFuture.failedFuture(failure(ApiUnavailableException.Kind.BACKOFF,
          "the API server asked to wait (429); not calling it again yet", Duration.ofMillis(until - now), null));
    }
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(review);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    Request request = new Request.Builder().url(api.resolve(path))
        .header("Accept", "application/json")
        .post(RequestBody.create(body, JSON_TYPE))
        .build();
    reviews.increment();
    CompletableFuture<JsonNode> out = new CompletableFuture<>();
    api.http().newCall(request).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        out.completeExceptionally(classify(e));
      }

      @Override
      public void onResponse(Call call, Response response) {
        try (response) {
          out.complete(read(response));
        } catch (ApiUnavailableException e) {
          out.completeExceptionally(e);
        } catch (IOException e) {
          out.completeExceptionally(classify(e));
        } catch (RuntimeException e) {
          out.completeExceptionally(failure(ApiUnavailableException.Kind.MALFORMED,
              "the " + what + " answer could not be read: " + e.getClass().getSimpleName(), null, e));
        }
      }
    });
    return out;
  }

  private JsonNode read(Response response) throws IOException {
    int code = response.code();
    if (code == 429) {
      Duration wait = retryAfter(response.header("Retry-After"));
      backoffUntilMillis.accumulateAndGet(clock.millis() + wait.toMillis(), Math::max);
      throw failure(ApiUnavailableException.Kind.THROTTLED, "the API server throttled the " + what + " (429)", wait, null);
    }
    if (code == 401 || code == 403) {
      throw failure(ApiUnavailableException.Kind.UNAUTHORIZED, "the API server refused this process's credentials for "
          + what + " (" + code + "): check its token and that its service account may create " + what + "s", null, null);
    }
    if (code < 200 || code > 299) {
      throw failure(ApiUnavailableException.Kind.SERVER, "the API server answered " + code + " to a " + what, null, null);
    }
    ResponseBody rb = response.body();
    if (rb == null) {
      throw failure(ApiUnavailableException.Kind.MALFORMED, "the " + what + " answer has no body", null, null);
    }
    byte[] bytes = rb.source().readByteArray(Math.min(MAX_ANSWER_BYTES, Math.max(0, rb.contentLength() < 0
        ? MAX_ANSWER_BYTES : rb.contentLength())));
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw failure(ApiUnavailableException.Kind.MALFORMED, "the " + what + " answer is not JSON", null, e);
    }
    JsonNode status = root == null ? null : root.get("status");
    if (status == null || !status.isObject()) {
      throw failure(ApiUnavailableException.Kind.MALFORMED, "the " + what + " answer has no status object", null, null);
    }
    return status;
  }

  private ApiUnavailableException classify(IOException e) {
    if (hasCause(e, SSLException.class)) {
      return failure(ApiUnavailableException.Kind.TLS, "TLS with the API server failed for a " + what + ": "
          + e.getClass().getSimpleName(), null, e);
    }
    if (hasCause(e, InterruptedIOException.class)) {
      return failure(ApiUnavailableException.Kind.TIMEOUT, "the API server did not answer a " + what + " within "
          + api.timeout().toMillis() + " ms", null, e);
    }
    return failure(ApiUnavailableException.Kind.CONNECT, "the API server is unreachable for a " + what + ": "
        + e.getClass().getSimpleName(), null, e);
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  /** The {@link ApiUnavailableException} behind a failed stage (anything else: a malformed answer). */
  ApiUnavailableException unwrap(Throwable e) {
    Throwable t = e;
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof ApiUnavailableException u ? u
        : failure(ApiUnavailableException.Kind.MALFORMED, "the " + what + " failed: " + t.getClass().getSimpleName(),
            null, t);
  }

  /** Counts, logs (rate-limited per kind) and builds the failure. */
  ApiUnavailableException failure(ApiUnavailableException.Kind kind, String message, Duration retryAfter, Throwable cause) {
    errors.get(kind).increment();
    AtomicReference<long[]> state = logState.get(kind);
    long now = clock.millis();
    long[] s = state.get();
    if (now - s[0] >= LOG_INTERVAL_MILLIS && state.compareAndSet(s, new long[] {now, 0})) {
      if (s[1] > 0) {
        LOG.warn("{} failed ({}); {} more like it in the last {} s were not logged; refusing the request", what,
            message, s[1], LOG_INTERVAL_MILLIS / 1000);
      } else {
        LOG.warn("{} failed ({}); refusing the request", what, message);
      }
    } else {
      state.updateAndGet(x -> new long[] {x[0], x[1] + 1});
    }
    return new ApiUnavailableException(kind, message, retryAfter == null ? DEFAULT_RETRY_AFTER : retryAfter, cause);
  }

  /** RFC 9110 Retry-After: delay-seconds or an HTTP-date; 1 s when absent or unreadable, at most 10 min. */
  Duration retryAfter(String value) {
    Duration d = DEFAULT_RETRY_AFTER;
    if (value != null) {
      String v = value.trim();
      try {
        d = Duration.ofSeconds(Long.parseLong(v));
      } catch (NumberFormatException e) {
        try {
          Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          d = Duration.between(clock.instant(), at);
        } catch (RuntimeException ignored) {
          d = DEFAULT_RETRY_AFTER;
        }
      }
    }
    if (d.compareTo(DEFAULT_RETRY_AFTER) < 0) {
      d = DEFAULT_RETRY_AFTER;
    }
    return d.compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(10) : d;
  }

  KubernetesReviewStats stats(long cacheSize) {
    Map<String, Long> e = new LinkedHashMap<>();
    errors.forEach((k, v) -> e.put(k.id, v.sum()));
    return new KubernetesReviewStats(reviews.sum(), cacheHits.sum(), allowed.sum(), denied.sum(), e, cacheSize);
  }
}
