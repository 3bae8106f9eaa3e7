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
package dev.kserveauth.client;

import dev.kserveauth.client.OAuth2ClientCredentialsProvider.ClientAuthentication;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Builder for {@link OAuth2ClientCredentialsProvider}.
 *
 * @since 0.1
 */
public final class OAuth2ClientCredentialsProviderBuilder {
  HttpUrl issuer;
  HttpUrl tokenEndpoint;
  String clientId;
  String clientSecret;
  ClientAuthentication auth = ClientAuthentication.CLIENT_SECRET_BASIC;
  final Map<String, String> parameters = new LinkedHashMap<>();
  Duration refreshBefore = Duration.ofSeconds(60);
  Duration defaultLifetime = Duration.ofMinutes(5);
  Duration timeout = Duration.ofSeconds(10);
  Clock clock = Clock.systemUTC();
  OkHttpClient http;

  OAuth2ClientCredentialsProviderBuilder() {}

  /** Token endpoint URL, e.g. Keycloak's {@code {issuer}/protocol/openid-connect/token}. */
  public OAuth2ClientCredentialsProviderBuilder tokenEndpoint(String url) {
    if (issuer != null) {
      throw new IllegalStateException("issuer was already set to " + issuer + "; set either issuer or tokenEndpoint");
    }
    this.tokenEndpoint = HttpUrl.get(url);
    return this;
  }

  /** Issuer URL; the token endpoint is read from its OIDC discovery document. */
  public OAuth2ClientCredentialsProviderBuilder issuer(String url) {
    if (tokenEndpoint != null) {
      throw new IllegalStateException("tokenEndpoint was already set to " + tokenEndpoint
          + "; set either issuer or tokenEndpoint");
    }
    this.issuer = HttpUrl.get(url);
    return this;
  }

  /** OAuth2 client id (required). */
  public OAuth2ClientCredentialsProviderBuilder clientId(String clientId) {
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    return this;
  }

  /** OAuth2 client secret (required). */
  public OAuth2ClientCredentialsProviderBuilder clientSecret(String clientSecret) {
    this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
    return this;
  }

  /** How the client authenticates at the token endpoint (default {@code client_secret_basic}). */
  public OAuth2ClientCredentialsProviderBuilder clientAuthentication(ClientAuthentication auth) {
    this.auth = Objects.requireNonNull(auth, "auth");
    return this;
  }

  /** {@code scope} parameter, space-separated (Cognito, Keycloak). */
  public OAuth2ClientCredentialsProviderBuilder scopes(String... scopes) {
    return parameter("scope", String.join(" ", List.of(scopes)));
  }

  /** {@code audience} parameter (Auth0's API identifier). */
  public OAuth2ClientCredentialsProviderBuilder audience(String audience) {
    return parameter("audience", audience);
  }

  /** Any extra form parameter ({@code resource}, ...). */
  public OAuth2ClientCredentialsProviderBuilder parameter(String name, String value) {
    if (Objects.requireNonNull(name, "name").equals("grant_type")) {
      throw new IllegalArgumentException("grant_type is always client_credentials");
    }
    parameters.put(name, Objects.requireNonNull(value, "value"));
    return this;
  }

  /** Fetch a new token this long before {@code expires_in} runs out (default 60 s). */
  public OAuth2ClientCredentialsProviderBuilder refreshBefore(Duration refreshBefore) {
    this.refreshBefore = Objects.requireNonNull(refreshBefore, "refreshBefore");
    return this;
  }

  /** Lifetime assumed when the answer has neither {@code expires_in} nor a JWT {@code exp}. */
  public OAuth2ClientCredentialsProviderBuilder defaultLifetime(Duration defaultLifetime) {
    this.defaultLifetime = Objects.requireNonNull(defaultLifetime, "defaultLifetime");
    return this;
  }

  /** Timeout of one token request (default 10 s). */
  public OAuth2ClientCredentialsProviderBuilder timeout(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /** Clock for expiry checks (default UTC system clock). */
  public OAuth2ClientCredentialsProviderBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** Base OkHttp client (for a custom CA, proxy, pool). */
  public OAuth2ClientCredentialsProviderBuilder okHttpClient(OkHttpClient http) {
    this.http = Objects.requireNonNull(http, "http");
    return this;
  }

  /** The provider; fails when neither issuer nor token endpoint, or no client id or secret, is set. */
  public OAuth2ClientCredentialsProvider build() {
    if (issuer == null && tokenEndpoint == null) {
      throw new IllegalStateException("set tokenEndpoint or issuer");
    }
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalStateException("clientId is not set");
    }
    if (clientSecret == null) {
      throw new IllegalStateException("clientSecret is not set");
    }
    return new OAuth2ClientCredentialsProvider(this);
  }
}
