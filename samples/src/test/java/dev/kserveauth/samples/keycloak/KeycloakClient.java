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
package dev.kserveauth.samples.keycloak;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Raw HTTP against the test Keycloak: the token endpoint (password and client-credentials grants),
 * discovery, JWKS, and the admin REST API for key management. Deliberately independent of the
 * library under test, so a test can check the library against what Keycloak itself says.
 */
public final class KeycloakClient {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {};

  private final KeycloakServer server;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String adminToken;
  private long adminTokenRenewAt;

  public KeycloakClient(KeycloakServer server) {
    this.server = Objects.requireNonNull(server, "server");
  }

  public KeycloakServer server() {
    return server;
  }

  /** A token response: the raw JSON plus the access token. */
  public record TokenResponse(int status, Map<String, Object> body) {
    public String accessToken() {
      Object t = body.get("access_token");
      if (!(t instanceof String s)) {
        throw new IllegalStateException("no access_token; HTTP " + status + " " + body.get("error") + ": "
            + body.get("error_description"));
      }
      return s;
    }

    public long expiresIn() {
      return ((Number) body.get("expires_in")).longValue();
    }

    public String error() {
      return (String) body.get("error");
    }
  }

  /** Resource-owner password grant through a public client. */
  public TokenResponse passwordGrant(String clientId, String username, String password) {
    return tokenRequest(Map.of("grant_type", "password", "client_id", clientId, "username", username,
        "password", password, "scope", "openid"), null);
  }

  /** Client-credentials grant with HTTP Basic client authentication. */
  public TokenResponse clientCredentials(String clientId, String secret) {
    return tokenRequest(Map.of("grant_type", "client_credentials"), basic(clientId, secret));
  }

  public String accessToken(String username) {
    return passwordGrant(KeycloakRealm.CLI_CLIENT, username, KeycloakRealm.password(username)).accessToken();
  }

  private TokenResponse tokenRequest(Map<String, String> form, String authorization) {
    return tokenRequest(server.tokenEndpoint(), form, authorization);
  }

