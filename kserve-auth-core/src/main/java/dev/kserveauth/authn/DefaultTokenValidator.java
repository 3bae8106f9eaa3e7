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

import dev.kserveauth.internal.jws.JwsAlgorithm;
import dev.kserveauth.internal.jws.SignatureVerifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The validator behind {@link TokenValidator#builder()}. The hot path is our own: {@link CompactJws}
 * (caps, strict base64url, strict JSON) → route by unverified {@code iss} → algorithm allow-list →
 * keys by {@code kid} and algorithm (one refetch when none fits) → {@link SignatureVerifier} → claim checks →
 * {@link Principal} → validated-token cache. No regex, no provider lookups, no exceptions unless the
 * token is rejected.
 */
final class DefaultTokenValidator implements TokenValidator {

  private static final long MAX_NUMERIC_DATE = 253_402_300_799L; // 9999-12-31T23:59:59Z

  /** Per-issuer settings, pre-computed for the hot path. */
  static final class Issuer {
    final IssuerSettings settings;
    final boolean[] algorithms = new boolean[JwsAlgorithm.values().length];
    final long skewMillis;
    final long maxLifetimeSeconds;
    /** The audiences as Envoy compares them ({@link #sanitizeAudience}). */
    final Set<String> audiences;

    Issuer(IssuerSettings s) {
      settings = s;
      for (String a : s.algorithms()) {
        algorithms[JwsAlgorithm.forName(a).ordinal()] = true;
      }
      skewMillis = s.clockSkew().toMillis();
      maxLifetimeSeconds = s.maxTokenLifetime() == null ? -1 : s.maxTokenLifetime().toSeconds();
      Set<String> aud = new java.util.HashSet<>();
      for (String a : s.audiences()) {
        aud.add(s.audienceMode() == IssuerSettings.AudienceMode.AUD ? sanitizeAudience(a) : a);
      }
      audiences = Set.copyOf(aud);
    }
  }

  private final Map<String, Issuer> issuers;
  private final Clock clock;
  private final SignatureVerifier verifier;
  private final int maxTokenLength;
  private final ValidatedTokenCache cache;
  private final long keyTimeoutMillis;
  private final dev.kserveauth.metrics.AuthMetrics metrics;

  DefaultTokenValidator(Map<String, IssuerSettings> settings, Clock clock, Provider provider, int maxTokenLength,
      long cacheSize, Duration cacheTtl, Duration keyTimeout) {
    this(settings, clock, provider, maxTokenLength, cacheSize, cacheTtl, keyTimeout,
        dev.kserveauth.metrics.AuthMetrics.noop());
  }

  DefaultTokenValidator(Map<String, IssuerSettings> settings, Clock clock, Provider provider, int maxTokenLength,
      long cacheSize, Duration cacheTtl, Duration keyTimeout, dev.kserveauth.metrics.AuthMetrics metrics) {
    this.metrics = metrics;
    Map<String, Issuer> m = new HashMap<>();
    settings.forEach((iss, s) -> m.put(iss, new Issuer(s)));
    this.issuers = m;
    this.clock = clock;
    this.verifier = new SignatureVerifier(provider);
    this.maxTokenLength = maxTokenLength;
    this.cache = cacheSize > 0 ? new ValidatedTokenCache(cacheSize, cacheTtl, clock) : null;
    this.keyTimeoutMillis = keyTimeout.toMillis();
  }

  SignatureVerifier signatureVerifier() {
    return verifier;
  }

  ValidatedTokenCache cache() {
    return cache;
  }

  @Override
  public Principal verify(String compactJws) {
    try {
      return verifyOrThrow(compactJws, null);
    } catch (TokenException e) {
      throw e;
    } catch (RuntimeException e) {
      // fail closed: an unexpected error rejects the token without exposing internals
      throw asTokenException(e);
    }
  }

  @Override
  public ValidationResult validate(String compactJws) {
    List<TokenException> errors = new ArrayList<>(2);
    try {
      Principal p = verifyOrThrow(compactJws, errors);
      if (p != null) {
        return ValidationResult.success(p);
      }
    } catch (RuntimeException e) {
      errors.add(asTokenException(e)); // thrown only before the claims are checked, so errors was empty
    }
    return ValidationResult.failure(errors);
  }

  /**
   * @param sink where claim failures go ({@code null}: throw the first); failures before the claims
   *     are always thrown
   * @return the principal, or {@code null} when claim failures went to the sink
   */
  private Principal verifyOrThrow(String compactJws, List<TokenException> sink) {
    if (cache != null) {
      Principal hit = cache.get(compactJws);
      metrics.tokenCacheLookup(hit != null);
      if (hit != null) {
        return hit;
      }
    }
    CompactJws jws = CompactJws.parse(compactJws, maxTokenLength);
    Map<String, Object> claims = claims(jws);
    Issuer issuer = route(jws, claims);
    JwkSet keys = await(issuer.settings.keySource().keys(), issuer);
    VerificationKey key = select(keys, jws);
    if (key == null) {
      keys = await(issuer.settings.keySource().keysForUnknownKid(jws.kid), issuer);
      key = selectOrThrow(keys, jws);
    }
    return finish(compactJws, jws, claims, issuer, keys, key, sink);
  }

  @Override
  public CompletionStage<Principal> verifyAsync(String compactJws) {
    try {
      if (cache != null) {
        Principal hit = cache.get(compactJws);
        metrics.tokenCacheLookup(hit != null);
        if (hit != null) {
          return CompletableFuture.completedFuture(hit);
        }
      }
      CompactJws jws = CompactJws.parse(compactJws, maxTokenLength);
      Map<String, Object> claims = claims(jws);
      Issuer issuer = route(jws, claims);
      CompletableFuture<JwkSet> keys = issuer.settings.keySource().keys().toCompletableFuture();
      if (keys.isDone() && !keys.isCompletedExceptionally()) {
        return continueWith(compactJws, jws, claims, issuer, keys.getNow(null));
      }
      return keys.handle((set, error) -> {
        if (error != null) {
          throw new CompletionException(keySourceFailure(error, issuer));
        }
        return set;
      }).thenCompose(set -> continueWith(compactJws, jws, claims, issuer, set));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(asTokenException(e));
    }
  }

  private CompletableFuture<Principal> continueWith(String token, CompactJws jws, Map<String, Object> claims,
      Issuer issuer, JwkSet keys) {
    try {
      VerificationKey key = select(keys, jws);
      if (key != null) {
        return CompletableFuture.completedFuture(finish(token, jws, claims, issuer, keys, key, null));
      }
      return issuer.settings.keySource().keysForUnknownKid(jws.kid).toCompletableFuture().handle((set, error) -> {
        if (error != null) {
          throw new CompletionException(keySourceFailure(error, issuer));
        }
        try {
          return finish(token, jws, claims, issuer, set, selectOrThrow(set, jws), null);
        } catch (RuntimeException e) {
          throw new CompletionException(asTokenException(e));
        }
      });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(asTokenException(e));
    }
  }

  private static TokenException asTokenException(RuntimeException e) {
    if (e instanceof TokenException te) {
      return te;
    }
    // fail closed: an unexpected error rejects the token without exposing internals
    return new TokenException("token could not be validated", e);
  }

  private static Map<String, Object> claims(CompactJws jws) {
    try {
      return ClaimsReader.read(jws.payload);
    } catch (IllegalArgumentException e) {
      throw new MalformedTokenException("token payload " + e.getMessage());
    }
  }

  /** Picks the trusted configuration by the unverified {@code iss}; checks the algorithm allow-list. */
  private Issuer route(CompactJws jws, Map<String, Object> claims) {
    Object iss = claims.get("iss");
    if (iss == null) {
      throw new MissingClaimException("iss");
    }
    if (!(iss instanceof String name)) {
      throw new InvalidClaimException("claim 'iss' is not a string");
    }
    Issuer issuer = issuers.get(name);
    if (issuer == null) {
      throw new InvalidClaimException("token issuer is not configured (Jwt issuer is not configured)");
    }
    if (!issuer.algorithms[jws.alg.ordinal()]) {
      throw new UnsupportedAlgorithmException("algorithm " + jws.alg.name() + " is not allowed for issuer "
          + issuer.settings.issuer());
    }
    return issuer;
  }

  private JwkSet await(CompletionStage<JwkSet> stage, Issuer issuer) {
    CompletableFuture<JwkSet> f = stage.toCompletableFuture();
    if (f.isDone() && !f.isCompletedExceptionally()) {
      return f.getNow(null);
    }
    try {
      return f.get(keyTimeoutMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw keySourceFailure(e.getCause(), issuer);
    } catch (TimeoutException e) {
      throw new KeysUnavailableException("keys of issuer " + issuer.settings.issuer() + " not available within "
          + keyTimeoutMillis + " ms", java.time.Duration.ofSeconds(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeySourceException("interrupted while waiting for the keys of issuer " + issuer.settings.issuer());
    }
  }

  private static TokenException keySourceFailure(Throwable error, Issuer issuer) {
    Throwable t = error;
    while (t instanceof CompletionException || t instanceof ExecutionException) {
      if (t.getCause() == null) {
        break;
      }
      t = t.getCause();
    }
    if (t instanceof TokenException te) {
      return te;
    }
    return new KeySourceException("keys of issuer " + issuer.settings.issuer() + " could not be obtained", t);
  }

  /**
   * Most keys one token is tried against. jwt_verify_lib tries every key; the bound keeps a token
   * without {@code kid} from costing a signature check per key of a large set.
   */
  static final int MAX_CANDIDATES = 8;

  /** Whether a key may verify this token: kids equal or either absent, and the key allows the alg. */
  private static boolean fits(VerificationKey key, CompactJws jws) {
    return (jws.kid == null || key.kid() == null || jws.kid.equals(key.kid()))
        && key.allowedAlgorithms().contains(jws.alg.name());
  }

  /**
   * The first key to try (the one with the token's exact {@code kid} when there is one, else the first
   * fitting key in document order), or {@code null} when no key fits (a refetch may help). A key with
   * the token's exact {@code kid} that does not allow its algorithm fails at once.
   */
  static VerificationKey select(JwkSet keys, CompactJws jws) {
    List<VerificationKey> ks = keys.keys();
    VerificationKey first = null;
    VerificationKey sameKidWrongAlg = null;
    for (int i = 0, n = ks.size(); i < n; i++) {
      VerificationKey k = ks.get(i);
      if (jws.kid != null && jws.kid.equals(k.kid())) {
        if (k.allowedAlgorithms().contains(jws.alg.name())) {
          return k;
        }
        sameKidWrongAlg = k;
      } else if (first == null && fits(k, jws)) {
        first = k;
      }
    }
    if (first == null && sameKidWrongAlg != null) {
      checkKeyAlgorithm(sameKidWrongAlg, jws);
    }
    return first;
  }

  static VerificationKey selectOrThrow(JwkSet keys, CompactJws jws) {
    VerificationKey key = select(keys, jws);
    if (key != null) {
      return key;
    }
    if (jws.kid != null) {
      if (keys.skipped().containsKey(jws.kid)) {
        // the reason (a weak or broken key, ...) is in the server log; the caller learns only this
        throw new KeyNotFoundException("the key the token names is not usable for signatures");
      }
      throw new KeyNotFoundException("no key of the issuer matches the token's 'kid'");
    }
    if (keys.keys().isEmpty()) {
      throw new KeyNotFoundException("the issuer has no usable signature key");
    }
    throw new KeyNotFoundException("no key of the issuer fits the token's algorithm " + jws.alg.name());
  }

  private static void checkKeyAlgorithm(VerificationKey key, CompactJws jws) {
    if (!key.allowedAlgorithms().contains(jws.alg.name())) {
      throw new UnsupportedAlgorithmException("algorithm " + jws.alg.name()
          + " is not allowed for the selected key (allowed: " + String.join(", ", new java.util.TreeSet<>(key.allowedAlgorithms())) + ")");
    }
  }

  /**
   * JWS level only: verifies the signature of {@code jws} with {@code first}, then with each other key
   * of {@code keys} that {@link #fits} (at most {@link #MAX_CANDIDATES} in all).
   *
   * @return the key that verified
   */
  VerificationKey verifySignature(CompactJws jws, JwkSet keys, VerificationKey first) {
    if (verifier.verify(jws.alg, first.key(), jws.ascii, 0, jws.dot2, jws.signature)) {
      return first;
    }
    List<VerificationKey> ks = keys.keys();
    int tried = 1;
    for (int i = 0, n = ks.size(); i < n && tried < MAX_CANDIDATES; i++) {
      VerificationKey k = ks.get(i);
      if (k != first && fits(k, jws)) {
        tried++;
        if (verifier.verify(jws.alg, k.key(), jws.ascii, 0, jws.dot2, jws.signature)) {
          return k;
        }
      }
    }
    throw new InvalidSignatureException("signature verification failed");
  }

  /**
   * JWS only, no claims: parse with every guard, select the key ({@code kid} rules, key algorithms),
   * verify through the signature seam. Used by the Wycheproof conformance tests.
   *
   * @return the verified payload
   */
  byte[] verifyJws(String token, JwkSet keys, Set<String> allowedAlgorithms) {
    CompactJws jws = CompactJws.parse(token, maxTokenLength);
    if (!allowedAlgorithms.contains(jws.alg.name())) {
      throw new UnsupportedAlgorithmException("algorithm " + jws.alg.name() + " is not allowed");
    }
    verifySignature(jws, keys, selectOrThrow(keys, jws));
    return jws.payload;
  }

  private Principal finish(String token, CompactJws jws, Map<String, Object> claims, Issuer issuer, JwkSet keys,
      VerificationKey first, List<TokenException> sink) {
    VerificationKey key = verifySignature(jws, keys, first);
    long now = clock.millis();
    long expSeconds = checkClaims(jws, claims, issuer, now, sink);
    if (sink != null && !sink.isEmpty()) {
      return null;
    }
    Principal principal = Principal.fromClaims(claims, issuer.settings.roleMapping());
    if (cache != null) {
      cache.put(token, principal, issuer.settings.keySource(), keys, key, expSeconds, now);
    }
    return principal;
  }

  /**
   * Runs every claim check in a fixed order. With a {@code null} sink the first failure is thrown;
   * otherwise every failure is added to the sink and the checks go on (a check that needs a value an
   * earlier one rejected is skipped, so one bad claim is reported once).
   *
   * @return the {@code exp} in epoch seconds, or {@code Long.MAX_VALUE} for an accepted token without one
   */
  private static long checkClaims(CompactJws jws, Map<String, Object> claims, Issuer issuer, long nowMillis,
      List<TokenException> sink) {
    IssuerSettings s = issuer.settings;
    if (!s.allowedTypes().isEmpty()) {
      if (jws.typ == null) {
        fail(sink, new InvalidClaimException("token header has no 'typ'; this issuer requires one of "
            + s.allowedTypes()));
      } else if (!s.allowedTypes().contains(IssuerSettings.normalizeType(jws.typ))) {
        fail(sink, new InvalidClaimException("token type ('typ') is not accepted; expected one of "
            + s.allowedTypes()));
      }
    }
    boolean legacyK8s = IssuerSettings.KUBERNETES_LEGACY_ISSUER.equals(s.issuer()) && isLegacyKubernetes(claims);
    if (legacyK8s && !s.allowLegacyKubernetesTokens()) {
      fail(sink, new InvalidClaimException("legacy Kubernetes service-account tokens (secret-based, non-expiring) "
          + "are not accepted"));
    }
    long skew = issuer.skewMillis;
    Object expValue = claims.get("exp");
    Long exp = null; // null: absent or unreadable
    if (expValue == null) {
      if (!legacyK8s && s.requireExpiration()) {
        fail(sink, new MissingClaimException("exp"));
      }
    } else {
      exp = numericDate("exp", expValue, sink);
      if (exp != null && nowMillis >= exp * 1000 + skew) {
        fail(sink, new ExpiredTokenException(Instant.ofEpochSecond(exp), Instant.ofEpochMilli(nowMillis),
            s.clockSkew()));
      }
    }
    Object nbfValue = claims.get("nbf");
    if (nbfValue != null) {
      Long nbf = numericDate("nbf", nbfValue, sink);
      if (nbf != null && nowMillis + skew < nbf * 1000) {
        fail(sink, new PrematureTokenException("nbf", Instant.ofEpochSecond(nbf), Instant.ofEpochMilli(nowMillis),
            s.clockSkew()));
      }
    }
    Object iatValue = claims.get("iat");
    Long iat = null;
    if (iatValue != null) {
      iat = numericDate("iat", iatValue, sink);
      if (iat != null && iat * 1000 > nowMillis + skew) {
        fail(sink, new PrematureTokenException("iat", Instant.ofEpochSecond(iat), Instant.ofEpochMilli(nowMillis),
            s.clockSkew()));
      }
    }
    if (issuer.maxLifetimeSeconds >= 0) {
      if (expValue == null && (legacyK8s || !s.requireExpiration())) { // else reported above
        fail(sink, new MissingClaimException("exp",
            "token has no 'exp' claim (required by the maximum token lifetime)"));
      }
      if (iatValue == null) {
        fail(sink, new MissingClaimException("iat",
            "token has no 'iat' claim (required by the maximum token lifetime)"));
      }
      if (exp != null && iat != null && exp - iat > issuer.maxLifetimeSeconds) {
        fail(sink, new InvalidClaimException("token lifetime of " + (exp - iat) + "s exceeds the maximum of "
            + issuer.maxLifetimeSeconds + "s"));
      }
    }
    switch (s.audienceMode()) {
      case AUD -> checkAudience(claims, issuer.audiences, sink);
      case COGNITO_CLIENT_ID -> checkCognito(claims, issuer.audiences, sink);
      case ANY -> { }
    }
    return exp == null ? Long.MAX_VALUE : exp;
  }

  /** Throws the failure, or collects it when a sink is given. */
  private static void fail(List<TokenException> sink, TokenException e) {
    if (sink == null) {
      throw e;
    }
    sink.add(e);
  }

  /** {@link #numericDate(String, Object)}, or {@code null} after a failure went to the sink. */
  private static Long numericDate(String claim, Object value, List<TokenException> sink) {
    try {
      return numericDate(claim, value);
    } catch (InvalidClaimException e) {
      fail(sink, e);
      return null;
    }
  }

  private static boolean isLegacyKubernetes(Map<String, Object> claims) {
    for (String k : claims.keySet()) {
      if (k.startsWith("kubernetes.io/serviceaccount/")) {
        return true;
      }
    }
    return false;
  }

  private static void checkAudience(Map<String, Object> claims, Set<String> accepted, List<TokenException> sink) {
    TokenException e = audienceFailure(claims.get("aud"), accepted);
    if (e != null) {
      fail(sink, e);
    }
  }

  private static TokenException audienceFailure(Object aud, Set<String> accepted) {
    if (aud == null) {
      return new MissingClaimException("aud");
    }
    if (aud instanceof String a) {
      if (accepted.contains(sanitizeAudience(a))) {
        return null;
      }
    } else if (aud instanceof List<?> list) {
      for (Object o : list) {
        if (!(o instanceof String)) {
          return new InvalidClaimException("claim 'aud' must be a string or an array of strings");
        }
      }
      for (Object o : list) {
        if (accepted.contains(sanitizeAudience((String) o))) {
          return null;
        }
      }
    } else {
      return new InvalidClaimException("claim 'aud' must be a string or an array of strings");
    }
    return new InvalidClaimException("audience is not accepted");
  }

  /**
   * An audience as Envoy compares it (jwt_verify_lib {@code check_audience.cc}): without a leading
   * {@code http://} or {@code https://} and without one trailing {@code /}. Applied to the configured
   * audiences and to the token's, so {@code https://api.example.com/} and {@code api.example.com}
   * are the same audience. Allocates only for an audience that has a scheme or a trailing slash.
   */
  static String sanitizeAudience(String aud) {
    int begin = aud.startsWith("http://") ? 7 : aud.startsWith("https://") ? 8 : 0;
    int end = aud.length() > begin && aud.charAt(aud.length() - 1) == '/' ? aud.length() - 1 : aud.length();
    return begin == 0 && end == aud.length() ? aud : aud.substring(begin, end);
  }

  private static void checkCognito(Map<String, Object> claims, Set<String> clientIds, List<TokenException> sink) {
    Object use = claims.get("token_use");
    if (use == null) {
      fail(sink, new MissingClaimException("token_use"));
    } else if (!"access".equals(use)) {
      fail(sink, new InvalidClaimException("claim 'token_use' is not 'access' (an ID token is not an access token)"));
    }
    Object clientId = claims.get("client_id");
    if (clientId == null) {
      fail(sink, new MissingClaimException("client_id"));
    } else if (!(clientId instanceof String c)) {
      fail(sink, new InvalidClaimException("claim 'client_id' is not a string"));
    } else if (!clientIds.contains(c)) {
      fail(sink, new InvalidClaimException("client_id is not accepted"));
    }
  }

  /** A NumericDate (RFC 7519 section 2): a JSON number of seconds, fractions truncated, 0 to year 9999. */
  static long numericDate(String claim, Object value) {
    long v;
    if (value instanceof Integer || value instanceof Long) {
      v = ((Number) value).longValue();
    } else if (value instanceof Double d) {
      if (!Double.isFinite(d) || d < 0 || d > MAX_NUMERIC_DATE) {
        throw new InvalidClaimException("claim '" + claim + "' is out of range");
      }
      v = (long) Math.floor(d);
    } else if (value instanceof BigInteger || value instanceof BigDecimal) {
      throw new InvalidClaimException("claim '" + claim + "' is out of range");
    } else {
      throw new InvalidClaimException("claim '" + claim + "' must be a number of seconds (NumericDate)");
    }
    if (v < 0 || v > MAX_NUMERIC_DATE) {
      throw new InvalidClaimException("claim '" + claim + "' is out of range");
    }
    return v;
  }

  @Override
  public String toString() {
    return "TokenValidator" + issuers.keySet();
  }
}
