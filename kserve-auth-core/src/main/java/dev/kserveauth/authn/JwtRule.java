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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One trusted issuer and where its tokens are read from: an Istio {@code RequestAuthentication}
 * {@code jwtRules} entry plus kserve-auth's validation settings. Read from a
 * {@code RequestAuthentication} YAML file by {@link JwtRules#load(java.nio.file.Path)}, or built in
 * code by {@link #builder(String)}.
 *
 * <pre>{@code
 * JwtRule rule = JwtRule.builder("https://keycloak.example.com/realms/kserve")
 *     .discovery()                                  // or .jwksUri(...), .jwks(json), .pem(...), .kubernetes()
 *     .audiences("kserve")
 *     .fromHeader("x-jwt-assertion", "")            // replaces the default Authorization: Bearer / ?access_token
 *     .outputClaimToHeader("x-user", "sub")
 *     .build();
 * }</pre>
 *
 * @since 0.1
 * @param issuer the exact {@code iss} this rule accepts (required)
 * @param audiences accepted {@code aud} values; empty means no audience check (Istio semantics)
 * @param keys where the verification keys come from
 * @param fromHeaders header locations; see {@link #locations()} for the defaults
 * @param fromParams query parameter locations
 * @param fromCookies cookie locations
 * @param outputClaimToHeaders claims copied into request headers after success
 * @param outputPayloadToHeader header that receives the base64url payload, or {@code null}
 * @param forwardOriginalToken whether the token stays in the request for the application
 * @param timeout key fetch timeout (connect and read), or {@code null} for the default (2 s)
 * @param validation algorithm, time and claim settings
 * @param origin where the rule was defined ({@code file.yaml:12}, or {@code "builder"})
 */
public record JwtRule(
    String issuer,
    List<String> audiences,
    Keys keys,
    List<HeaderLocation> fromHeaders,
    List<String> fromParams,
    List<String> fromCookies,
    List<ClaimToHeader> outputClaimToHeaders,
    String outputPayloadToHeader,
    boolean forwardOriginalToken,
    Duration timeout,
    Validation validation,
    String origin) {

  /**
   * Header name and prefix (e.g. {@code Authorization} / {@code "Bearer "}).
   *
   * @param name the header name, stored in lower case
   * @param prefix the text before the token, e.g. {@code "Bearer "}; {@code ""} when the whole value is the token
   */
  public record HeaderLocation(String name, String prefix) {
    /**
     * Lower-cases the header name; a {@code null} prefix becomes {@code ""}.
     *
     * @param name the header name, stored in lower case
     * @param prefix the text before the token, e.g. {@code "Bearer "}; {@code ""} when the whole value is the token
     */
    public HeaderLocation {
      Objects.requireNonNull(name, "name");
      name = name.toLowerCase(Locale.ROOT);
      prefix = prefix == null ? "" : prefix;
    }
  }

  /**
   * A claim (dotted path for nested objects) copied into a header.
   *
   * @param header the header name, stored in lower case
   * @param claim the claim, e.g. {@code sub} or {@code realm_access.roles}
   */
  public record ClaimToHeader(String header, String claim) {
    /**
     * Lower-cases the header name.
     *
     * @param header the header name, stored in lower case
     * @param claim the claim, e.g. {@code sub} or {@code realm_access.roles}
     */
    public ClaimToHeader {
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(claim, "claim");
      header = header.toLowerCase(Locale.ROOT);
    }
  }

  /** Where keys come from. */
  public sealed interface Keys {
    /** A JWKS URL. */
    record JwksUri(String uri) implements Keys {}

    /** OIDC discovery at {@code discoveryUrl}, or at {@code <issuer>/.well-known/openid-configuration} when null. */
    record Discovery(String discoveryUrl) implements Keys {}

    /** An inline JWKS document. */
    record InlineJwks(String json) implements Keys {}

    /**
     * PEM public keys or certificates; each entry is one PEM text.
     *
     * @param pems the PEM texts
     */
    record Pem(List<String> pems) implements Keys {
      /**
       * Copies the list.
       *
       * @param pems the PEM texts
       */
      public Pem {
        pems = List.copyOf(pems);
      }
    }

    /**
     * A shared HMAC secret (HS256/384/512), resolved from an environment variable or file by the loader.
     *
     * @param kid the key id tokens must name, or {@code null} to match any
     * @param secret the secret bytes (copied in and out)
     * @param reference where the secret came from (e.g. {@code env:JWT_SECRET}), for logs; never the value
     */
    record HmacSecret(String kid, byte[] secret, String reference) implements Keys {
      /**
       * Copies the secret, so later changes to the caller's array do not reach it.
       *
       * @param kid the key id tokens must name, or {@code null} to match any
       * @param secret the secret bytes (copied in and out)
       * @param reference where the secret came from (e.g. {@code env:JWT_SECRET}), for logs; never the value
       */
      public HmacSecret {
        secret = secret.clone();
      }

      /**
       * The secret bytes.
       *
       * @return a fresh copy of the secret
       */
      @Override
      public byte[] secret() {
        return secret.clone();
      }

      /** Never prints the secret. */
      @Override
      public String toString() {
        return "HmacSecret[" + reference + "]";
      }

      @Override
      public boolean equals(Object o) {
        return o instanceof HmacSecret h && java.util.Arrays.equals(secret, h.secret) && Objects.equals(kid, h.kid);
      }

      @Override
      public int hashCode() {
        return java.util.Arrays.hashCode(secret);
      }
    }

    /**
     * The Kubernetes API server's service-account issuer: discovery at {@code apiServer}, keys from
     * {@code <apiServer>/openid/v1/jwks}, TLS trusting {@code caFile}, the pod's token as bearer.
     */
    record Kubernetes(String apiServer, Path caFile, Path tokenFile) implements Keys {}
  }

  /**
   * Validation settings of a rule. Empty / {@code null} values mean the library default.
   *
   * @param algorithms allowed JWS algorithms (empty: RS256/384/512, PS256/384/512, ES256/384/512, EdDSA,
   *     plus HS256/384/512 for the HMAC secrets of an inline key set)
   * @param clockSkew allowed skew for {@code exp}/{@code nbf}/{@code iat} (null: 60 s)
   * @param maxTokenLifetime maximum {@code exp - iat} (null: unlimited)
   * @param allowedTypes accepted {@code typ} header values (empty: any)
   * @param roleMapping the claim paths roles are read from (null: {@link RoleMapping#defaults()})
   * @param cognitoClientId accept the Cognito access-token {@code client_id} claim as audience
   * @param allowLegacyKubernetesTokens accept non-expiring secret-based service-account tokens
   * @param spaceDelimitedClaims extra claims split on spaces (Istio 1.28 {@code spaceDelimitedClaims})
   * @param requireExpiration whether tokens must carry {@code exp} (default {@code true}; Istio does not
   *     require it)
   */
  public record Validation(Set<String> algorithms, Duration clockSkew, Duration maxTokenLifetime, List<String> allowedTypes,
      RoleMapping roleMapping, boolean cognitoClientId, boolean allowLegacyKubernetesTokens,
      List<String> spaceDelimitedClaims, boolean requireExpiration) {
    /** The library defaults: every value empty or {@code null}, {@code exp} required. */
    public static final Validation DEFAULTS = new Validation(Set.of(), null, null, List.of(), null, false, false,
        List.of(), true);

    /**
     * Copies the collections.
     *
     * @param algorithms allowed JWS algorithms (empty: RS256/384/512, PS256/384/512, ES256/384/512, EdDSA,
     *     plus HS256/384/512 for the HMAC secrets of an inline key set)
     * @param clockSkew allowed skew for {@code exp}/{@code nbf}/{@code iat} (null: 60 s)
     * @param maxTokenLifetime maximum {@code exp - iat} (null: unlimited)
     * @param allowedTypes accepted {@code typ} header values (empty: any)
     * @param roleMapping the claim paths roles are read from (null: {@link RoleMapping#defaults()})
     * @param cognitoClientId accept the Cognito access-token {@code client_id} claim as audience
     * @param allowLegacyKubernetesTokens accept non-expiring secret-based service-account tokens
     * @param spaceDelimitedClaims extra claims split on spaces (Istio 1.28 {@code spaceDelimitedClaims})
     * @param requireExpiration whether tokens must carry {@code exp} (default {@code true}; Istio does not
     *     require it)
     */
    public Validation {
      algorithms = Set.copyOf(algorithms);
      allowedTypes = List.copyOf(allowedTypes);
      spaceDelimitedClaims = List.copyOf(spaceDelimitedClaims);
    }

    /**
     * Settings that require {@code exp} (the form before {@code requireExpiration} existed).
     *
     * @param algorithms allowed JWS algorithms (empty: the library default)
     * @param clockSkew allowed skew for {@code exp}/{@code nbf}/{@code iat} (null: 60 s)
     * @param maxTokenLifetime maximum {@code exp - iat} (null: unlimited)
     * @param allowedTypes accepted {@code typ} header values (empty: any)
     * @param roleMapping the claim paths roles are read from (null: {@link RoleMapping#defaults()})
     * @param cognitoClientId accept the Cognito access-token {@code client_id} claim as audience
     * @param allowLegacyKubernetesTokens accept non-expiring secret-based service-account tokens
     * @param spaceDelimitedClaims extra claims split on spaces
     */
    public Validation(Set<String> algorithms, Duration clockSkew, Duration maxTokenLifetime, List<String> allowedTypes,
        RoleMapping roleMapping, boolean cognitoClientId, boolean allowLegacyKubernetesTokens,
        List<String> spaceDelimitedClaims) {
      this(algorithms, clockSkew, maxTokenLifetime, allowedTypes, roleMapping, cognitoClientId, allowLegacyKubernetesTokens,
          spaceDelimitedClaims, true);
    }

    /**
     * These settings with {@code requireExpiration} replaced.
     *
     * @param require whether tokens must carry {@code exp}
     * @return a copy of these settings with only {@code requireExpiration} changed
     */
    public Validation withRequireExpiration(boolean require) {
      return new Validation(algorithms, clockSkew, maxTokenLifetime, allowedTypes, roleMapping, cognitoClientId,
          allowLegacyKubernetesTokens, spaceDelimitedClaims, require);
    }
  }

  /** The default locations of a rule that names none (Envoy): {@code Authorization: Bearer } and {@code ?access_token=}. */
  public static final List<TokenLocation> DEFAULT_LOCATIONS = List.of(
      new TokenLocation(TokenLocation.Kind.HEADER, "authorization"),
      new TokenLocation(TokenLocation.Kind.QUERY_PARAM, "access_token"));

  /**
   * Copies the lists; a {@code null} validation becomes {@link Validation#DEFAULTS} and a {@code null}
   * origin {@code "builder"}.
   *
   * @param issuer the exact {@code iss} this rule accepts (required)
   * @param audiences accepted {@code aud} values; empty means no audience check (Istio semantics)
   * @param keys where the verification keys come from
   * @param fromHeaders header locations; see {@link #locations()} for the defaults
   * @param fromParams query parameter locations
   * @param fromCookies cookie locations
   * @param outputClaimToHeaders claims copied into request headers after success
   * @param outputPayloadToHeader header that receives the base64url payload, or {@code null}
   * @param forwardOriginalToken whether the token stays in the request for the application
   * @param timeout key fetch timeout (connect and read), or {@code null} for the default (2 s)
   * @param validation algorithm, time and claim settings
   * @param origin where the rule was defined ({@code file.yaml:12}, or {@code "builder"})
   * @throws NullPointerException if {@code issuer}, {@code keys} or a list is {@code null}
   * @throws IllegalArgumentException if {@code issuer} is empty
   */
  public JwtRule {
    Objects.requireNonNull(issuer, "issuer");
    if (issuer.isEmpty()) {
      throw new IllegalArgumentException("issuer must not be empty");
    }
    audiences = List.copyOf(audiences);
    Objects.requireNonNull(keys, "keys");
    fromHeaders = List.copyOf(fromHeaders);
    fromParams = List.copyOf(fromParams);
    fromCookies = List.copyOf(fromCookies);
    outputClaimToHeaders = List.copyOf(outputClaimToHeaders);
    validation = validation == null ? Validation.DEFAULTS : validation;
    origin = origin == null ? "builder" : origin;
  }

  /**
   * Whether the rule names no location, so the Envoy defaults apply.
   *
   * @return {@code true} when no header, parameter or cookie location is configured
   */
  public boolean usesDefaultLocations() {
    return fromHeaders.isEmpty() && fromParams.isEmpty() && fromCookies.isEmpty();
  }

  /**
   * The header locations in effect (the default {@code Authorization: "Bearer "} when the rule names none).
   *
   * @return the header locations; empty when the rule reads only parameters or cookies
   */
  public List<HeaderLocation> effectiveHeaders() {
    return usesDefaultLocations() ? List.of(new HeaderLocation("authorization", "Bearer ")) : fromHeaders;
  }

  /**
   * The query parameters in effect ({@code access_token} when the rule names no location).
   *
   * @return the parameter names, possibly empty
   */
  public List<String> effectiveParams() {
    return usesDefaultLocations() ? List.of("access_token") : fromParams;
  }

  /**
   * Every location this rule reads, headers first, then parameters, then cookies.
   *
   * @return the locations in the order they are tried
   */
  public List<TokenLocation> locations() {
    List<TokenLocation> out = new ArrayList<>();
    effectiveHeaders().forEach(h -> out.add(new TokenLocation(TokenLocation.Kind.HEADER, h.name())));
    effectiveParams().forEach(p -> out.add(new TokenLocation(TokenLocation.Kind.QUERY_PARAM, p)));
    fromCookies.forEach(c -> out.add(new TokenLocation(TokenLocation.Kind.COOKIE, c)));
    return List.copyOf(out);
  }

  /**
   * Header names this rule may set ({@code outputClaimToHeaders}, {@code outputPayloadToHeader}), lower case.
   *
   * @return the lower-case header names, possibly empty
   */
  public Set<String> outputHeaderNames() {
    Set<String> out = new LinkedHashSet<>();
    outputClaimToHeaders.forEach(c -> out.add(c.header()));
    if (outputPayloadToHeader != null && !outputPayloadToHeader.isEmpty()) {
      out.add(outputPayloadToHeader.toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /**
   * A builder for a rule of this issuer. Keys default to OIDC discovery.
   *
   * @param issuer the exact {@code iss} the rule accepts
   * @return a new builder
   */
  public static JwtRuleBuilder builder(String issuer) {
    return new JwtRuleBuilder(issuer);
  }

}
