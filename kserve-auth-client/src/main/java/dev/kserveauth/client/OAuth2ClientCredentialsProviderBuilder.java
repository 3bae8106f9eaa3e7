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
 * Builder for {@link OAuth2ClientCredentialsProvider}, from {@link
 * OAuth2ClientCredentialsProvider#builder()}. Set either {@link #tokenEndpoint(String)} or {@link
 * #issuer(String)}, plus {@link #clientId(String)} and {@link #clientSecret(String)}; everything
 * else has a default. Setters check their argument at once (a {@code null} throws {@link
 * NullPointerException} naming it); {@link #build()} checks that the required settings are there.
 * A builder is not thread-safe; the provider it builds is.
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

  /**
   * The token endpoint URL, e.g. Keycloak's {@code {issuer}/protocol/openid-connect/token}. The
   * alternative to {@link #issuer(String)}: set one of the two.
   *
   * @param url an absolute {@code http} or {@code https} URL
   * @return this builder
   * @throws IllegalArgumentException when {@code url} is not a valid http(s) URL
   * @throws IllegalStateException when {@link #issuer(String)} was already set
   */
  public OAuth2ClientCredentialsProviderBuilder tokenEndpoint(String url) {
    if (issuer != null) {
      throw new IllegalStateException("issuer was already set to " + issuer + "; set either issuer or tokenEndpoint");
    }
    this.tokenEndpoint = HttpUrl.get(url);
    return this;
  }

  /**
   * The issuer URL; the token endpoint is read from {@code {issuer}/.well-known/openid-configuration}
   * on the first token fetch (not here, not in {@link #build()}), and then kept. A discovery that
   * fails surfaces as {@link TokenProviderException} from that fetch and is tried again on the next.
   * The alternative to {@link #tokenEndpoint(String)}: set one of the two.
   *
   * @param url the issuer, an absolute {@code http} or {@code https} URL
   * @return this builder
   * @throws IllegalArgumentException when {@code url} is not a valid http(s) URL
   * @throws IllegalStateException when {@link #tokenEndpoint(String)} was already set
   */
  public OAuth2ClientCredentialsProviderBuilder issuer(String url) {
    if (tokenEndpoint != null) {
      throw new IllegalStateException("tokenEndpoint was already set to " + tokenEndpoint
          + "; set either issuer or tokenEndpoint");
    }
    this.issuer = HttpUrl.get(url);
    return this;
  }

  /**
   * The OAuth2 client id (required). It appears in log lines and exception messages; the secret
   * never does.
   *
   * @param clientId the client id, not blank ({@link #build()} checks)
   * @return this builder
   */
  public OAuth2ClientCredentialsProviderBuilder clientId(String clientId) {
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    return this;
  }

  /**
   * The OAuth2 client secret (required). Kept in memory for the provider's life and sent on every
   * grant; never logged nor put in an exception message.
   *
   * @param clientSecret the secret
   * @return this builder
   */
  public OAuth2ClientCredentialsProviderBuilder clientSecret(String clientSecret) {
    this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
    return this;
  }

  /**
   * How the client authenticates at the token endpoint (default {@link
   * ClientAuthentication#CLIENT_SECRET_BASIC}).
   *
   * @param auth HTTP Basic or form fields
   * @return this builder
   */
  public OAuth2ClientCredentialsProviderBuilder clientAuthentication(ClientAuthentication auth) {
    this.auth = Objects.requireNonNull(auth, "auth");
    return this;
  }

  /**
   * The {@code scope} form parameter (Cognito, Keycloak), the scopes joined with spaces. Calling it
   * again replaces the earlier scopes.
   *
   * @param scopes the scope names
   * @return this builder
   */
  public OAuth2ClientCredentialsProviderBuilder scopes(String... scopes) {
    return parameter("scope", String.join(" ", List.of(scopes)));
  }

  /**
   * The {@code audience} form parameter (Auth0's API identifier). Shorthand for {@code
   * parameter("audience", audience)}.
   *
   * @param audience the audience
   * @return this builder
   */
  public OAuth2ClientCredentialsProviderBuilder audience(String audience) {
    return parameter("audience", audience);
  }

  /**
   * Any extra form parameter of the grant request ({@code resource}, ...), sent in the order set;
   * setting a name again replaces its value.
   *
   * @param name the parameter name; {@code grant_type} is refused, it is always {@code
   *     client_credentials}
   * @param value the value
   * @return this builder
   * @throws IllegalArgumentException when {@code name} is {@code grant_type}
   */
  public OAuth2ClientCredentialsProviderBuilder parameter(String name, String value) {
    if (Objects.requireNonNull(name, "name").equals("grant_type")) {
      throw new IllegalArgumentException("grant_type is always client_credentials");
    }
    parameters.put(name, Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * Fetch a new token this long before {@code expires_in} runs out (default 60 s); see {@link
   * CachingTokenProviderBuilder#refreshBefore(Duration)} for tokens that live shorter than that.
   *
   * @param refreshBefore the margin, not negative ({@link #build()} throws {@link
   *     IllegalArgumentException} otherwise)
   * @return this builder
   */
  public OAuth2ClientCredentialsProviderBuilder refreshBefore(Duration refreshBefore) {
    this.refreshBefore = Objects.requireNonNull(refreshBefore, "refreshBefore");
    return this;
  }

  /**
   * The lifetime assumed, from when the request was sent, when the answer has neither {@code
   * expires_in} nor a JWT {@code exp} (default 5 minutes).
   *
   * @param defaultLifetime the assumed lifetime
   * @return this builder
   */
  public OAuth2ClientCredentialsProviderBuilder defaultLifetime(Duration defaultLifetime) {
    this.defaultLifetime = Objects.requireNonNull(defaultLifetime, "defaultLifetime");
    return this;
  }

  /**
   * The timeout of one HTTP call to the token or discovery endpoint, as OkHttp's call timeout
   * (default 10 s); a timeout surfaces as {@link TokenProviderException}.
   *
   * @param timeout the timeout; zero means none
   * @return this builder
   */
  public OAuth2ClientCredentialsProviderBuilder timeout(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /**
   * The clock for expiry and refresh checks (default the UTC system clock); tests pass a fixed one.
   *
   * @param clock the clock
   * @return this builder
   */
  public OAuth2ClientCredentialsProviderBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * The OkHttp client the grant and discovery calls derive from, to share a connection pool or set
   * a custom CA or proxy (default a new {@code OkHttpClient}). The provider builds its own client
   * from it with {@link #timeout(Duration)}; the one given is not changed.
   *
   * @param http the base client
   * @return this builder
   */
  public OAuth2ClientCredentialsProviderBuilder okHttpClient(OkHttpClient http) {
    this.http = Objects.requireNonNull(http, "http");
    return this;
  }

  /**
   * Builds the provider. No request is made here: discovery and the first grant run on the first
   * {@link TokenProvider#token()}.
   *
   * @return a new provider
   * @throws IllegalStateException when neither issuer nor token endpoint is set, the client id is
   *     missing or blank, or the secret is missing
   * @throws IllegalArgumentException when {@link #refreshBefore(Duration)} or {@link
   *     #timeout(Duration)} is negative
   */
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
