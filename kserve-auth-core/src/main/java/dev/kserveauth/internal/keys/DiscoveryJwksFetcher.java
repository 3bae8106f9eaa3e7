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
package dev.kserveauth.internal.keys;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * OpenID Connect discovery: GETs the provider metadata, requires its {@code issuer} to equal the
 * configured issuer exactly (OIDC Discovery 1.0 section 4.3), then GETs its {@code jwks_uri}. The
 * resolved JWKS URL is kept until a JWKS fetch fails, then discovery runs again.
 *
 * <p>For the Kubernetes issuer, {@code jwksOverride} replaces the advertised {@code jwks_uri}
 * (which usually names an address outside the cluster) with the API server's {@code /openid/v1/jwks}.
 */
public final class DiscoveryJwksFetcher implements JwksFetcher {
  private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final OkHttpClient client;
  private final HttpUrl discoveryUrl;
  private final String expectedIssuer;
  private final HttpUrl jwksOverride;
  private final int maxBytes;
  private final AtomicReference<HttpUrl> resolved = new AtomicReference<>();

  public DiscoveryJwksFetcher(OkHttpClient client, HttpUrl discoveryUrl, String expectedIssuer,
      HttpUrl jwksOverride, int maxBytes) {
    this.client = client;
    this.discoveryUrl = discoveryUrl;
    this.expectedIssuer = expectedIssuer;
    this.jwksOverride = jwksOverride;
    this.maxBytes = maxBytes;
  }

  /** {@code <issuer without trailing slash>/.well-known/openid-configuration}. */
  public static HttpUrl discoveryUrlOf(String issuer) {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    HttpUrl url = HttpUrl.parse(base + "/.well-known/openid-configuration");
    if (url == null) {
      throw new IllegalArgumentException("issuer is not an http(s) URL, so it cannot be discovered: " + issuer);
    }
    return url;
  }

  @Override
  public CompletionStage<FetchedDocument> fetch() {
    HttpUrl known = resolved.get();
    CompletionStage<HttpUrl> jwksUrl = known != null ? CompletableFuture.completedFuture(known) : discover();
    return jwksUrl.thenCompose(url -> HttpDocuments.get(client, url, maxBytes)
        .whenComplete((doc, err) -> {
          if (err != null) {
            resolved.set(null); // the provider may have moved its keys: discover again next time
          }
        }));
  }

  private CompletionStage<HttpUrl> discover() {
    return HttpDocuments.get(client, discoveryUrl, maxBytes).thenApply(doc -> {
      HttpUrl url = jwksUrlFrom(doc.body());
      resolved.set(url);
      return url;
    });
  }

  HttpUrl jwksUrlFrom(byte[] body) {
    String where = "OIDC discovery document " + HttpDocuments.redact(discoveryUrl);
    JsonNode doc;
    try {
      doc = JSON.readTree(body);
    } catch (Exception e) {
      throw new FetchException(where + " is not valid JSON");
    }
    if (doc == null || !doc.isObject()) {
      throw new FetchException(where + " is not a JSON object");
    }
    JsonNode iss = doc.get("issuer");
    if (iss == null || !iss.isTextual()) {
      throw new FetchException(where + " has no string 'issuer'");
    }
    if (!iss.asText().equals(expectedIssuer)) {
      throw new FetchException(where + " names issuer '" + iss.asText() + "', expected exactly '" + expectedIssuer + "'");
    }
    if (jwksOverride != null) {
      return jwksOverride;
    }
    JsonNode uri = doc.get("jwks_uri");
    if (uri == null || !uri.isTextual()) {
      throw new FetchException(where + " has no string 'jwks_uri'");
    }
    HttpUrl url = HttpUrl.parse(uri.asText());
    if (url == null) {
      throw new FetchException(where + " has a 'jwks_uri' that is not an http(s) URL");
    }
    return url;
  }

  @Override
  public String describe() {
    HttpUrl known = resolved.get();
    return known != null ? HttpDocuments.redact(known) : "discovery " + HttpDocuments.redact(discoveryUrl);
  }
}
