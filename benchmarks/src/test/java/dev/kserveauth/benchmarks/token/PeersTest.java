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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kserveauth.benchmarks.token.JwsFixtures.Alg;
import dev.kserveauth.benchmarks.token.Peers.Verifier;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The benchmark only means something if every library does the work we claim: verify the
 * signature and check iss, aud and exp. This runs each configured peer once on real tokens (never
 * timing anything).
 */
class PeersTest {

  private final AlgorithmFixture fixture = new AlgorithmFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  @ParameterizedTest
  @EnumSource(Alg.class)
  void everyPeerAcceptsTheRingAndRejectsBadSignatureIssuerAudienceAndExpiry(Alg alg) throws Exception {
    fixture.init(alg, 16);
    assertThat(Arrays.stream(fixture.ring).distinct().count()).isEqualTo(16);

    Map<String, Verifier> verifiers = fixture.verifiers();
    assertThat(verifiers).containsKeys(
        "kserveAuth_jdk", "kserveAuth_cached", "rawJca_jdk", "jjwt", "jose4j", "vertxAuthJwt");
    assertThat(verifiers.containsKey("kserveAuth_accp")).isEqualTo(AlgorithmFixture.accp().isPresent());
    assertThat(verifiers.containsKey("nimbus")).isEqualTo(alg != Alg.EdDSA);
    assertThat(verifiers.containsKey("javaJwt")).isEqualTo(alg == Alg.RS256 || alg == Alg.ES256);

    long now = Instant.now().getEpochSecond();
    Signature signer = JwsFixtures.newSigner(alg, Optional.empty());
    String wrongIssuer = JwsFixtures.sign(alg, fixture.keys, signer,
        JwsFixtures.claims("https://evil.example", JwsFixtures.AUDIENCE, now + 600, now - 60, 1));
    String wrongAudience = JwsFixtures.sign(alg, fixture.keys, signer,
        JwsFixtures.claims(JwsFixtures.ISSUER, "someone-else", now + 600, now - 60, 2));
    String expired = JwsFixtures.sign(alg, fixture.keys, signer,
        JwsFixtures.claims(JwsFixtures.ISSUER, JwsFixtures.AUDIENCE, now - 3600, now - 7200, 3));

    for (Map.Entry<String, Verifier> e : verifiers.entrySet()) {
      String name = alg + " " + e.getKey();
      Verifier v = e.getValue();
      for (String token : fixture.ring) {
        assertThat(v.verify(token)).as(name).isNotNull();
      }
      assertThatThrownBy(() -> v.verify(JwsFixtures.tamper(fixture.ring[3]))).as(name).isInstanceOf(Exception.class);
      if (e.getKey().startsWith("rawJca")) {
        continue; // the floor checks the signature only, by design
      }
      assertThatThrownBy(() -> v.verify(wrongIssuer)).as(name + " wrong iss").isInstanceOf(Exception.class);
      assertThatThrownBy(() -> v.verify(wrongAudience)).as(name + " wrong aud").isInstanceOf(Exception.class);
      assertThatThrownBy(() -> v.verify(expired)).as(name + " expired").isInstanceOf(Exception.class);
    }
  }

  @ParameterizedTest
  @EnumSource(Alg.class)
  void theRepeatedTokenIsACacheHitAndTheColdValidatorsDoNotCache(Alg alg) throws Exception {
    fixture.init(alg, 4);
    Object first = fixture.kserveCached.verify(fixture.repeated);
    assertThat(fixture.kserveCached.verify(fixture.repeated)).isSameAs(first);
    assertThat(fixture.kserveJdk.verify(fixture.repeated)).isNotSameAs(fixture.kserveJdk.verify(fixture.repeated));
  }

  @ParameterizedTest
  @EnumSource(Alg.class)
  void theRingCyclesThroughDistinctTokens(Alg alg) throws Exception {
    fixture.init(alg, 4);
    assertThat(new String[] {fixture.next(), fixture.next(), fixture.next(), fixture.next(), fixture.next()})
        .containsExactly(fixture.ring[0], fixture.ring[1], fixture.ring[2], fixture.ring[3], fixture.ring[0]);
  }
}
