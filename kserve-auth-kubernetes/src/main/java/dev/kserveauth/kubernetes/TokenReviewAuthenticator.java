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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.AsyncCache;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.authn.AuthenticationOutcome;
import dev.kserveauth.authn.InvalidRequestException;
import dev.kserveauth.authn.KeySource;
import dev.kserveauth.metrics.KeySourceStats;
import dev.kserveauth.authn.KeysUnavailableException;
import dev.kserveauth.authn.KubernetesIdentity;
import dev.kserveauth.authn.Principal;
import dev.kserveauth.authn.RequestAuthenticator;
import dev.kserveauth.authn.TokenException;
import dev.kserveauth.authn.TokenLocation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Authenticates bearer tokens with a Kubernetes TokenReview ({@code authentication.k8s.io/v1}), as
 * kube-rbac-proxy and Kubeflow Pipelines do: for the tokens no {@code jwtRules} entry accepts
 * (OpenShift {@code sha256~} tokens, legacy secret tokens, tokens of an issuer not configured), or,
 * with {@link TokenReviewAuthenticatorBuilder#reviewAllTokens}, for every {@code Authorization: Bearer} token, so that a bound
 * token whose pod was deleted is refused, which offline JWT validation cannot see.
 *
 * <pre>{@code
 * RequestAuthenticator jwt = RequestAuthenticator.builder()...build();
 * RequestAuthenticator authn = TokenReviewAuthenticator.builder(KubernetesApi.inCluster())
 *     .delegate(jwt)                       // JWTs of the configured issuers stay offline
 *     .audiences("pipelines.kubeflow.org") // spec.audiences; status.audiences must intersect them
 *     .build();
 * KServeAuth auth = KServeAuth.builder().authenticator(authn)...build();
 * }</pre>
 *
 * <p>{@code status.user} becomes the {@link Principal}: issuer {@link #ISSUER}, subject the
 * username, claims {@code username}, {@code uid}, {@code groups} (read as roles) and {@code extra}.
 * A token that is not authenticated gets 401 {@code invalid_token} with the API server's reason,
 * sanitized (never the token). Answers are cached by a hash of the token, for the TTL (default 2
 * minutes, the delegating authenticator's) and never past the token's own {@code exp} when it has
 * one; failed reviews are never cached and answer 503 with {@code Retry-After}.
 *
 * @since 0.1
 */
public final class TokenReviewAuthenticator implements RequestAuthenticator {

  /** The issuer of every principal this authenticator builds; no {@code jwtRules} entry may use it. */
  public static final String ISSUER = "kubernetes.io/tokenreview";
  /** The default cache TTL (Kubernetes' delegating authenticator). */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(2);

  static final String PATH = "/apis/authentication.k8s.io/v1/tokenreviews";
  private static final TokenLocation AUTHORIZATION = new TokenLocation(TokenLocation.Kind.HEADER, "authorization");
  private static final int MAX_TOKEN_CHARS = 16 * 1024;

  private final RequestAuthenticator delegate;
  private final Set<String> delegateIssuers;
  private final boolean reviewAll;
  private final List<String> audiences;
  private final Duration ttl;
  private final boolean forwardToken;
  private final Clock clock;
  private final ReviewCalls calls;
  private final AsyncCache<String, Reviewed> cache;

  /** One review's answer: the principal, or the caller-safe reason it was refused, and until when it stands. */
  private record Reviewed(Principal principal, String refusal, Instant notAfter, ApiUnavailableException error) {}

  TokenReviewAuthenticator(TokenReviewAuthenticatorBuilder b) {
    this.delegate = b.delegate;
    this.delegateIssuers = b.delegate == null ? Set.of() : Set.copyOf(b.delegate.keySources().keySet());
    if (delegateIssuers.contains(ISSUER)) {
      throw new IllegalStateException("a jwtRules issuer is " + ISSUER + ", the issuer of TokenReview principals");
    }
    this.reviewAll = b.reviewAll;
    this.audiences = List.copyOf(b.audiences);
    this.ttl = b.ttl;
    this.forwardToken = b.forwardToken;
    this.clock = b.clock;
    this.calls = new ReviewCalls(b.api, PATH, "TokenReview", clock);
    this.cache = ReviewCalls.answerCache(b.maxEntries, clock, this::lifetime);
  }

  private long lifetime(Reviewed r) {
    if (r.error() != null) {
      return 0;
    }
    Duration left = r.notAfter() == null ? ttl : Duration.between(clock.instant(), r.notAfter());
    if (left.compareTo(ttl) > 0) {
      left = ttl;
    }
    return left.isNegative() ? 0 : left.toNanos();
  }

  /**
   * A builder.
   *
   * @param api the API server to ask
   * @return the builder
   */
  public static TokenReviewAuthenticatorBuilder builder(KubernetesApi api) {
    return new TokenReviewAuthenticatorBuilder(api);
  }

  /**
   * Counters since this authenticator was built. Cheap, safe from any thread; the counters are read
   * one by one, so under load they are not one consistent snapshot.
   *
   * @return the counters now
   */
  public KubernetesReviewStats stats() {
    return calls.stats(cache.synchronous().estimatedSize());
  }

  @Override
  public AuthenticationOutcome authenticate(RequestView request) {
    try {
      return authenticateAsync(request).toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new AuthenticationOutcome.Failed(new TokenException("interrupted while verifying the token"));
    } catch (ExecutionException | TimeoutException e) {
      return new AuthenticationOutcome.Failed(new TokenException("token could not be verified in time"));
    }
  }

  @Override
  public CompletionStage<AuthenticationOutcome> authenticateAsync(RequestView request) {
    try {
      List<String> authz = request.headerValues("authorization");
      if (authz.size() > 1) {
        return done(new AuthenticationOutcome.Failed(new InvalidRequestException("more than one Authorization header")));
      }
      String bearer = authz.isEmpty() ? null : bearer(authz.get(0));
      if (bearer != null && !isB64Token(bearer)) {
        return done(new AuthenticationOutcome.Failed(new InvalidRequestException(
            "the Authorization header's bearer token is not an RFC 6750 b64token")));
      }
      if (reviewAll && bearer != null) {
        return review(bearer);
      }
      if (delegate == null) {
        return bearer == null ? done(new AuthenticationOutcome.Anonymous()) : review(bearer);
      }
      return delegate.authenticateAsync(request).thenCompose(outcome -> {
        if (bearer == null || outcome instanceof AuthenticationOutcome.Authenticated) {
          return done(outcome);
        }
        if (outcome instanceof AuthenticationOutcome.Failed f) {
          // a JWT of a configured issuer keeps its own verdict (the jwtRules extractor also calls a
          // non-JWT bearer value malformed: that one is the TokenReview's to judge)
          String iss = peekIssuer(bearer);
          if (iss != null && delegateIssuers.contains(iss)) {
            return done(outcome);
          }
        }
        return review(bearer);
      });
    } catch (RuntimeException e) {
      return done(new AuthenticationOutcome.Failed(new TokenException("token could not be verified")));
    }
  }

  /** The token of an {@code Authorization: Bearer} value; {@code null} for another scheme. */
  private static String bearer(String value) {
    String v = value.strip();
    if (v.length() < 7 || !v.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String t = v.substring(7).strip();
    return t.isEmpty() ? null : t;
  }

  /** RFC 6750 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
  static boolean isB64Token(String t) {
    int i = 0;
    int n = t.length();
    while (i < n) {
      char c = t.charAt(i);
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-._~+/".indexOf(c) >= 0) {
        i++;
      } else {
        break;
      }
    }
    if (i == 0) {
      return false;
    }
    while (i < n && t.charAt(i) == '=') {
      i++;
    }
    return i == n;
  }

  private CompletionStage<AuthenticationOutcome> review(String token) {
    if (token.length() > MAX_TOKEN_CHARS) {
      return done(new AuthenticationOutcome.Failed(new TokenException("token too large")));
    }
    String key = hash(token);
    CompletableFuture<Reviewed> f = cache.getIfPresent(key);
    if (f != null) {
      calls.cacheHits.increment();
    } else {
      f = cache.get(key, (k, executor) -> call(k, token));
    }
    return f.thenApply(this::outcome);
  }

  private AuthenticationOutcome outcome(Reviewed r) {
    if (r.error() != null) {
      return unavailable(r.error());
    }
    if (r.principal() == null) {
      return new AuthenticationOutcome.Failed(new TokenException(r.refusal()));
    }
    return new AuthenticationOutcome.Authenticated(r.principal(), AUTHORIZATION, forwardToken, Map.of());
  }

  private static AuthenticationOutcome unavailable(ApiUnavailableException err) {
    return new AuthenticationOutcome.Failed(new KeysUnavailableException(
        "the Kubernetes API server could not review the token; retry later", err.retryAfter()));
  }

  private CompletableFuture<Reviewed> call(String key, String token) {
    ObjectNode root = ReviewCalls.JSON.createObjectNode();
    root.put("apiVersion", "authentication.k8s.io/v1");
    root.put("kind", "TokenReview");
    ObjectNode spec = root.putObject("spec");
    spec.put("token", token);
    if (!audiences.isEmpty()) {
      ArrayNode a = spec.putArray("audiences");
      audiences.forEach(a::add);
    }
    Instant exp = peekExpiry(token);
    CompletableFuture<Reviewed> f = calls.post(root).thenApply(status -> read(status, token, exp))
        .exceptionally(e -> new Reviewed(null, null, null, calls.unwrap(e)));
    f.thenAccept(r -> {
      if (r.error() != null) {
        cache.asMap().remove(key, f); // a failure is never kept
      }
    });
    return f;
  }

  private Reviewed read(JsonNode status, String token, Instant exp) {
    Instant notAfter = exp;
    if (!status.path("authenticated").asBoolean(false)) {
      calls.denied.increment();
      String why = Sanitizer.reason(status.path("error").asText(""), token);
      return new Reviewed(null, "token not accepted by the Kubernetes API server" + (why.isEmpty() ? "" : ": " + why),
          notAfter, null);
    }
    List<String> got = strings(status.path("audiences"));
    if (!audiences.isEmpty() && got.stream().noneMatch(audiences::contains)) {
      calls.denied.increment();
      return new Reviewed(null, "token not accepted by the Kubernetes API server: none of its audiences is accepted",
          notAfter, null);
    }
    JsonNode user = status.path("user");
    String username = user.path("username").asText("");
    if (username.isEmpty()) {
      calls.denied.increment();
      return new Reviewed(null, "token not accepted by the Kubernetes API server: no username", notAfter, null);
    }
    calls.allowed.increment();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", ISSUER);
    claims.put("sub", username);
    if (!got.isEmpty()) {
      claims.put("aud", got);
    }
    if (exp != null) {
      claims.put("exp", exp.getEpochSecond());
    }
    claims.put("username", username);
    claims.put("uid", user.path("uid").asText(""));
    claims.put("groups", strings(user.path("groups")));
    Map<String, Object> extra = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = user.path("extra").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      extra.put(e.getKey(), strings(e.getValue()));
    }
    claims.put("extra", extra);
    Principal p = new Principal(ISSUER, username, got, claims, Set.copyOf(strings(user.path("groups"))), Set.of(), exp,
        identity(username, extra));
    return new Reviewed(p, null, notAfter, null);
  }

  private static KubernetesIdentity identity(String username, Map<String, Object> extra) {
    String prefix = "system:serviceaccount:";
    if (!username.startsWith(prefix)) {
      return null;
    }
    String[] parts = username.substring(prefix.length()).split(":", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      return null;
    }
    return new KubernetesIdentity(parts[0], parts[1], first(extra.get(KubernetesUser.POD_NAME)),
        first(extra.get(KubernetesUser.NODE_NAME)), false);
  }

  private static String first(Object o) {
    return o instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String s ? s : null;
  }

  /** The {@link KubernetesUser} of a principal this authenticator built. */
  static Optional<KubernetesUser> userOf(Principal p) {
    Map<String, Object> c = p.claims();
    if (!(c.get("username") instanceof String username) || username.isEmpty()) {
      return Optional.empty();
    }
    Map<String, List<String>> extra = new LinkedHashMap<>();
    if (c.get("extra") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> extra.put(String.valueOf(k), KubernetesUser.stringList(v)));
    }
    return Optional.of(new KubernetesUser(username, c.get("uid") instanceof String u ? u : "",
        KubernetesUser.stringList(c.get("groups")), extra));
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n != null && n.isArray()) {
      n.forEach(x -> {
        if (x.isTextual()) {
          out.add(x.asText());
        }
      });
    }
    return out;
  }

  /** The unverified {@code iss} of a JWT-shaped token, only to tell whether a jwtRules entry owns it. */
  private static String peekIssuer(String token) {
    JsonNode p = payload(token);
    return p != null && p.path("iss").isTextual() ? p.get("iss").asText() : null;
  }

  /** The {@code exp} of a JWT-shaped token (the API server verified it; it only bounds the cache). */
  private static Instant peekExpiry(String token) {
    JsonNode p = payload(token);
    return p != null && p.path("exp").canConvertToLong() ? Instant.ofEpochSecond(p.get("exp").asLong()) : null;
  }

  private static JsonNode payload(String token) {
    int d1 = token.indexOf('.');
    int d2 = d1 < 0 ? -1 : token.indexOf('.', d1 + 1);
    if (d1 < 0 || d2 < 0) {
      return null;
    }
    try {
      return ReviewCalls.JSON.readTree(Base64.getUrlDecoder().decode(token.substring(d1 + 1, d2)));
    } catch (Exception e) {
      return null;
    }
  }

  private static String hash(String token) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> CompletionStage<T> done(T t) {
    return CompletableFuture.completedFuture(t);
  }

  @Override
  public Set<String> outputHeaderNames() {
    return delegate == null ? Set.of() : delegate.outputHeaderNames();
  }

  @Override
  public Map<String, KeySourceStats> keySourceStats() {
    return delegate == null ? Map.of() : delegate.keySourceStats();
  }

  @Override
  public Map<String, KeySource> keySources() {
    return delegate == null ? Map.of() : delegate.keySources();
  }
}
