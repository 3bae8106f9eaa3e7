package dev.kserveauth.authn;

import dev.kserveauth.internal.jws.JwsAlgorithm;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How tokens of one issuer are verified. Immutable; build it with {@link #builder(String)}.
 *
 * <pre>{@code
 * IssuerSettings keycloak = IssuerSettings.builder("https://keycloak.example.com/realms/ml")
 *     .keySource(remoteJwks)                    // or .jwks(JwkSet.parse(json)), .hmacSecret(bytes)
 *     .audiences("kserve")
 *     .maxTokenLifetime(Duration.ofHours(1))
 *     .build();
 * }</pre>
 *
 * @param issuer the exact {@code iss} value (compared as a string, never normalised)
 * @param keySource where the issuer's keys come from
 * @param audienceMode how the audience is checked
 * @param audiences accepted {@code aud} values ({@link AudienceMode#AUD}) or {@code client_id} values
 *     ({@link AudienceMode#COGNITO_CLIENT_ID}); empty only with {@link AudienceMode#ANY}
 * @param algorithms accepted JWS {@code alg} values; never {@code none}; HS* only with an HMAC secret
 * @param clockSkew leeway for {@code exp}, {@code nbf} and {@code iat}, 0–300 s (default 60 s)
 * @param maxTokenLifetime when non-null, {@code exp - iat} may not exceed it (both claims then required)
 * @param allowedTypes when non-empty, the header {@code typ} must be present and one of these (compared
 *     case-insensitively, with or without {@code application/}); empty = {@code typ} not checked
 * @param allowLegacyKubernetesTokens accept legacy secret-based Kubernetes service-account tokens
 *     (issuer {@code kubernetes/serviceaccount}, no {@code exp}); default {@code false}
 * @param roleMapping where roles are read from
 * @param requireExpiration whether a token must carry {@code exp} (default {@code true}; Istio does not
 *     require it)
 */
public record IssuerSettings(
    String issuer,
    KeySource keySource,
    AudienceMode audienceMode,
    Set<String> audiences,
    Set<String> algorithms,
    Duration clockSkew,
    Duration maxTokenLifetime,
    Set<String> allowedTypes,
    boolean allowLegacyKubernetesTokens,
    RoleMapping roleMapping,
    boolean requireExpiration) {

  /** The default algorithm allow-list: RS256/384/512, PS256/384/512, ES256/384/512, EdDSA (Envoy's asymmetric set). */
  public static final Set<String> DEFAULT_ALGORITHMS = Set.of(
      "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");
  /** The HMAC algorithms, allowed only when an HMAC secret is configured. */
  public static final Set<String> HMAC_ALGORITHMS = Set.of("HS256", "HS384", "HS512");
  /** Default clock skew, 60 s. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
  /** Largest clock skew accepted, 300 s. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(300);
  /** The issuer of legacy secret-based Kubernetes service-account tokens. */
  public static final String KUBERNETES_LEGACY_ISSUER = "kubernetes/serviceaccount";

  /** How the intended recipient of a token is checked. */
  public enum AudienceMode {
    /** {@code aud} (a string or an array of strings) must contain one of the audiences. */
    AUD,
    /**
     * AWS Cognito access tokens carry no {@code aud}: {@code client_id} must be one of the audiences
     * and {@code token_use} must be {@code access} (so an ID token never passes as an access token).
     */
    COGNITO_CLIENT_ID,
    /** No audience check (Istio's meaning of a rule without {@code audiences}). Must be chosen explicitly. */
    ANY
  }

  public IssuerSettings {
    Objects.requireNonNull(issuer, "issuer");
    if (issuer.isEmpty()) {
      throw new IllegalArgumentException("issuer is empty");
    }
    Objects.requireNonNull(keySource, "keySource");
    Objects.requireNonNull(audienceMode, "audienceMode");
    audiences = Set.copyOf(audiences);
    if (audienceMode == AudienceMode.ANY ? !audiences.isEmpty() : audiences.isEmpty()) {
      throw new IllegalArgumentException(audienceMode == AudienceMode.ANY
          ? "audiences must be empty with AudienceMode.ANY"
          : "no audiences for issuer " + issuer + "; configure audiences or choose AudienceMode.ANY explicitly");
    }
    algorithms = Set.copyOf(algorithms);
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("algorithm allow-list of issuer " + issuer + " is empty");
    }
    for (String alg : algorithms) {
      checkAlgorithm(alg);
    }
    Objects.requireNonNull(clockSkew, "clockSkew");
    if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
      throw new IllegalArgumentException("clockSkew must be between 0 and 300 s, was " + clockSkew);
    }
    if (maxTokenLifetime != null && (maxTokenLifetime.isNegative() || maxTokenLifetime.isZero())) {
      throw new IllegalArgumentException("maxTokenLifetime must be positive, was " + maxTokenLifetime);
    }
    Set<String> types = new LinkedHashSet<>();
    for (String t : allowedTypes) {
      types.add(normalizeType(t));
    }
    allowedTypes = Set.copyOf(types);
    Objects.requireNonNull(roleMapping, "roleMapping");
  }

  /** Settings that require {@code exp} (the form before {@code requireExpiration} existed). */
  public IssuerSettings(String issuer, KeySource keySource, AudienceMode audienceMode, Set<String> audiences,
      Set<String> algorithms, Duration clockSkew, Duration maxTokenLifetime, Set<String> allowedTypes,
      boolean allowLegacyKubernetesTokens, RoleMapping roleMapping) {
    this(issuer, keySource, audienceMode, audiences, algorithms, clockSkew, maxTokenLifetime, allowedTypes,
        allowLegacyKubernetesTokens, roleMapping, true);
  }

  static void checkAlgorithm(String alg) {
    if (JwsAlgorithm.isNone(alg)) {
      throw new IllegalArgumentException("algorithm 'none' is never accepted");
    }
    if (JwsAlgorithm.forName(alg) == null) {
      throw new IllegalArgumentException("unknown JWS algorithm '" + alg + "'; supported: RS256/384/512, "
          + "PS256/384/512, ES256/384/512, EdDSA, HS256/384/512");
    }
  }

  /** {@code typ} comparison form: lower case, without a leading {@code application/} (RFC 7515 section 4.1.9). */
  static String normalizeType(String typ) {
    String t = typ.toLowerCase(Locale.ROOT);
    return t.startsWith("application/") ? t.substring("application/".length()) : t;
  }

  /** A builder for the settings of one issuer. */
  public static Builder builder(String issuer) {
    return new Builder(issuer);
  }

  /** Safe to log. */
  @Override
  public String toString() {
    return "IssuerSettings[issuer=" + issuer + ", audienceMode=" + audienceMode + ", audiences=" + audiences
        + ", algorithms=" + algorithms + ", clockSkew=" + clockSkew + ", maxTokenLifetime=" + maxTokenLifetime
        + ", allowedTypes=" + allowedTypes + ", allowLegacyKubernetesTokens=" + allowLegacyKubernetesTokens
        + ", requireExpiration=" + requireExpiration + "]";
  }

  /**
   * Builds {@link IssuerSettings}. Each setting may be given once; a second call, or settings that
   * conflict (a key source and an HMAC secret, HS* without a secret), throw {@link IllegalStateException}.
   */
  public static final class Builder {
    private final String issuer;
    private KeySource keySource;
    private boolean hmac;
    private AudienceMode audienceMode;
    private Set<String> audiences;
    private Set<String> algorithms;
    private Duration clockSkew;
    private Duration maxTokenLifetime;
    private Set<String> allowedTypes;
    private Boolean allowLegacyKubernetesTokens;
    private RoleMapping roleMapping;
    private Boolean requireExpiration;

    private Builder(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    private static void requireUnset(Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set to " + current);
      }
    }

    /** Where the keys come from (a remote JWKS, OIDC discovery, Kubernetes, or {@link KeySource#of}). */
    public Builder keySource(KeySource source) {
      requireUnset(keySource, "keySource");
      keySource = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * A fixed key set: same as {@code keySource(KeySource.of(keys))}. HMAC secrets ({@code kty: oct}) in
     * it are configured secrets, as in an Istio inline {@code jwks}: unless {@link #algorithms} is given,
     * the allow-list then also holds the HS* algorithms they are long enough for.
     */
    public Builder jwks(JwkSet keys) {
      keySource(KeySource.of(keys));
      for (VerificationKey k : keys.keys()) {
        hmac |= k.kty().equals("oct");
      }
      return this;
    }

    /**
     * A shared HMAC secret (at least 32 bytes): the only way HS256/384/512 become acceptable. Unless
     * {@link #algorithms} is given, the allow-list becomes the HS* algorithms the secret is long enough for.
     */
    public Builder hmacSecret(byte[] secret) {
      keySource(KeySource.of(JwkSet.ofSecret(null, secret)));
      hmac = true;
      return this;
    }

    /** HMAC secrets from a JWK Set of {@code kty: oct} keys (see {@link JwkSet#parseSymmetric}). */
    public Builder hmacSecrets(JwkSet secrets) {
      for (VerificationKey k : secrets.keys()) {
        if (!k.kty().equals("oct")) {
          throw new IllegalArgumentException("hmacSecrets holds a non-oct key " + k);
        }
      }
      keySource(KeySource.of(secrets));
      hmac = true;
      return this;
    }

    /** Accepted {@code aud} values (any one must appear in the token's {@code aud}). */
    public Builder audiences(String... values) {
      return audiences(Arrays.asList(values));
    }

    /** Accepted {@code aud} values (any one must appear in the token's {@code aud}). */
    public Builder audiences(Collection<String> values) {
      setAudience(AudienceMode.AUD, values);
      return this;
    }

    /** Cognito mode: {@code client_id} must be one of these and {@code token_use} must be {@code access}. */
    public Builder cognitoClientIds(String... clientIds) {
      setAudience(AudienceMode.COGNITO_CLIENT_ID, Arrays.asList(clientIds));
      return this;
    }

    /** Do not check the audience at all. Must be chosen explicitly. */
    public Builder anyAudience() {
      setAudience(AudienceMode.ANY, Set.of());
      return this;
    }

    private void setAudience(AudienceMode mode, Collection<String> values) {
      requireUnset(audienceMode, "audience mode");
      if (mode != AudienceMode.ANY && values.isEmpty()) {
        throw new IllegalArgumentException("at least one audience is required");
      }
      audienceMode = mode;
      audiences = new LinkedHashSet<>(values);
    }

    /** The algorithm allow-list, replacing the default (RS*, PS*, ES*, EdDSA). */
    public Builder algorithms(String... algs) {
      requireUnset(algorithms, "algorithms");
      Set<String> set = new LinkedHashSet<>(Arrays.asList(algs));
      for (String alg : set) {
        checkAlgorithm(alg);
      }
      algorithms = set;
      return this;
    }

    /** Leeway for {@code exp}/{@code nbf}/{@code iat}, 0–300 s; default 60 s. */
    public Builder clockSkew(Duration skew) {
      requireUnset(clockSkew, "clockSkew");
      clockSkew = Objects.requireNonNull(skew, "skew");
      return this;
    }

    /** Reject tokens whose {@code exp - iat} exceeds this (e.g. year-long Kubernetes tokens). */
    public Builder maxTokenLifetime(Duration max) {
      requireUnset(maxTokenLifetime, "maxTokenLifetime");
      maxTokenLifetime = Objects.requireNonNull(max, "max");
      return this;
    }

    /** Require the header {@code typ} to be one of these (e.g. {@code "JWT", "at+jwt"}). */
    public Builder allowedTypes(String... types) {
      requireUnset(allowedTypes, "allowedTypes");
      allowedTypes = new LinkedHashSet<>(Arrays.asList(types));
      return this;
    }

    /** Accept legacy, non-expiring Kubernetes secret tokens (default {@code false}). */
    public Builder allowLegacyKubernetesTokens(boolean allow) {
      requireUnset(allowLegacyKubernetesTokens, "allowLegacyKubernetesTokens");
      allowLegacyKubernetesTokens = allow;
      return this;
    }

    /**
     * Whether tokens must carry {@code exp} (default {@code true}). Istio accepts a token without
     * {@code exp} as never expiring; {@code requireExpiration(false)} does the same for this issuer
     * only, for IdPs that issue such tokens. A token that has {@code exp} is always checked.
     */
    public Builder requireExpiration(boolean require) {
      requireUnset(requireExpiration, "requireExpiration");
      requireExpiration = require;
      return this;
    }

    /** Where roles are read from; default {@link RoleMapping#defaults()}. */
    public Builder roleMapping(RoleMapping mapping) {
      requireUnset(roleMapping, "roleMapping");
      roleMapping = Objects.requireNonNull(mapping, "mapping");
      return this;
    }

    /**
     * @throws IllegalStateException without a key source or an audience decision, or with HS* in the
     *     allow-list but no HMAC secret
     */
    public IssuerSettings build() {
      if (keySource == null) {
        throw new IllegalStateException("issuer " + issuer + " has no key source (keySource, jwks or hmacSecret)");
      }
      if (audienceMode == null) {
        throw new IllegalStateException("issuer " + issuer
            + " has no audience setting (audiences, cognitoClientIds or anyAudience)");
      }
      Set<String> algs = algorithms;
      if (algs == null) {
        algs = hmac ? hmacAlgorithms() : DEFAULT_ALGORITHMS;
      } else {
        for (String alg : algs) {
          if (HMAC_ALGORITHMS.contains(alg) && !hmac) {
            throw new IllegalStateException(alg + " requires an HMAC secret (hmacSecret) for issuer " + issuer);
          }
        }
      }
      return new IssuerSettings(issuer, keySource, audienceMode, audiences, algs,
          clockSkew == null ? DEFAULT_CLOCK_SKEW : clockSkew, maxTokenLifetime,
          allowedTypes == null ? Set.of() : allowedTypes,
          allowLegacyKubernetesTokens != null && allowLegacyKubernetesTokens,
          roleMapping == null ? RoleMapping.defaults() : roleMapping,
          requireExpiration == null || requireExpiration);
    }

    private Set<String> hmacAlgorithms() {
      // the secret's source is inline and already completed
      JwkSet set = keySource.keys().toCompletableFuture().join();
      Set<String> algs = new LinkedHashSet<>();
      for (VerificationKey k : set.keys()) {
        if (k.kty().equals("oct")) {
          algs.addAll(k.allowedAlgorithms());
        } else {
          algs.addAll(DEFAULT_ALGORITHMS); // an inline set may hold public keys beside its secrets
        }
      }
      return algs.isEmpty() ? Set.of("HS256") : algs;
    }
  }
}
