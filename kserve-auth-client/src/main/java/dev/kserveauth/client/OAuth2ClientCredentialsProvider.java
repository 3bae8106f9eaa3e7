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

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * OAuth2 client-credentials grant (RFC 6749 §4.4) for machine-to-machine calls: Keycloak, Auth0,
 * Cognito, Entra ID. The token endpoint is given directly or discovered from the issuer's {@code
 * /.well-known/openid-configuration} (once, on first use). The client authenticates with HTTP
 * Basic ({@link ClientAuthentication#CLIENT_SECRET_BASIC}, the default) or form fields ({@link
 * ClientAuthentication#CLIENT_SECRET_POST}).
 *
 * <p>The token is cached until {@code expires_in} (measured from when the request was sent) minus
 * {@code refreshBefore} (default 60 s), then the grant runs again, single-flight. Without {@code expires_in} the
 * JWT {@code exp} is used, else {@code defaultLifetime} (5 minutes). An error answer such as
 * {@code {"error": "invalid_client"}} surfaces as {@link TokenProviderException} naming the error
 * code and description, never the secret.
 *
 * <pre>{@code
 * TokenProvider tokens = OAuth2ClientCredentialsProvider.builder()
 *     .issuer("https://keycloak.example.com/realms/ml")
 *     .clientId("batch-scorer")
 *     .clientSecret(System.getenv("CLIENT_SECRET"))
 *     .scopes("inference")
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class OAuth2ClientCredentialsProvider implements TokenProvider {

  /** How the client authenticates to the token endpoint. */
  public enum ClientAuthentication {
    /** {@code Authorization: Basic base64(urlencode(id):urlencode(secret))} (RFC 6749 §2.3.1). */
    CLIENT_SECRET_BASIC,
    /** {@code client_id} and {@code client_secret} as form fields. */
    CLIENT_SECRET_POST
  }

  private final CachingTokenProvider cache;
  private final OkHttpClient http;
  private final HttpUrl issuer;
  private volatile HttpUrl tokenEndpoint;
  private final String clientId;
  private final String clientSecret;
  private final ClientAuthentication auth;
  private final Map<String, String> parameters;
  private final Duration defaultLifetime;
  private final Clock clock;

  OAuth2ClientCredentialsProvider(OAuth2ClientCredentialsProviderBuilder b) {
    this.issuer = b.issuer;
    this.tokenEndpoint = b.tokenEndpoint;
    this.clientId = b.clientId;
    this.clientSecret = b.clientSecret;
    this.auth = b.auth;
    this.parameters = Map.copyOf(b.parameters);
    this.defaultLifetime = b.defaultLifetime;
    this.clock = b.clock;
    this.http = (b.http == null ? new OkHttpClient() : b.http).newBuilder()
        .callTimeout(b.timeout.toMillis(), TimeUnit.MILLISECONDS).build();
    this.cache = CachingTokenProvider.builder(this::fetch).clock(b.clock).refreshBefore(b.refreshBefore)
        .name("client credentials for " + b.clientId).build();
  }

  /**
   * A builder; a token endpoint or issuer, a client id and a secret are required.
   *
   * @return a new builder
   */
  public static OAuth2ClientCredentialsProviderBuilder builder() {
    return new OAuth2ClientCredentialsProviderBuilder();
  }

  @Override
  public AccessToken token() {
    return cache.token();
  }

  @Override
  public AccessToken refresh(String rejected) {
    return cache.refresh(rejected);
  }

  private HttpUrl tokenEndpoint() throws IOException {
    HttpUrl endpoint = tokenEndpoint;
    if (endpoint != null) {
      return endpoint;
    }
    HttpUrl discovery = issuer.newBuilder().addPathSegments(".well-known/openid-configuration").build();
    try (Response r = http.newCall(new Request.Builder().url(discovery).header("Accept", "application/json").build())
        .execute()) {
      ResponseBody body = r.body();
      if (!r.isSuccessful() || body == null) {
        throw new TokenProviderException("OIDC discovery at " + discovery + " failed: " + r.code());
      }
      JsonNode doc = Tokens.JSON.readTree(body.byteStream());
      String te = doc == null ? "" : doc.path("token_endpoint").asText("");
      HttpUrl parsed = HttpUrl.parse(te);
      if (parsed == null) {
        throw new TokenProviderException("OIDC discovery at " + discovery + " has no valid token_endpoint");
      }
      tokenEndpoint = parsed;
      return parsed;
    }
  }

  private AccessToken fetch() {
    HttpUrl endpoint = null;
    try {
      endpoint = tokenEndpoint();
      FormBody.Builder form = new FormBody.Builder().add("grant_type", "client_credentials");
      parameters.forEach(form::add);
      Request.Builder rb = new Request.Builder().url(endpoint).header("Accept", "application/json");
      if (auth == ClientAuthentication.CLIENT_SECRET_POST) {
        form.add("client_id", clientId).add("client_secret", clientSecret);
      } else {
        rb.header("Authorization", Credentials.basic(formEncode(clientId), formEncode(clientSecret), StandardCharsets.UTF_8));
      }
      Instant sent = clock.instant();
      try (Response r = http.newCall(rb.post(form.build()).build()).execute()) {
        ResponseBody body = r.body();
        String text = body == null ? "" : body.string();
        JsonNode json = null;
        try {
          json = Tokens.JSON.readTree(text);
        } catch (IOException ignored) {
          // not JSON; reported below
        }
        if (!r.isSuccessful()) {
          String code = json == null ? "" : json.path("error").asText("");
          String description = json == null ? "" : json.path("error_description").asText("");
          throw new TokenProviderException("token endpoint " + endpoint + " refused the client credentials of '" + clientId
              + "': " + r.code() + (code.isEmpty() ? "" : " " + code) + (description.isEmpty() ? "" : ": " + description));
        }
        String token = json == null ? "" : json.path("access_token").asText("");
        if (token.isEmpty()) {
          throw new TokenProviderException("token endpoint " + endpoint + " answered without access_token");
        }
        JsonNode expiresIn = json.get("expires_in");
        Instant expiresAt;
        if (expiresIn != null && expiresIn.canConvertToLong() && expiresIn.asLong() > 0) {
          expiresAt = sent.plusSeconds(expiresIn.asLong());
        } else if (expiresIn != null && expiresIn.isTextual() && expiresIn.asText().matches("\\d+")) {
          expiresAt = sent.plusSeconds(Long.parseLong(expiresIn.asText()));
        } else {
          Instant exp = Tokens.jwtExpiry(token);
          expiresAt = exp != null ? exp : sent.plus(defaultLifetime);
        }
        return AccessToken.of(token, expiresAt);
      }
    } catch (IOException e) {
      throw new TokenProviderException("client-credentials grant for '" + clientId + "' at "
          + (endpoint != null ? endpoint : issuer) + " failed: " + e, e);
    }
  }

  private static String formEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "OAuth2ClientCredentialsProvider[" + clientId + " @ " + (tokenEndpoint != null ? tokenEndpoint : issuer) + "]";
  }
}
