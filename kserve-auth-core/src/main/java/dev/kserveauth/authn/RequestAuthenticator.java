package dev.kserveauth.authn;

import dev.kserveauth.metrics.KeySourceStats;
import dev.kserveauth.http.RequestView;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Finds the token in a request (per the configured {@code jwtRules}: headers with prefixes, query
 * parameters, cookies) and verifies it with the rule whose issuer the token names. Thread-safe.
 */
public interface RequestAuthenticator {

  /** A builder over {@link JwtRule}s (code or YAML); see {@link RequestAuthenticatorBuilder}. */
  static RequestAuthenticatorBuilder builder() {
    return new RequestAuthenticatorBuilder();
  }

  /** Authenticates, possibly blocking on a key fetch bounded by the configured timeouts. */
  AuthenticationOutcome authenticate(RequestView request);

  /** Authenticates without blocking the calling thread. Never completes exceptionally. */
  CompletionStage<AuthenticationOutcome> authenticateAsync(RequestView request);

  /**
   * Every header name (lower case) this authenticator may set through {@code outputClaimToHeaders}
   * or {@code outputPayloadToHeader}. Adapters strip incoming copies so callers cannot forge them.
   */
  Set<String> outputHeaderNames();

  /** Key-source counters per issuer (fetches, unknown-kid refetches, key-set age), for metrics and health checks. */
  default java.util.Map<String, KeySourceStats> keySourceStats() {
    return java.util.Map.of();
  }

  /** The key source of every issuer, for readiness checks ({@code KServeAuth.readiness()}). */
  default java.util.Map<String, KeySource> keySources() {
    return java.util.Map.of();
  }
}
