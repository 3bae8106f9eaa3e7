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

import dev.kserveauth.authn.JwtRule.ClaimToHeader;
import dev.kserveauth.authn.JwtRule.HeaderLocation;
import dev.kserveauth.authn.JwtRule.Keys;
import dev.kserveauth.authn.JwtRule.Validation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Fluent builder; every list setter adds.
 *
 * @since 0.1
 */
public final class JwtRuleBuilder {
  final String issuer;
  private final List<String> audiences = new ArrayList<>();
  Keys keys;
  private final List<HeaderLocation> headers = new ArrayList<>();
  private final List<String> params = new ArrayList<>();
  private final List<String> cookies = new ArrayList<>();
  private final List<ClaimToHeader> claimHeaders = new ArrayList<>();
  String payloadHeader;
  boolean forward;
  Duration timeout;
  Validation validation = Validation.DEFAULTS;
  String origin = "builder";

  JwtRuleBuilder(String issuer) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
  }

  private JwtRuleBuilder keys(Keys k) {
    if (keys != null) {
      throw new IllegalStateException("keys were already set to " + keys);
    }
    keys = k;
    return this;
  }

  /**
   * Keys from a JWKS URL (Istio {@code jwksUri}).
   *
   * @param uri the JWKS URL
   * @return this builder
   * @throws IllegalStateException if the keys were already set
   */
  public JwtRuleBuilder jwksUri(String uri) {
    return keys(new Keys.JwksUri(uri));
  }

  /**
   * Keys from OIDC discovery at {@code <issuer>/.well-known/openid-configuration} (the default).
   *
   * @return this builder
   * @throws IllegalStateException if the keys were already set
   */
  public JwtRuleBuilder discovery() {
    return keys(new Keys.Discovery(null));
  }

  /**
   * Keys from OIDC discovery at another URL.
   *
   * @param discoveryUrl the discovery document URL
   * @return this builder
   * @throws IllegalStateException if the keys were already set
   */
  public JwtRuleBuilder discovery(String discoveryUrl) {
    return keys(new Keys.Discovery(discoveryUrl));
  }

  /**
   * Keys from an inline JWKS document (Istio {@code jwks}).
   *
   * @param inlineJwksJson the JWK Set JSON
   * @return this builder
   * @throws IllegalStateException if the keys were already set
   */
  public JwtRuleBuilder jwks(String inlineJwksJson) {
    return keys(new Keys.InlineJwks(inlineJwksJson));
  }

  /**
   * Keys from PEM public keys or certificates.
   *
   * @param pems one PEM text per key
   * @return this builder
   * @throws IllegalStateException if the keys were already set
   */
  public JwtRuleBuilder pem(String... pems) {
    return keys(new Keys.Pem(List.of(pems)));
  }

  /**
   * A shared HMAC secret (HS256/384/512).
   *
   * @param kid the key id tokens must name, or {@code null} to match any
   * @param secret the secret bytes (copied)
   * @return this builder
   * @throws IllegalStateException if the keys were already set
   */
  public JwtRuleBuilder hmacSecret(String kid, byte[] secret) {
    return keys(new Keys.HmacSecret(kid, secret, "builder"));
  }

  /**
   * For loaders: an HMAC secret with a description of where it came from (never the value).
   *
   * @param kid the key id tokens must name, or {@code null} to match any
   * @param secret the secret bytes (copied)
   * @param reference where the secret came from, e.g. {@code env:JWT_SECRET}; shown in logs and errors
   * @return this builder
   * @throws IllegalStateException if the keys were already set
   */
  public JwtRuleBuilder hmacSecret(String kid, byte[] secret, String reference) {
    return keys(new Keys.HmacSecret(kid, secret, reference));
  }

  /**
   * The in-cluster Kubernetes issuer with the default API server, CA file and token file.
   *
   * @return this builder
   * @throws IllegalStateException if the keys were already set
   */
  public JwtRuleBuilder kubernetes() {
    return keys(new Keys.Kubernetes(null, null, null));
  }

  /**
   * The Kubernetes service-account issuer at a given API server.
   *
   * @param apiServer the API server base URL, or {@code null} for {@code https://kubernetes.default.svc}
   * @param caFile the CA bundle, or {@code null} for the pod's {@code ca.crt}
   * @param tokenFile the bearer token file, or {@code null} for the pod's service-account token
   * @return this builder
   * @throws IllegalStateException if the keys were already set
   */
  public JwtRuleBuilder kubernetes(String apiServer, Path caFile, Path tokenFile) {
    return keys(new Keys.Kubernetes(apiServer, caFile, tokenFile));
  }

  /**
   * Adds accepted {@code aud} values; with none the audience is not checked (Istio semantics).
   *
   * @param values the audiences to add
   * @return this builder
   */
  public JwtRuleBuilder audiences(String... values) {
    audiences.addAll(List.of(values));
    return this;
  }

  /**
   * Adds a header the token is read from; naming any location replaces the defaults.
   *
   * @param name the header name (case-insensitive)
   * @param prefix the text before the token, e.g. {@code "Bearer "}, or {@code null} for none
   * @return this builder
   */
  public JwtRuleBuilder fromHeader(String name, String prefix) {
    headers.add(new HeaderLocation(name, prefix));
    return this;
  }

  /**
   * Adds a query parameter the token is read from; naming any location replaces the defaults.
   *
   * @param name the parameter name
   * @return this builder
   */
  public JwtRuleBuilder fromParam(String name) {
    params.add(name);
    return this;
  }

  /**
   * Adds a cookie the token is read from; naming any location replaces the defaults.
   *
   * @param name the cookie name
   * @return this builder
   */
  public JwtRuleBuilder fromCookie(String name) {
    cookies.add(name);
    return this;
  }

  /**
   * Adds a claim copied into a request header after successful authentication.
   *
   * @param header the header name (case-insensitive)
   * @param claim the claim, a dotted path for nested objects
   * @return this builder
   */
  public JwtRuleBuilder outputClaimToHeader(String header, String claim) {
    claimHeaders.add(new ClaimToHeader(header, claim));
    return this;
  }

  /**
   * The header that receives the token's base64url payload after successful authentication.
   *
   * @param header the header name, or {@code null} for none
   * @return this builder
   */
  public JwtRuleBuilder outputPayloadToHeader(String header) {
    payloadHeader = header;
    return this;
  }

  /**
   * Whether the token stays in the request for the application (default {@code false}: removed).
   *
   * @param value {@code true} to forward it
   * @return this builder
   */
  public JwtRuleBuilder forwardOriginalToken(boolean value) {
    forward = value;
    return this;
  }

  /**
   * The key fetch timeout, connect and read.
   *
   * @param value the timeout, or {@code null} for the default (2 s)
   * @return this builder
   */
  public JwtRuleBuilder timeout(Duration value) {
    timeout = value;
    return this;
  }

  /**
   * The algorithm, time and claim settings (default {@link Validation#DEFAULTS}).
   *
   * @param value the settings
   * @return this builder
   */
  public JwtRuleBuilder validation(Validation value) {
    validation = Objects.requireNonNull(value, "validation");
    return this;
  }

  /**
   * Where the rule was defined, for error messages (default {@code "builder"}).
   *
   * @param value e.g. {@code file.yaml:12}
   * @return this builder
   */
  public JwtRuleBuilder origin(String value) {
    origin = value;
    return this;
  }

  /**
   * Builds the rule; keys default to OIDC discovery.
   *
   * @return the rule
   * @throws IllegalArgumentException if the issuer is empty
   */
  public JwtRule build() {
    return new JwtRule(issuer, audiences, keys == null ? new Keys.Discovery(null) : keys, headers, params, cookies,
        claimHeaders, payloadHeader, forward, timeout, validation, origin);
  }
}
