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
package dev.kserveauth.testing.http;

import dev.kserveauth.KServeAuth;
import dev.kserveauth.KServeAuthBuilder;
import dev.kserveauth.audit.AuditEvent;
import dev.kserveauth.testing.MutableClock;
import dev.kserveauth.testing.TestKeys;
import dev.kserveauth.testing.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;

/**
 * The environment of the HTTP conformance suite: a test issuer ({@code https://auth.company.com})
 * serving its JWKS over real HTTP on loopback, the RequestAuthentication and policies of
 * {@code conformance/http/config/}, the tokens of expected-decisions.md (RS256, {@code aud}
 * kserve-api + ml-inference) and a request clock cases can move. {@link #auth()} is the real facade
 * (real authenticator, real policy engine) both adapters are tested with.
 */
public final class ConformanceEnvironment implements HttpConformance.Environment, AutoCloseable {
  public static final String ISSUER = "https://auth.company.com";
  /** Tuesday 11:00 in Berlin: inside the business-hours window. */
  public static final Instant DEFAULT_TIME = Instant.parse("2026-11-24T10:00:00Z");

  /** A key the issuer's JWKS publishes but that is too weak to use (1024-bit RSA). */
  static final String WEAK_KID = "weak-1024";
  private static final java.security.KeyPair WEAK = weakRsa();

  private static java.security.KeyPair weakRsa() {
    try {
      java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
      g.initialize(1024);
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private final HttpServer jwks;
  private final MutableClock requestClock = new MutableClock(DEFAULT_TIME);
  private final Map<String, String> tokens = new LinkedHashMap<>();
  private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private final Path dir;
  private final KServeAuth auth;

  public ConformanceEnvironment() {
    this(null);
  }

  /** With metrics (e.g. {@code MicrometerAuthMetrics}); {@code null} for none. */
  public ConformanceEnvironment(dev.kserveauth.metrics.AuthMetrics metrics) {
    try {
      // the JDK's HTTP server: adapters' tests get it without extra test dependencies
      jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      // the issuer's signing key, a second usable key (so a token without kid has more than one
      // candidate), and two keys Envoy's rules leave out without spoiling the set: a 1024-bit RSA key and
      // a key that publishes its private exponent
      java.util.Map<String, Object> leaked = new LinkedHashMap<>(TestKeys.publicJwkMap("leaked-1",
          TestKeys.rsa2().getPublic()));
      leaked.put("d", "AQAB");
      byte[] body = TestKeys.jwksOf(TestKeys.publicJwk(TestKeys.RSA_KID, TestKeys.rsa().getPublic()),
          TestKeys.publicJwk(TestKeys.EC_KID, TestKeys.ec().getPublic()),
          TestKeys.publicJwk(WEAK_KID, WEAK.getPublic()), TestKeys.json(leaked)).getBytes(StandardCharsets.UTF_8);
      jwks.createContext("/jwks", ex -> {
        jwksFetches.incrementAndGet();
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
      });
      jwks.start();
      dir = Files.createTempDirectory("kserve-auth-conformance");
      String authn = HttpConformance.resource("conformance/http/config/request-authentication.yaml")
          .replace("${JWKS_URI}", "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks");
      Files.writeString(dir.resolve("request-authentication.yaml"), authn, StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("policies.yaml"), HttpConformance.resource("conformance/http/config/policies.yaml"),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    mintTokens();
    KServeAuthBuilder b = KServeAuth.builder()
        .requestAuthentication(dir.resolve("request-authentication.yaml"))
        .policies(dir.resolve("policies.yaml"))
        .publicPaths("/health", "/metrics")
        .clock(requestClock)
        .auditSink(audit::add)
        .auditClaims("team", "email")
        .redactClaims("email");
    if (metrics != null) {
      b.metrics(metrics);
    }
    auth = b.build();
  }

  private void mintTokens() {
    tokens.put("ADMIN", user("admin", "admin", "ml-platform", List.of("*")).build());
    TestTokens.Builder ds = user("user123", "data-scientist", "ml-platform",
        List.of("model:predict", "model:explain", "model:list"));
    String dsToken = ds.build();
    tokens.put("DS", dsToken);
    tokens.put("DS_PAYLOAD", dsToken.split("\\.")[1]);
    tokens.put("DEV", user("dev1", "model-developer", "ai-research", List.of("model:*")).build());
    tokens.put("VIEWER", user("viewer1", "viewer", "ml-platform", List.of("model:list")).build());
    tokens.put("EXPIRED", user("user123", "data-scientist", "ml-platform", List.of("model:predict"))
        .expiresIn(Duration.ofMinutes(-30)).build());
    tokens.put("FORGED", TestTokens.signedWith("RS256", TestKeys.rsa2().getPrivate(), TestKeys.RSA_KID)
        .issuer(ISSUER).audience("kserve-api", "ml-inference").subject("user123").claim("role", "admin")
        .claim("team", "ml-platform").expiresIn(Duration.ofHours(1)).build());
    tokens.put("DS_MARKETING", user("user123", "data-scientist", "marketing", List.of("model:predict")).build());
    tokens.put("OTHER_ISSUER", user("user123", "admin", "ml-platform", List.of("*")).issuer("https://evil.example.com")
        .build());
    tokens.put("WRONG_AUD", user("user123", "admin", "ml-platform", List.of("*")).audience("other-api").build());
    tokens.put("LONG", "A".repeat(7000));
    tokens.put("NO_KID", user("user123", "data-scientist", "ml-platform", List.of("model:predict")).kid(null).build());
    tokens.put("WEAK_KEY", TestTokens.signedWith("RS256", WEAK.getPrivate(), WEAK_KID).issuer(ISSUER)
        .audience("kserve-api").subject("user123").claim("role", "admin").expiresIn(Duration.ofHours(1)).build());
    tokens.put("LEAKED_KEY", TestTokens.signedWith("RS256", TestKeys.rsa2().getPrivate(), "leaked-1").issuer(ISSUER)
        .audience("kserve-api").subject("user123").claim("role", "admin").expiresIn(Duration.ofHours(1)).build());
    tokens.put("AUD_URL", user("user123", "data-scientist", "ml-platform", List.of("model:predict"))
        .audience("https://kserve-api/").build());
  }

  private static TestTokens.Builder user(String sub, String role, String team, List<String> permissions) {
    return TestTokens.rs256().issuer(ISSUER).audience("kserve-api", "ml-inference").subject(sub)
        .claim("role", role).claim("team", team).claim("email", sub + "@company.com")
        .claim("permissions", permissions).expiresIn(Duration.ofHours(1));
  }

  /** The directory holding request-authentication.yaml and policies.yaml (with the live JWKS URI). */
  public Path configDir() {
    return dir;
  }

  /** The facade under test. */
  public KServeAuth auth() {
    return auth;
  }

  /** Every audit event so far. */
  public List<AuditEvent> audit() {
    return audit;
  }

  /** Every token minted (name to compact JWS). */
  public Map<String, String> tokens() {
    return Map.copyOf(tokens);
  }

  /** How many times the JWKS was fetched. */
  public int jwksFetches() {
    return jwksFetches.get();
  }

  @Override
  public String token(String name) {
    String t = tokens.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no token named " + name);
    }
    return t;
  }

  @Override
  public void requestTime(Instant time) {
    requestClock.set(time == null ? DEFAULT_TIME : time);
  }

  @Override
  public void close() throws IOException {
    auth.close();
    jwks.stop(0);
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }
}
