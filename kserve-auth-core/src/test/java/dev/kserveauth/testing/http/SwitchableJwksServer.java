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

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.audit.AuditSink;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.policy.PolicySet;
import dev.kserveauth.testing.MutableClock;
import dev.kserveauth.testing.TestKeys;
import dev.kserveauth.testing.TestTokens;
import dev.kserveauth.authn.JwtRule;
import dev.kserveauth.authn.RequestAuthenticator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real loopback JWKS endpoint (the JDK's HTTP server) that can be switched down (answers 503) and
 * up (serves {@link TestKeys#RSA_KID}), and a facade that trusts it for {@link TestTokens#ISSUER}:
 * the "keys unavailable" tests of both stacks use it (issue 14 item 24). The key source runs on
 * {@link #clock()}, so a test moves past the retry interval instead of sleeping.
 */
public final class SwitchableJwksServer implements AutoCloseable {
  /** Any caller with a valid token may GET; everything else is denied. */
  public static final String POLICY = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: readers, namespace: t}
      spec:
        action: ALLOW
        rules:
        - from: [{source: {requestPrincipals: ["*"]}}]
          to: [{operation: {methods: [GET]}}]
      """;

  private final HttpServer server;
  private final AtomicBoolean up;
  private final AtomicInteger fetches = new AtomicInteger();
  private final MutableClock clock = MutableClock.now();

  /** @param upAtStart whether the endpoint serves keys from the start */
  public SwitchableJwksServer(boolean upAtStart) {
    up = new AtomicBoolean(upAtStart);
    byte[] body = TestKeys.jwks(TestKeys.RSA_KID).getBytes(StandardCharsets.UTF_8);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/jwks", ex -> {
      fetches.incrementAndGet();
      if (up.get()) {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
      } else {
        ex.sendResponseHeaders(503, -1);
      }
      ex.close();
    });
    server.start();
  }

  public String uri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
  }

  public void up(boolean value) {
    up.set(value);
  }

  public int fetches() {
    return fetches.get();
  }

  public MutableClock clock() {
    return clock;
  }

  /** A valid RS256 token of {@link TestTokens#ISSUER}, minted on {@link #clock()}. */
  public String token() {
    return TestTokens.rs256().now(clock.instant()).expiresIn(Duration.ofHours(1)).build();
  }

  /** The facade: one jwksUri rule (keys prefetched at build, the default), {@link #POLICY}. */
  public KServeAuth auth() {
    RequestAuthenticator authn = RequestAuthenticator.builder()
        .rule(JwtRule.builder(TestTokens.ISSUER).jwksUri(uri()).audiences(TestTokens.AUDIENCE).build())
        .clock(clock).build();
    return KServeAuth.builder().authenticator(authn)
        .policyEngine(PolicyEngine.builder().policies(PolicySet.parse(POLICY, "readers.yaml")).build())
        .clock(clock).auditSink(AuditSink.none()).build();
  }

  /**
   * The adapter scenario of both stacks: started while the JWKS is down, a valid token gets 503 with
   * {@code Retry-After} and no challenge, the application is not reached, a token-less request is
   * still the policy's 401; once the JWKS is up and the retry interval passed, the same token is served.
   *
   * @param auth the facade the adapter runs ({@link #auth()})
   * @param target the adapter's server
   */
  public void assertDownThenUp(KServeAuth auth, HttpConformance.Target target) throws Exception {
    awaitFetches(1); // the startup fetch
    java.util.List<String> bearer = java.util.List.of("Authorization: Bearer " + token());
    RawHttp.Response down = RawHttp.send(target.port(), "GET", "/v2/models/m", bearer, null);
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.header("Retry-After")).isEqualTo("10");
    assertThat(down.header("WWW-Authenticate")).isNull();
    assertThat(target.appHits()).isZero();
    assertThat(RawHttp.send(target.port(), "GET", "/v2/models/m", java.util.List.of(), null).status()).isEqualTo(401);
    assertThat(auth.readiness().ready()).isFalse();

    up(true);
    clock.advance(Duration.ofSeconds(11)); // past the retry interval the Retry-After named
    assertThat(RawHttp.send(target.port(), "GET", "/v2/models/m", bearer, null).status()).isEqualTo(200);
    assertThat(target.appHits()).isEqualTo(1);
    assertThat(auth.readiness().ready()).isTrue();
  }

  /** Waits (bounded) until the server saw at least {@code n} fetches. */
  public void awaitFetches(int n) throws InterruptedException {
    long end = System.nanoTime() + 10_000_000_000L;
    while (fetches.get() < n) {
      if (System.nanoTime() > end) {
        throw new AssertionError("expected " + n + " JWKS fetches, saw " + fetches.get());
      }
      Thread.sleep(5);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
