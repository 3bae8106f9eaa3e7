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
import dev.kserveauth.internal.keys.FetchException;
import dev.kserveauth.internal.keys.FetchedDocument;
import dev.kserveauth.internal.keys.JwksFetcher;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.kserveauth.metrics.KeySourceStats;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key source over a {@link JwksFetcher}: fresh keys come from memory without blocking; a background
 * refresh starts {@code refreshAhead} before expiry; fetches are single-flight; unknown kids refetch
 * at most once per floor interval and kids still absent after a refetch are remembered (Caffeine,
 * bounded); after a failed fetch the last good set is served for the stale-if-error window.
 *
 * <p>All timing reads the injected {@link Clock}, so tests move time instead of sleeping.
 */
final class CachingKeySource implements KeySource {
  private static final Logger LOG = LoggerFactory.getLogger(CachingKeySource.class);
  private static final int MAX_KID_LENGTH = 256;
  private static final String NULL_KID = "\u0000";

  /** What is cached. {@code set} is null until the first success. */
  private record State(JwkSet set, long fetchedAt, long expiresAt, long refreshAt, long lastFailureAt, TokenException lastError) {
    boolean failingSinceSuccess() {
      return lastError != null && (set == null || lastFailureAt >= fetchedAt);
    }
  }

  private final JwksFetcher fetcher;
  private final JwksParser parser;
  private final CacheSettings settings;
  private final Clock clock;
  private final String issuer;
  private final AtomicReference<State> state = new AtomicReference<>(new State(null, 0, 0, 0, Long.MIN_VALUE, null));
  private final AtomicReference<CompletableFuture<JwkSet>> inFlight = new AtomicReference<>();
  private final AtomicLong lastUnknownKidFetch = new AtomicLong(Long.MIN_VALUE);
  private final Cache<String, Boolean> unknownKids;
  private final AtomicLong fetchSuccess = new AtomicLong();
  private final AtomicLong fetchFailure = new AtomicLong();
  private final AtomicLong unknownKidRefetch = new AtomicLong();
  private final AtomicLong unknownKidSuppressed = new AtomicLong();
  private volatile java.util.function.BiConsumer<String, Boolean> fetchListener = (issuer, ok) -> {};

  /**
   * @param issuer the issuer these keys belong to (for messages)
   * @param fetcher where the JWKS comes from
   * @param parser how a fetched document becomes a checked set
   * @param settings timing
   * @param clock time source
   */
  public CachingKeySource(String issuer, JwksFetcher fetcher, JwksParser parser, CacheSettings settings, Clock clock) {
    this.issuer = issuer;
    this.fetcher = fetcher;
    this.parser = parser;
    this.settings = settings;
    this.clock = clock;
    this.unknownKids = Caffeine.newBuilder()
        .maximumSize(10_000)
        .expireAfterWrite(settings.negativeTtl().toNanos(), TimeUnit.NANOSECONDS)
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
        .executor(Runnable::run)
        .build();
  }

  /** Called after every fetch with (issuer, success), e.g. to count {@code jwks_fetch_total}. */
  public void onFetch(java.util.function.BiConsumer<String, Boolean> listener) {
    fetchListener = java.util.Objects.requireNonNull(listener, "listener");
  }

  /** Starts a fetch now (startup prefetch); the stage completes when it is done. */
  public CompletionStage<JwkSet> prefetch() {
    return refresh();
  }

  @Override
  public CompletionStage<JwkSet> keys() {
    long now = clock.millis();
    State s = state.get();
    if (s.set != null) {
      if (now < s.expiresAt) {
        if (now >= s.refreshAt && mayRetry(s, now)) {
          refreshInBackground(); // ahead of expiry, off the request path
        }
        return CompletableFuture.completedFuture(s.set);
      }
      if (now < s.expiresAt + settings.staleIfError().toMillis()) {
        if (s.failingSinceSuccess()) {
          // the source is known to be down: answer from the last good set at once, retry in the background
          if (mayRetry(s, now)) {
            refreshInBackground();
          }
          return CompletableFuture.completedFuture(s.set);
        }
        JwkSet stale = s.set;
        return refresh().exceptionally(err -> stale);
      }
    }
    if (!mayRetry(s, now) && s.lastError != null) {
      return CompletableFuture.failedFuture(s.lastError);
    }
    return refresh();
  }

  @Override
  public CompletionStage<JwkSet> keysForUnknownKid(String kid) {
    State s = state.get();
    if (s.set == null) {
      return keys();
    }
    if (kid != null && s.set.find(kid).isPresent()) {
      return keys(); // someone else's refetch already brought it
    }
    String key = kid == null ? NULL_KID : kid;
    if (kid != null && (kid.length() > MAX_KID_LENGTH || unknownKids.getIfPresent(key) != null)) {
      unknownKidSuppressed.incrementAndGet();
      return keys();
    }
    CompletableFuture<JwkSet> running = inFlight.get();
    if (running != null) {
      JwkSet current = s.set;
      return running.exceptionally(err -> current);
    }
    long now = clock.millis();
    long last = lastUnknownKidFetch.get();
    if ((last != Long.MIN_VALUE && now - last < settings.unknownKidFloor().toMillis())
        || !lastUnknownKidFetch.compareAndSet(last, now)) {
      unknownKidSuppressed.incrementAndGet();
      return keys();
    }
    unknownKidRefetch.incrementAndGet();
    JwkSet current = s.set;
    return refresh().handle((set, err) -> {
      if (err != null) {
        return current;
      }
      if (kid != null && set.find(kid).isEmpty()) {
        unknownKids.put(key, Boolean.TRUE);
      }
      return set;
    });
  }

