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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caches the token a {@link Fetcher} returns and fetches a new one single-flight: however many
 * threads find the token stale at once, exactly one of them calls the fetcher and the others wait
 * for its result.
 *
 * <p>A token is fresh until its {@link AccessToken#refreshAt()}, or when that is absent until its
 * expiry minus {@code refreshBefore} (default 1 minute). A token without expiry stays fresh until
 * {@link #refresh(String)} is called. When a proactive refresh fails while the cached token is
 * still valid, the cached token is served (as the kubelet keeps the old token) and the failure is
 * logged; once the token is expired, or when a refresh was forced by a 401, the failure surfaces
 * as {@link TokenProviderException} with the fetcher's exception as cause.
 *
 * <pre>{@code
 * TokenProvider tokens = CachingTokenProvider.builder(() -> myVault.fetchToken())
 *     .refreshBefore(Duration.ofMinutes(2))
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class CachingTokenProvider implements TokenProvider {
  private static final Logger log = LoggerFactory.getLogger(CachingTokenProvider.class);

  /**
   * Fetches a new token; called by one thread at a time, on the thread of a caller that found the
   * cached token stale (so it may block: the other callers wait for it).
   *
   * @since 0.1
   */
  @FunctionalInterface
  public interface Fetcher {
    /**
     * Fetches a new token from its source.
     *
     * @return the new token, not {@code null}, and not already expired by the provider's clock (both
     *     are treated as a failed fetch)
     * @throws Exception when no token can be had; the provider wraps it in a {@link
     *     TokenProviderException} (one thrown here passes through as is), or keeps serving the
     *     cached token while it is valid and the refresh was not forced by a 401
     */
    AccessToken fetch() throws Exception;
  }

  private final Fetcher fetcher;
  private final Duration refreshBefore;
  private final Clock clock;
  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile AccessToken current;
  private CompletableFuture<AccessToken> inFlight; // guarded by lock

  CachingTokenProvider(CachingTokenProviderBuilder b) {
    this.fetcher = b.fetcher;
    this.refreshBefore = b.refreshBefore;
    this.clock = b.clock;
    this.name = b.name;
  }

  /**
   * A builder for a cache in front of {@code fetcher}.
   *
   * @param fetcher where new tokens come from
   * @return a new builder
   * @throws NullPointerException when {@code fetcher} is {@code null}
   */
  public static CachingTokenProviderBuilder builder(Fetcher fetcher) {
    return new CachingTokenProviderBuilder(fetcher);
  }

  @Override
  public AccessToken token() {
    AccessToken c = current;
    Instant now = clock.instant();
    if (c != null && isFresh(c, now)) {
      return c;
    }
    return load(null);
  }

  @Override
  public AccessToken refresh(String rejected) {
    Objects.requireNonNull(rejected, "rejected");
    AccessToken c = current;
    if (c != null && !c.value().equals(rejected) && !c.isExpiredAt(clock.instant())) {
      return c; // another caller already replaced the rejected token
    }
    return load(rejected);
  }

  /** The cached token, if any, without fetching. For diagnostics and tests. */
  AccessToken cached() {
    return current;
  }

  /**
   * Fixes when a freshly fetched token is refreshed: {@code refreshBefore} ahead of its expiry, but
   * never before half its remaining lifetime, so a token that lives shorter than
   * {@code refreshBefore} (a 30 s token, a 60 s skew) is still reused instead of fetched on every call.
   */
  private AccessToken withRefreshTime(AccessToken t, Instant now) {
    if (t.refreshAt() != null || t.expiresAt() == null) {
      return t;
    }
    Instant byRule = t.expiresAt().minus(refreshBefore);
    Instant half = now.plus(java.time.Duration.between(now, t.expiresAt()).dividedBy(2));
    return new AccessToken(t.value(), t.expiresAt(), byRule.isAfter(half) ? byRule : half);
  }

  private boolean isFresh(AccessToken t, Instant now) {
    Instant refreshAt = t.refreshAt();
    if (refreshAt == null) {
      refreshAt = t.expiresAt() == null ? null : t.expiresAt().minus(refreshBefore);
    }
    return refreshAt == null || now.isBefore(refreshAt);
  }

  private AccessToken load(String rejected) {
    boolean forced = rejected != null;
    CompletableFuture<AccessToken> future;
    boolean owner = false;
    AccessToken previous;
    lock.lock();
    try {
      previous = current;
      if (previous != null) {
        if (!forced && isFresh(previous, clock.instant())) {
          return previous;
        }
        if (forced && !previous.value().equals(rejected) && !previous.isExpiredAt(clock.instant())) {
          return previous; // another caller already replaced the rejected token
        }
      }
      if (inFlight == null) {
        inFlight = new CompletableFuture<>();
        owner = true;
      }
      future = inFlight;
    } finally {
      lock.unlock();
    }
    if (owner) {
      fetchInto(future, previous, forced);
    }
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof TokenProviderException tpe) {
        throw tpe;
      }
      throw new TokenProviderException(name + ": token refresh failed", e.getCause());
    }
  }

  private void fetchInto(CompletableFuture<AccessToken> future, AccessToken previous, boolean forced) {
    AccessToken result = null;
    Throwable failure = null;
    try {
      result = Objects.requireNonNull(fetcher.fetch(), "fetcher returned null");
      if (result.isExpiredAt(clock.instant())) {
        failure = new TokenProviderException(name + ": the fetched token already expired at " + result.expiresAt()
            + " (now " + clock.instant() + ")");
        result = null;
      } else {
        result = withRefreshTime(result, clock.instant());
      }
    } catch (Throwable e) {
      failure = e;
    }
    if (result == null && !forced && previous != null && !previous.isExpiredAt(clock.instant())) {
      log.warn("{}: token refresh failed, keeping the cached token until {}: {}", name, previous.expiresAt(),
          failure.toString());
      result = previous;
    }
    lock.lock();
    try {
      if (result != null) {
        current = result;
      }
      inFlight = null;
    } finally {
      lock.unlock();
    }
    if (result != null) {
      future.complete(result);
    } else if (failure instanceof TokenProviderException) {
      future.completeExceptionally(failure);
    } else {
      future.completeExceptionally(new TokenProviderException(name + ": token refresh failed: " + failure, failure));
    }
  }

  @Override
  public String toString() {
    return "CachingTokenProvider[" + name + ", current=" + current + "]";
  }
}
