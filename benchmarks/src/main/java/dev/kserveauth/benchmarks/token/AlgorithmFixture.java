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
package dev.kserveauth.benchmarks.token;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.kserveauth.benchmarks.token.JwsFixtures.Alg;
import dev.kserveauth.benchmarks.token.Peers.Verifier;
import dev.kserveauth.authn.IssuerSettings;
import dev.kserveauth.authn.JwkSet;
import dev.kserveauth.authn.SignatureProvider;
import dev.kserveauth.authn.TokenValidator;
import dev.kserveauth.authn.TokenValidatorBuilder;
import io.vertx.core.Vertx;
import java.security.KeyPair;
import java.security.Provider;
import java.security.Security;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one algorithm's benchmarks need, built once per fork: a key pair, a ring of distinct
 * signed tokens, and every library's verifier for that key. A library that does not support the
 * algorithm has a {@code null} verifier and its benchmark method is not declared.
 */
class AlgorithmFixture {

  /** Ring size (a power of two); override with {@code -Dkserveauth.bench.ring=N}. */
  static final int DEFAULT_RING = Integer.getInteger("kserveauth.bench.ring", 4096);

  Alg alg;
  KeyPair keys;
  String[] ring;
  int mask;
  int cursor;
  /** One token that every call of a cache-hit benchmark presents. */
  String repeated;

  /** kserve-auth, validated-token cache off, JDK providers. */
  Verifier kserveJdk;
  /** kserve-auth, validated-token cache off, ACCP ({@code null} where it does not load). */
  Verifier kserveAccp;
  /** kserve-auth with its defaults (cache on, provider auto): the repeated-token path. */
  Verifier kserveCached;

  Verifier rawJdk;
  /** Raw JCA through ACCP; {@code null} where ACCP's native library does not load. */
  Verifier rawAccp;
  Verifier jjwt;
  Verifier nimbus;
  Verifier jose4j;
  Verifier javaJwt;
  Verifier vertxAuth;

  private Vertx vertx;

  /** ACCP when its native library loaded on this platform; never installed process-wide. */
  static Optional<Provider> accp() {
    AmazonCorrettoCryptoProvider p = AmazonCorrettoCryptoProvider.INSTANCE;
    return p.getLoadingError() == null ? Optional.of(p) : Optional.empty();
  }

  void init(Alg alg, int ringSize) throws Exception {
    if (Integer.bitCount(ringSize) != 1) {
      throw new IllegalArgumentException("ring size must be a power of two: " + ringSize);
    }
    this.alg = alg;
    keys = alg.generateKeyPair();
    ring = JwsFixtures.signedRing(alg, keys, ringSize, accp());
    mask = ringSize - 1;
    repeated = ring[0];

    kserveJdk = kserveAuth(SignatureProvider.off(), 0)::verify;
    kserveAccp = accp().isPresent() ? kserveAuth(SignatureProvider.of(accp().get()), 0)::verify : null;
    kserveCached = kserveAuth(SignatureProvider.auto(), TokenValidatorBuilder.DEFAULT_CACHE_SIZE)::verify;

    rawJdk = Peers.rawJca(alg, keys.getPublic(), Security.getProvider(alg.jdkProvider));
    rawAccp = accp().isPresent() ? Peers.rawJca(alg, keys.getPublic(), accp().get()) : null;
    jjwt = Peers.jjwt(keys.getPublic());
    nimbus = Peers.nimbus(alg, keys.getPublic()).orElse(null);
    jose4j = Peers.jose4j(alg, keys.getPublic());
    javaJwt = Peers.javaJwt(alg, keys.getPublic()).orElse(null);
    vertx = Vertx.vertx();
    vertxAuth = Peers.vertx(vertx, alg, keys.getPublic());

    selfCheck();
  }

  /**
   * kserve-auth as a user configures it for one issuer: inline key (PEM), expected audience, the
   * one algorithm this issuer signs with. {@code exp} is always required.
   */
  private TokenValidator kserveAuth(SignatureProvider provider, long cacheSize) {
    return TokenValidator.builder()
        .issuer(IssuerSettings.builder(JwsFixtures.ISSUER)
            .jwks(JwkSet.fromPem(JwsFixtures.KID, JwsFixtures.pem(keys.getPublic())))
            .audiences(JwsFixtures.AUDIENCE)
            .algorithms(alg.name())
            .build())
        .signatureProvider(provider)
        .cacheMaximumSize(cacheSize)
        .build();
  }

  /** kserve-auth on ACCP, or a clear failure where its native library did not load. */
  final Verifier kserveAccp() {
    if (kserveAccp == null) {
      throw new IllegalStateException("ACCP's native library did not load on this platform");
    }
    return kserveAccp;
  }

  /** Raw JCA through ACCP, or a clear failure where its native library did not load. */
  final Verifier rawAccp() {
    if (rawAccp == null) {
      throw new IllegalStateException("ACCP's native library did not load on this platform");
    }
    return rawAccp;
  }

  /** The next token of the ring: a different token on every call. */
  final String next() {
    return ring[cursor++ & mask];
  }

  /**
   * Before measuring anything: every verifier accepts a good token and rejects a tampered one, so
   * no benchmark can measure a library that silently skips the work.
   */
  void selfCheck() throws Exception {
    String good = ring[ring.length - 1];
    String bad = JwsFixtures.tamper(good);
    for (Map.Entry<String, Verifier> e : verifiers().entrySet()) {
      Verifier v = e.getValue();
      v.verify(good);
      boolean rejected;
      try {
        v.verify(bad);
        rejected = false;
      } catch (Exception expected) {
        rejected = true;
      }
      if (!rejected) {
        throw new IllegalStateException(alg + ": " + e.getKey() + " accepted a tampered token");
      }
    }
  }

  /** Every verifier this algorithm has, by name (libraries without support left out). */
  Map<String, Verifier> verifiers() {
    Map<String, Verifier> all = new LinkedHashMap<>();
    all.put("kserveAuth_jdk", kserveJdk);
    all.put("kserveAuth_accp", kserveAccp);
    all.put("kserveAuth_cached", kserveCached);
    all.put("rawJca_jdk", rawJdk);
    all.put("rawJca_accp", rawAccp);
    all.put("jjwt", jjwt);
    all.put("nimbus", nimbus);
    all.put("jose4j", jose4j);
    all.put("javaJwt", javaJwt);
    all.put("vertxAuthJwt", vertxAuth);
    all.values().removeIf(Objects::isNull);
    return all;
  }

  void close() {
    if (vertx != null) {
      vertx.close();
      vertx = null;
    }
  }
}