  private TokenResponse tokenRequest(String endpoint, Map<String, String> form, String authorization) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(form)));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    HttpResponse<String> r = send(b.build());
    return new TokenResponse(r.statusCode(), parse(r.body(), MAP));
  }

  /** GET a JSON object without authentication (discovery, JWKS). */
  public Map<String, Object> getJson(String url) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET " + url + " answered " + r.statusCode());
    }
    return parse(r.body(), MAP);
  }

  public Map<String, Object> discovery() {
    return getJson(server.discoveryUrl());
  }

  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> jwks() {
    return (List<Map<String, Object>>) getJson(server.jwksUrl()).get("keys");
  }

  // ---- admin REST API ----

  /** An admin token of the master realm's bootstrap admin, reused until 15 s before it expires. */
  public synchronized String adminToken() {
    long now = System.currentTimeMillis();
    if (adminToken == null || now > adminTokenRenewAt) {
      TokenResponse r = tokenRequest(server.baseUrl() + "/realms/master/protocol/openid-connect/token",
          Map.of("grant_type", "password", "client_id", "admin-cli",
              "username", server.adminUsername(), "password", server.adminPassword()), null);
      adminToken = r.accessToken();
      adminTokenRenewAt = now + Math.max(0, r.expiresIn() - 15) * 1000;
    }
    return adminToken;
  }

  private String adminUrl(String path) {
    return server.baseUrl() + "/admin/realms/" + KeycloakServer.REALM + path;
  }

  public Map<String, Object> adminGet(String path) {
    return parse(admin("GET", path, null, 200), MAP);
  }

  public List<Map<String, Object>> adminGetList(String path) {
    return parse(admin("GET", path, null, 200), LIST);
  }

  /** Sends an admin request and returns the body, failing unless the status is the expected one. */
  public String admin(String method, String path, Object body, int expectedStatus) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(adminUrl(path)))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + adminToken());
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(write(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = send(b.build());
    if (r.statusCode() != expectedStatus) {
      throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + " (expected "
          + expectedStatus + "): " + r.body());
    }
    return r.body();
  }

  public String realmId() {
    return (String) adminGet("").get("id");
  }

  /** The realm's key provider components (rsa-generated, rsa-enc-generated, hmac, aes, ...). */
  public List<Map<String, Object>> keyProviders() {
    return adminGetList("/components?type=org.keycloak.keys.KeyProvider");
  }

  /** The realm's keys as the admin API lists them: kid, algorithm, use, status (ACTIVE/PASSIVE/DISABLED). */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> keys() {
    return (List<Map<String, Object>>) adminGet("/keys").get("keys");
  }

  /** The kid Keycloak currently signs RS256 tokens with. */
  @SuppressWarnings("unchecked")
  public String activeRs256Kid() {
    return ((Map<String, String>) adminGet("/keys").get("active")).get("RS256");
  }

  /**
   * Adds a generated RS256 signing key with the given priority (the highest active priority signs
   * new tokens) and returns the new component's id.
   */
  public String addGeneratedRsaKey(String name, int priority) {
    return createKeyComponent(name, "rsa-generated", Map.of(
        "priority", List.of(Integer.toString(priority)),
        "keySize", List.of("2048"),
        "algorithm", List.of("RS256"),
        "active", List.of("true"),
        "enabled", List.of("true")));
  }

  /**
   * Imports an RSA key pair we hold as a Keycloak key: {@code use = "sig"} (provider {@code rsa},
   * RS256) or {@code use = "enc"} (provider {@code rsa-enc}, RSA-OAEP). Keycloak then publishes its
   * public half in the JWKS, which lets a test sign tokens that look like Keycloak's. Returns the
   * kid Keycloak gave the key.
   */
  public String importRsaKey(String name, KeyPair pair, String use, int priority) {
    boolean enc = use.equals("enc");
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    createKeyComponent(name, enc ? "rsa-enc" : "rsa", Map.of(
        "priority", List.of(Integer.toString(priority)),
        "privateKey", List.of(pem),
        "algorithm", List.of(enc ? "RSA-OAEP" : "RS256"),
        "active", List.of("true"),
        "enabled", List.of("true")));
    RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
    String n = Base64.getUrlEncoder().withoutPadding().encodeToString(unsigned(pub.getModulus().toByteArray()));
    return jwks().stream()
        .filter(k -> n.equals(k.get("n")))
        .map(k -> (String) k.get("kid"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("imported key " + name + " does not appear in the JWKS"));
  }

  private String createKeyComponent(String name, String providerId, Map<String, List<String>> config) {
    Map<String, Object> component = new LinkedHashMap<>();
    component.put("name", name);
    component.put("providerId", providerId);
    component.put("providerType", "org.keycloak.keys.KeyProvider");
    component.put("parentId", realmId());
    component.put("config", config);
    admin("POST", "/components", component, 201);
    return keyProviders().stream()
        .filter(c -> name.equals(c.get("name")))
        .map(c -> (String) c.get("id"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("component " + name + " not found after creation"));
  }

  /** Sets one config value of a component (e.g. {@code active=false} makes a key passive). */
  @SuppressWarnings("unchecked")
  public void updateComponentConfig(String componentId, String key, String value) {
    Map<String, Object> component = adminGet("/components/" + componentId);
    Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) component.get("config"));
    config.put(key, List.of(value));
    component.put("config", config);
    admin("PUT", "/components/" + componentId, component, 204);
  }

  /** The id of the key provider component with this name (e.g. {@code rsa-generated}). */
  public String componentId(String name) {
    return keyProviders().stream()
        .filter(c -> name.equals(c.get("name")))
        .map(c -> (String) c.get("id"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no key provider named " + name));
  }

  // ---- helpers ----

  /** The decoded header and payload of a compact JWS, without verifying anything. */
  public static Map<String, Object> header(String jws) {
    return decodePart(jws, 0);
  }

  public static Map<String, Object> claims(String jws) {
    return decodePart(jws, 1);
  }

  private static Map<String, Object> decodePart(String jws, int index) {
    String[] parts = jws.split("\\.");
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a compact JWS");
    }
    return parse(new String(Base64.getUrlDecoder().decode(parts[index]), StandardCharsets.UTF_8), MAP);
  }

  private static byte[] unsigned(byte[] twosComplement) {
    if (twosComplement.length > 1 && twosComplement[0] == 0) {
      byte[] out = new byte[twosComplement.length - 1];
      System.arraycopy(twosComplement, 1, out, 0, out.length);
      return out;
    }
    return twosComplement;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String form(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString(
        (URLEncoder.encode(user, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(password, StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8));
  }

  static String write(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T parse(String body, TypeReference<T> type) {
    try {
      return JSON.readValue(body, type);
    } catch (IOException e) {
      throw new IllegalStateException("Keycloak answered something that is not the expected JSON: "
          + (body.length() > 200 ? body.substring(0, 200) + "..." : body), e);
    }
  }
}
