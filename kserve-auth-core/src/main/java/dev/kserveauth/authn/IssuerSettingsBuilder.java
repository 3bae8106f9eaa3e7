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

import static dev.kserveauth.authn.IssuerSettings.DEFAULT_ALGORITHMS;
import static dev.kserveauth.authn.IssuerSettings.DEFAULT_CLOCK_SKEW;
import static dev.kserveauth.authn.IssuerSettings.HMAC_ALGORITHMS;
import static dev.kserveauth.authn.IssuerSettings.checkAlgorithm;

import dev.kserveauth.authn.IssuerSettings.AudienceMode;

import dev.kserveauth.internal.jws.JwsAlgorithm;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Builds {@link IssuerSettings}. Each setting may be given once; a second call, or settings that
 * conflict (a key source and an HMAC secret, HS* without a secret), throw {@link IllegalStateException}.
 *
 * @since 0.1
 */
public final class IssuerSettingsBuilder {
  final String issuer;
  KeySource keySource;
  boolean hmac;
  AudienceMode audienceMode;
  Set<String> audiences;
  Set<String> algorithms;
  Duration clockSkew;
  Duration maxTokenLifetime;
  Set<String> allowedTypes;
  Boolean allowLegacyKubernetesTokens;
  RoleMapping roleMapping;
  Boolean requireExpiration;

