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

import dev.kserveauth.authn.RequestAuthenticator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Builds a {@link TokenReviewAuthenticator}.
 *
 * @since 0.1
 */
public final class TokenReviewAuthenticatorBuilder {
  final KubernetesApi api;
  RequestAuthenticator delegate;
  boolean reviewAll;
  final List<String> audiences = new ArrayList<>();
  Duration ttl = TokenReviewAuthenticator.DEFAULT_TTL;
  long maxEntries = 10_000;
  boolean forwardToken = true;
  Clock clock = Clock.systemUTC();

  TokenReviewAuthenticatorBuilder(KubernetesApi api) {
    this.api = Objects.requireNonNull(api, "api");
  }

  /**
   * The offline JWT authenticator ({@code jwtRules}) tried first; a token it cannot accept because
   * no rule names its issuer (or because it is not a JWT) goes to a TokenReview.
   *
   * @param delegate the authenticator
   * @return this builder
   */
  public TokenReviewAuthenticatorBuilder delegate(RequestAuthenticator delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    return this;
  }

  /**
   * Review every {@code Authorization: Bearer} token, JWTs of configured issuers included.
   *
   * @param all whether to
   * @return this builder
   */
  public TokenReviewAuthenticatorBuilder reviewAllTokens(boolean all) {
    this.reviewAll = all;
    return this;
  }

  /**
   * {@code spec.audiences}; the answer's {@code status.audiences} must then include one of them.
   *
   * @param audiences the audiences
   * @return this builder
   */
  public TokenReviewAuthenticatorBuilder audiences(String... audiences) {
    for (String a : audiences) {
      this.audiences.add(Objects.requireNonNull(a, "audience").strip().toLowerCase(Locale.ROOT).isEmpty()
          ? fail() : a.strip());
    }
    return this;
  }

  private static String fail() {
    throw new IllegalArgumentException("audience must not be blank");
  }

  /**
   * How long an answer is kept (default 2 min), never past the token's own expiry.
   *
   * @param ttl zero disables the cache
   * @return this builder
   */
  public TokenReviewAuthenticatorBuilder cacheTtl(Duration ttl) {
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("cacheTtl must not be negative");
    }
    this.ttl = ttl;
    return this;
  }

  /**
   * The most entries the cache keeps (default 10,000).
   *
   * @param max positive
   * @return this builder
   */
  public TokenReviewAuthenticatorBuilder maxCacheEntries(long max) {
    if (max <= 0) {
      throw new IllegalArgumentException("maxCacheEntries must be positive");
    }
    this.maxEntries = max;
    return this;
  }

  /**
   * Whether the {@code Authorization} header stays on the request for the application (default
   * true: a transformer forwards it to the predictor, as KServe documents).
   *
   * @param forward whether to keep it
   * @return this builder
   */
  public TokenReviewAuthenticatorBuilder forwardToken(boolean forward) {
    this.forwardToken = forward;
    return this;
  }

  /**
   * The clock of cache lifetimes (tests).
   *
   * @param clock the clock
   * @return this builder
   */
  public TokenReviewAuthenticatorBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Builds the authenticator.
   *
   * @return the authenticator
   */
  public TokenReviewAuthenticator build() {
    return new TokenReviewAuthenticator(this);
  }
}
