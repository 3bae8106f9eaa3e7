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

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Validated-token cache: a bounded Caffeine cache from the exact token text to the principal it proved.
 *
 * <p><b>Key.</b> The whole token string is the key, compared with {@link String#equals}: a hit can
 * never hand out a principal for bytes that differ in any position from the token that was verified,
 * and there is no hash whose collisions could be engineered. Only the hash <em>code</em> is cheap: it
 * is computed from the last 32 characters (inside the signature, which is unique per verified token)
 * plus the length, so a lookup does not hash a 1 KiB token. Collisions there cost only an extra
 * {@code equals}, and only verified tokens are ever inserted, so an attacker cannot flood a bucket.
 * Memory is bounded by the entry count times the token size (16 KiB at most).
 *
 * <p><b>Lifetime.</b> An entry is served only while the validator's clock is before the token's
 * {@code exp} (no skew bonus) and for at most the configured TTL (default 5 minutes). On every hit the
 * issuer's {@link KeySource#keys()} is consulted (it answers from cache, without blocking): when the
 * current set is not the one the token was verified with and no longer contains the verifying key, the
 * entry is dropped and the token goes through full verification, so a key that disappears from its
 * issuer's JWKS invalidates what it signed. When the key source has no completed answer, the hit is
 * not used.
 *
 * <p><b>Front.</b> The last tokens seen are also kept in a 64-slot direct-mapped array in front of
 * Caffeine: a client repeats one token for its whole life, and Caffeine's per-read bookkeeping (the
 * read buffer and its drains) cost more than the rest of a hit. A front hit compares the whole token
 * with {@code equals} as a Caffeine hit does and goes through the same lifetime checks on every use, so
 * it can only answer what a Caffeine hit would have answered; an entry Caffeine evicted for size stays
 * usable there until its slot is taken, which holds at most 64 extra entries. Hot tokens served from
 * the front are not seen by Caffeine's frequency sketch, so under size pressure Caffeine may evict
 * them first; the worst case is a full verification and a re-insert.
 */
final class ValidatedTokenCache {

  private static final int HASH_SPAN = 32;

  static final class Key {
    final String token;
    final int hash;

    Key(String token) {
      this(token, hash(token));
    }

    private Key(String token, int hash) {
      this.token = token;
      this.hash = hash;
    }

    static int hash(String token) {
      int len = token.length();
      int h = len;
      for (int i = Math.max(0, len - HASH_SPAN); i < len; i++) {
        h = 31 * h + token.charAt(i);
      }
      return h ^ (h >>> 16);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && k.token.equals(token);
    }
  }

  static final class Entry {
    final String token;
    final Principal principal;
    final KeySource source;
    volatile JwkSet keys;
    final VerificationKey key;
    final long notAfterMillis;

    Entry(String token, Principal principal, KeySource source, JwkSet keys, VerificationKey key,
        long notAfterMillis) {
      this.token = token;
      this.principal = principal;
      this.source = source;
      this.keys = keys;
      this.key = key;
      this.notAfterMillis = notAfterMillis;
    }
  }

  private static final int FRONT_SLOTS = 64;

  private final Cache<Key, Entry> cache;
  private final Entry[] front = new Entry[FRONT_SLOTS];
  private final Clock clock;
  private final long ttlMillis;

  ValidatedTokenCache(long maximumSize, Duration ttl, Clock clock) {
    this.clock = clock;
    this.ttlMillis = ttl.toMillis();
    this.cache = Caffeine.newBuilder()
        .maximumSize(maximumSize)
        // maintenance (draining the read buffer, evicting) runs on the calling thread: with the default
        // executor every few hits hand a task to the common ForkJoinPool, whose wake-ups cost more CPU
        // than the drain itself and compete with the server's own threads
        .executor(Runnable::run)
        .expireAfter(new Expiry<Key, Entry>() {
          @Override
          public long expireAfterCreate(Key key, Entry value, long currentTime) {
            long remaining = value.notAfterMillis - clock.millis();
            return Math.max(0, remaining) * 1_000_000L;
          }

          @Override
          public long expireAfterUpdate(Key key, Entry value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
          }

          @Override
          public long expireAfterRead(Key key, Entry value, long currentTime, long currentDuration) {
            return currentDuration;
          }
        })
        .build();
  }

  /** The principal for exactly this token, or {@code null}. */
  Principal get(String token) {
    if (token == null) {
      return null;
    }
    int hash = Key.hash(token);
    int slot = hash & (FRONT_SLOTS - 1);
    Entry e = front[slot];
    if (e == null || !e.token.equals(token)) {
      e = cache.getIfPresent(new Key(token, hash));
      if (e == null) {
        return null;
      }
      front[slot] = e;
    }
    if (clock.millis() >= e.notAfterMillis) {
      drop(e, hash, slot);
      return null;
    }
    CompletableFuture<JwkSet> current = e.source.keys().toCompletableFuture();
    if (!current.isDone() || current.isCompletedExceptionally()) {
      return null;
    }
    JwkSet now = current.getNow(null);
    if (now != e.keys) {
      if (now == null || !now.contains(e.key)) {
        drop(e, hash, slot);
        return null;
      }
      e.keys = now;
    }
    return e.principal;
  }

  private void drop(Entry e, int hash, int slot) {
    cache.asMap().remove(new Key(e.token, hash), e);
    if (front[slot] == e) {
      front[slot] = null; // racy but harmless: every use of a front entry re-runs the checks above
    }
  }

  void put(String token, Principal principal, KeySource source, JwkSet keys, VerificationKey key, long expSeconds,
      long nowMillis) {
    long notAfter = nowMillis + ttlMillis;
    if (expSeconds != Long.MAX_VALUE) {
      notAfter = Math.min(notAfter, expSeconds * 1000);
    }
    if (notAfter <= nowMillis) {
      return;
    }
    cache.put(new Key(token), new Entry(token, principal, source, keys, key, notAfter));
  }

}
