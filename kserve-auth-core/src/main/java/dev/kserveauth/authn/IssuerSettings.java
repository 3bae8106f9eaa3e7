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
 * @since 0.1
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

  /**
   * Validates the settings and copies the sets; {@code allowedTypes} are normalised (lower case,
   * without {@code application/}).
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
   * @throws NullPointerException if {@code issuer}, {@code keySource}, {@code audienceMode}, {@code clockSkew}
   *     or {@code roleMapping} is {@code null}
   * @throws IllegalArgumentException if {@code issuer} is empty, the audiences do not fit {@code audienceMode},
   *     the algorithm list is empty or holds {@code none} or an unknown algorithm, {@code clockSkew} is outside
   *     0–300 s, or {@code maxTokenLifetime} is not positive
   */
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

  /**
   * Settings that require {@code exp} (the form before {@code requireExpiration} existed).
   *
   * @param issuer the exact {@code iss} value
   * @param keySource where the issuer's keys come from
   * @param audienceMode how the audience is checked
   * @param audiences accepted {@code aud} or {@code client_id} values; empty only with {@link AudienceMode#ANY}
   * @param algorithms accepted JWS {@code alg} values
   * @param clockSkew leeway for {@code exp}, {@code nbf} and {@code iat}, 0–300 s
   * @param maxTokenLifetime the longest {@code exp - iat}, or {@code null} for no limit
   * @param allowedTypes accepted header {@code typ} values; empty for any
   * @param allowLegacyKubernetesTokens accept legacy secret-based Kubernetes service-account tokens
   * @param roleMapping where roles are read from
   */
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

  /**
   * A builder for the settings of one issuer.
   *
   * @param issuer the exact {@code iss} value the settings are for
   * @return a new builder
   */
  public static IssuerSettingsBuilder builder(String issuer) {
    return new IssuerSettingsBuilder(issuer);
  }

  /** Safe to log. */
  @Override
  public String toString() {
    return "IssuerSettings[issuer=" + issuer + ", audienceMode=" + audienceMode + ", audiences=" + audiences
        + ", algorithms=" + algorithms + ", clockSkew=" + clockSkew + ", maxTokenLifetime=" + maxTokenLifetime
        + ", allowedTypes=" + allowedTypes + ", allowLegacyKubernetesTokens=" + allowLegacyKubernetesTokens
        + ", requireExpiration=" + requireExpiration + "]";
  }

}
