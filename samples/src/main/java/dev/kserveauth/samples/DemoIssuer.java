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
package dev.kserveauth.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.Jwts;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throw-away token issuer for the demo and the tests: an RSA key pair generated at start, its
 * JWKS (and an OIDC discovery document) served over HTTP on loopback, and RS256 tokens minted for
 * the issuer of {@code expected-decisions.md} ({@code https://auth.company.com}, audiences
 * {@code kserve-api} and {@code ml-inference}). A second key pair, never published, signs
 * {@linkplain #forge forged} tokens under the same {@code kid}.
 *
 * <p>Not for production: keys live in memory and the JWKS is served over plain HTTP.
 */
public final class DemoIssuer implements AutoCloseable {

  /** The issuer the demo tokens name. */
  public static final String ISSUER = "https://auth.company.com";
  /** The audiences the demo tokens carry. */
  public static final List<String> AUDIENCES = List.of("kserve-api", "ml-inference");

  private static final String KID = "demo-key-1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KeyPair signing;
  private final KeyPair forger;
  private final HttpServer server;
  private final AtomicInteger jwksFetches = new AtomicInteger();

  private DemoIssuer(KeyPair signing, KeyPair forger, HttpServer server) {
    this.signing = signing;
    this.forger = forger;
    this.server = server;
  }

  /**
   * Generates the keys and starts serving {@code /.well-known/jwks.json} and
   * {@code /.well-known/openid-configuration} on a free loopback port.
   *
   * @return the running issuer
   * @throws IOException when no loopback port can be bound
   */
  public static DemoIssuer start() throws IOException {
    KeyPair signing = rsa();
    KeyPair forger = rsa();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    DemoIssuer issuer = new DemoIssuer(signing, forger, server);
    server.createContext("/.well-known/jwks.json", ex -> {
      issuer.jwksFetches.incrementAndGet();
      respond(ex, issuer.jwksJson());
    });
    server.createContext("/.well-known/openid-configuration", ex -> respond(ex, issuer.discoveryJson()));
    server.start();
    return issuer;
  }

  /** The URL of the served JWKS, e.g. {@code http://127.0.0.1:40123/.well-known/jwks.json}. */
  public String jwksUri() {
    return baseUrl() + "/.well-known/jwks.json";
  }

  /** How many times the JWKS was fetched (a validator caches it, so this stays small). */
  public int jwksFetches() {
    return jwksFetches.get();
  }

  /**
   * Mints a token signed with the published key.
   *
   * @param subject the {@code sub}
   * @param claims extra claims ({@code role}, {@code team}, {@code permissions}, ...)
   * @param issuedAt the {@code iat} (and {@code nbf})
   * @param lifetime how long the token is valid after {@code issuedAt}
   * @return the compact JWS
   */
  public String mint(String subject, Map<String, ?> claims, Instant issuedAt, Duration lifetime) {
    return sign(signing, subject, claims, issuedAt, lifetime);
  }

  /** Like {@link #mint} but signed with a key that is not in the JWKS (same kid): must be rejected. */
  public String forge(String subject, Map<String, ?> claims, Instant issuedAt, Duration lifetime) {
    return sign(forger, subject, claims, issuedAt, lifetime);
  }

  private static String sign(KeyPair key, String subject, Map<String, ?> claims, Instant issuedAt, Duration lifetime) {
    return Jwts.builder()
        .header().keyId(KID).type("JWT").and()
        .issuer(ISSUER)
        .subject(subject)
        .audience().add(AUDIENCES).and()
        .claims(claims)
        .issuedAt(Date.from(issuedAt))
        .notBefore(Date.from(issuedAt))
        .expiration(Date.from(issuedAt.plus(lifetime)))
        .signWith(key.getPrivate(), Jwts.SIG.RS256)
        .compact();
  }

  private String baseUrl() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
  }

  private String jwksJson() throws IOException {
    RSAPublicKey pub = (RSAPublicKey) signing.getPublic();
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("kty", "RSA");
    jwk.put("kid", KID);
    jwk.put("use", "sig");
    jwk.put("alg", "RS256");
    jwk.put("n", b64(pub.getModulus()));
    jwk.put("e", b64(pub.getPublicExponent()));
    return JSON.writeValueAsString(Map.of("keys", List.of(jwk)));
  }

  private String discoveryJson() throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", ISSUER);
    doc.put("jwks_uri", jwksUri());
    doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
    return JSON.writeValueAsString(doc);
  }

  private static String b64(BigInteger v) {
    byte[] bytes = v.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void respond(com.sun.net.httpserver.HttpExchange ex, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Cache-Control", "max-age=300");
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("RSA is not available", e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