  IssuerSettingsBuilder(String issuer) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
  }

  private static void requireUnset(Object current, String name) {
    if (current != null) {
      throw new IllegalStateException(name + " was already set to " + current);
    }
  }

  /**
   * Where the keys come from (a remote JWKS, OIDC discovery, Kubernetes, or {@link KeySource#of}).
   *
   * @param source the key source
   * @return this builder
   * @throws IllegalStateException if a key source (or {@code jwks}, {@code hmacSecret}) was already set
   */
  public IssuerSettingsBuilder keySource(KeySource source) {
    requireUnset(keySource, "keySource");
    keySource = Objects.requireNonNull(source, "source");
    return this;
  }

  /**
   * A fixed key set: same as {@code keySource(KeySource.of(keys))}. HMAC secrets ({@code kty: oct}) in
   * it are configured secrets, as in an Istio inline {@code jwks}: unless {@link #algorithms} is given,
   * the allow-list then also holds the HS* algorithms they are long enough for.
   *
   * @param keys the verification keys
   * @return this builder
   * @throws IllegalStateException if a key source was already set
   */
  public IssuerSettingsBuilder jwks(JwkSet keys) {
    keySource(KeySource.of(keys));
    for (VerificationKey k : keys.keys()) {
      hmac |= k.kty().equals("oct");
    }
    return this;
  }

  /**
   * A shared HMAC secret (at least 32 bytes): the only way HS256/384/512 become acceptable. Unless
   * {@link #algorithms} is given, the allow-list becomes the HS* algorithms the secret is long enough for.
   *
   * @param secret the raw secret bytes, at least 32
   * @return this builder
   * @throws IllegalStateException if a key source was already set
   */
  public IssuerSettingsBuilder hmacSecret(byte[] secret) {
    keySource(KeySource.of(JwkSet.ofSecret(null, secret)));
    hmac = true;
    return this;
  }

  /**
   * HMAC secrets from a JWK Set of {@code kty: oct} keys (see {@link JwkSet#parseSymmetric}).
   *
   * @param secrets a key set holding only {@code kty: oct} keys
   * @return this builder
   * @throws IllegalArgumentException if a key in {@code secrets} is not {@code kty: oct}
   * @throws IllegalStateException if a key source was already set
   */
  public IssuerSettingsBuilder hmacSecrets(JwkSet secrets) {
    for (VerificationKey k : secrets.keys()) {
      if (!k.kty().equals("oct")) {
        throw new IllegalArgumentException("hmacSecrets holds a non-oct key " + k);
      }
    }
    keySource(KeySource.of(secrets));
    hmac = true;
    return this;
  }

  /**
   * Accepted {@code aud} values (any one must appear in the token's {@code aud}).
   *
   * @param values the accepted audiences, at least one
   * @return this builder
   * @throws IllegalArgumentException if {@code values} is empty
   * @throws IllegalStateException if an audience setting was already chosen
   */
  public IssuerSettingsBuilder audiences(String... values) {
    return audiences(Arrays.asList(values));
  }

  /**
   * Accepted {@code aud} values (any one must appear in the token's {@code aud}).
   *
   * @param values the accepted audiences, at least one
   * @return this builder
   * @throws IllegalArgumentException if {@code values} is empty
   * @throws IllegalStateException if an audience setting was already chosen
   */
  public IssuerSettingsBuilder audiences(Collection<String> values) {
    setAudience(AudienceMode.AUD, values);
    return this;
  }

  /**
   * Cognito mode: {@code client_id} must be one of these and {@code token_use} must be {@code access}.
   *
   * @param clientIds the accepted app client ids, at least one
   * @return this builder
   * @throws IllegalArgumentException if {@code clientIds} is empty
   * @throws IllegalStateException if an audience setting was already chosen
   */
  public IssuerSettingsBuilder cognitoClientIds(String... clientIds) {
    setAudience(AudienceMode.COGNITO_CLIENT_ID, Arrays.asList(clientIds));
    return this;
  }

  /**
   * Do not check the audience at all. Must be chosen explicitly.
   *
   * @return this builder
   * @throws IllegalStateException if an audience setting was already chosen
   */
  public IssuerSettingsBuilder anyAudience() {
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

  /**
   * The algorithm allow-list, replacing the default (RS*, PS*, ES*, EdDSA).
   *
   * @param algs JOSE algorithm names, e.g. {@code RS256}, {@code ES256}
   * @return this builder
   * @throws IllegalArgumentException if an algorithm is {@code none} or unknown
   * @throws IllegalStateException if the algorithms were already set
   */
  public IssuerSettingsBuilder algorithms(String... algs) {
    requireUnset(algorithms, "algorithms");
    Set<String> set = new LinkedHashSet<>(Arrays.asList(algs));
    for (String alg : set) {
      checkAlgorithm(alg);
    }
    algorithms = set;
    return this;
  }

  /**
   * Leeway for {@code exp}/{@code nbf}/{@code iat}, 0–300 s; default 60 s.
   *
   * @param skew the leeway
   * @return this builder
   * @throws IllegalStateException if the clock skew was already set
   */
  public IssuerSettingsBuilder clockSkew(Duration skew) {
    requireUnset(clockSkew, "clockSkew");
    clockSkew = Objects.requireNonNull(skew, "skew");
    return this;
  }

  /**
   * Reject tokens whose {@code exp - iat} exceeds this (e.g. year-long Kubernetes tokens).
   *
   * @param max the longest accepted token lifetime
   * @return this builder
   * @throws IllegalStateException if the maximum lifetime was already set
   */
  public IssuerSettingsBuilder maxTokenLifetime(Duration max) {
    requireUnset(maxTokenLifetime, "maxTokenLifetime");
    maxTokenLifetime = Objects.requireNonNull(max, "max");
    return this;
  }

  /**
   * Require the header {@code typ} to be one of these (e.g. {@code "JWT", "at+jwt"}).
   *
   * @param types the accepted {@code typ} values
   * @return this builder
   * @throws IllegalStateException if the types were already set
   */
  public IssuerSettingsBuilder allowedTypes(String... types) {
    requireUnset(allowedTypes, "allowedTypes");
    allowedTypes = new LinkedHashSet<>(Arrays.asList(types));
    return this;
  }

  /**
   * Accept legacy, non-expiring Kubernetes secret tokens (default {@code false}).
   *
   * @param allow {@code true} to accept them
   * @return this builder
   * @throws IllegalStateException if this was already set
   */
  public IssuerSettingsBuilder allowLegacyKubernetesTokens(boolean allow) {
    requireUnset(allowLegacyKubernetesTokens, "allowLegacyKubernetesTokens");
    allowLegacyKubernetesTokens = allow;
    return this;
  }

  /**
   * Whether tokens must carry {@code exp} (default {@code true}). Istio accepts a token without
   * {@code exp} as never expiring; {@code requireExpiration(false)} does the same for this issuer
   * only, for IdPs that issue such tokens. A token that has {@code exp} is always checked.
   *
   * @param require {@code false} to accept tokens without {@code exp}
   * @return this builder
   * @throws IllegalStateException if this was already set
   */
  public IssuerSettingsBuilder requireExpiration(boolean require) {
    requireUnset(requireExpiration, "requireExpiration");
    requireExpiration = require;
    return this;
  }

  /**
   * Where roles are read from; default {@link RoleMapping#defaults()}.
   *
   * @param mapping the role mapping
   * @return this builder
   * @throws IllegalStateException if the role mapping was already set
   */
  public IssuerSettingsBuilder roleMapping(RoleMapping mapping) {
    requireUnset(roleMapping, "roleMapping");
    roleMapping = Objects.requireNonNull(mapping, "mapping");
    return this;
  }

  /**
   * @return the issuer's settings
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
