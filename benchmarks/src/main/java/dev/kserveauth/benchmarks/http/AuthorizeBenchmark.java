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
package dev.kserveauth.benchmarks.http;

import dev.kserveauth.AuthResult;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.audit.AuditSink;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.policy.PolicySet;
import dev.kserveauth.authn.JwtRule;
import dev.kserveauth.authn.RequestAuthenticator;
import io.jsonwebtoken.Jwts;
import io.vertx.core.json.JsonObject;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The facade's per-request cost on a repeated token (what an adapter adds on top of the server):
 * path normalization, route parsing, token extraction + validated-token cache, policy decision.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AuthorizeBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AuthorizeBenchmark {
  KServeAuth auth;
  RequestView allowed;
  RequestView anonymous;

  @Setup
  public void setup() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair keys = g.generateKeyPair();
    String jwks = new JsonObject().put("keys", new io.vertx.core.json.JsonArray().add(new JsonObject(
        new JsonObject(LoopbackThroughput.jwks(keys)).getJsonArray("keys").getJsonObject(0).getMap()))).encode();
    String token = Jwts.builder().header().keyId("k1").and().issuer(LoopbackThroughput.ISSUER).subject("user123")
        .audience().add("kserve-api").and().claim("role", "data-scientist")
        .claim("permissions", List.of("model:predict")).issuedAt(new Date())
        .expiration(Date.from(Instant.now().plus(Duration.ofHours(2)))).signWith(keys.getPrivate(), Jwts.SIG.RS256)
        .compact();
    auth = KServeAuth.builder()
        .authenticator(RequestAuthenticator.builder()
            .rule(JwtRule.builder(LoopbackThroughput.ISSUER).jwks(jwks).audiences("kserve-api").build()).build())
        .policyEngine(PolicyEngine.builder().policies(PolicySet.parse(LoopbackThroughput.POLICY, "bench.yaml")).build())
        .auditSink(AuditSink.none())
        .build();
    Map<String, List<String>> headers = Map.of("host", List.of("localhost"), "content-type", List.of("application/json"),
        "content-length", List.of("25"), "authorization", List.of("Bearer " + token));
    allowed = new RequestView("POST", "/v1/models/sklearn-iris:predict", "localhost", headers, Map.of(), Map.of(),
        "127.0.0.1", 8080, null);
    anonymous = new RequestView("POST", "/v1/models/sklearn-iris:predict", "localhost", Map.of(), Map.of(), Map.of(),
        "127.0.0.1", 8080, null);
    if (!auth.authorize(allowed).allowed() || auth.authorize(anonymous).allowed()) {
      throw new IllegalStateException("benchmark setup does not decide as intended");
    }
  }

  @Benchmark
  public AuthResult authorizeRepeatedToken() {
    return auth.authorize(allowed);
  }

  @Benchmark
  public AuthResult authorizeAnonymousDenied() {
    return auth.authorize(anonymous);
  }

  @Benchmark
  public AuthResult authorizeAsyncRepeatedToken() {
    return auth.authorizeAsync(allowed).toCompletableFuture().join();
  }
}