  /** The running fetch, if any (tests wait on it instead of sleeping). */
  CompletableFuture<Void> idle() {
    CompletableFuture<JwkSet> running = inFlight.get();
    return running == null ? CompletableFuture.completedFuture(null) : running.handle((v, e) -> null);
  }

  /**
   * Whether a token of this issuer can be verified now without waiting: a set was fetched and is
   * fresh or within its stale-if-error window.
   */
  @Override
  public boolean available() {
    State s = state.get();
    return s.set != null && clock.millis() < s.expiresAt + settings.staleIfError().toMillis();
  }

  @Override
  public KeySourceStats stats() {
    State s = state.get();
    long now = clock.millis();
    return new KeySourceStats(fetcher.describe(), fetchSuccess.get(), fetchFailure.get(), unknownKidRefetch.get(),
        unknownKidSuppressed.get(), s.set == null ? 0 : s.set.keys().size(),
        s.set == null ? null : Duration.ofMillis(Math.max(0, now - s.fetchedAt)),
        s.set != null && now >= s.expiresAt);
  }

  private boolean mayRetry(State s, long now) {
    return s.lastFailureAt == Long.MIN_VALUE || s.lastFailureAt < s.fetchedAt && s.set != null
        || now - s.lastFailureAt >= settings.retryAfterFailure().toMillis();
  }

  /**
   * Starts a background fetch unless one is running or a fetch failed too recently. The caller's
   * {@link #mayRetry} check read a state that may be a moment old: a fetch that failed in between
   * has already recorded its failure (the state is written before the in-flight slot is cleared),
   * so the check is repeated once this call owns the slot. Without it, requests racing the end of a
   * failed fetch would each start another one.
   */
  private void refreshInBackground() {
    CompletableFuture<JwkSet> mine = new CompletableFuture<>();
    if (!inFlight.compareAndSet(null, mine)) {
      return; // a fetch is running: it is the refresh
    }
    State now = state.get();
    if (mayRetry(now, clock.millis())) {
      startFetch(mine);
      return;
    }
    inFlight.set(null);
    if (now.set != null) {
      mine.complete(now.set); // callers that joined in between get the keys they would have had
    } else {
      mine.completeExceptionally(now.lastError != null ? now.lastError
          : new KeysUnavailableException("signing keys of the issuer are unavailable", settings.retryAfterFailure()));
    }
  }

  /** Single-flight fetch: joins the running fetch or starts one. */
  private CompletableFuture<JwkSet> refresh() {
    while (true) {
      CompletableFuture<JwkSet> running = inFlight.get();
      if (running != null) {
        return running;
      }
      CompletableFuture<JwkSet> mine = new CompletableFuture<>();
      if (inFlight.compareAndSet(null, mine)) {
        startFetch(mine);
        return mine;
      }
    }
  }

  private void startFetch(CompletableFuture<JwkSet> mine) {
    CompletionStage<FetchedDocument> fetch;
    try {
      fetch = fetcher.fetch();
    } catch (RuntimeException e) {
      fetch = CompletableFuture.failedFuture(e);
    }
    fetch.whenComplete((doc, err) -> {
      JwkSet set = null;
      Throwable failure = err;
      if (failure == null) {
        try {
          set = parser.parse(doc.body());
        } catch (RuntimeException e) {
          failure = e;
        }
      }
      long now = clock.millis();
      if (failure == null) {
        long ttl = settings.ttlMillis(doc.maxAgeSeconds());
        long ahead = Math.min(settings.refreshAhead().toMillis(), ttl / 2);
        state.set(new State(set, now, now + ttl, now + ttl - ahead, state.get().lastFailureAt, null));
        fetchSuccess.incrementAndGet();
        notifyFetch(true);
        inFlight.set(null);
        mine.complete(set);
      } else {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        fetchFailure.incrementAndGet();
        notifyFetch(false);
        LOG.warn("fetching signing keys of issuer {} from {} failed: {}", issuer, fetcher.describe(), cause.getMessage());
        // reaches a caller only while no usable set is left (none fetched, stale window over)
        TokenException error = new KeysUnavailableException("signing keys of the issuer are unavailable ("
            + safeReason(cause) + ")", settings.retryAfterFailure());
        State prev = state.get();
        state.set(new State(prev.set, prev.fetchedAt, prev.expiresAt, prev.refreshAt, now, error));
        inFlight.set(null);
        mine.completeExceptionally(error);
      }
    });
  }

  private void notifyFetch(boolean ok) {
    try {
      fetchListener.accept(issuer, ok);
    } catch (RuntimeException e) {
      LOG.debug("fetch listener failed", e);
    }
  }

  /** A cause description without URLs, fit for a 401 description. */
  private static String safeReason(Throwable cause) {
    String m = String.valueOf(cause.getMessage());
    if (m.contains("timed out")) {
      return "key fetch timed out";
    }
    if (m.contains("exceeds the cap")) {
      return "key document too large";
    }
    if (m.contains("answered HTTP")) {
      return "key endpoint answered HTTP " + m.replaceAll(".*answered HTTP (\\d+).*", "$1");
    }
    if (cause instanceof FetchException) {
      return m.contains("discovery") ? "OIDC discovery failed" : "key fetch failed";
    }
    return "key set rejected: " + m;
  }
}
