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
package dev.kserveauth.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kserveauth.internal.jws.JwsAlgorithm;
import dev.kserveauth.testing.MutableClock;
import dev.kserveauth.testing.TestKeys;
import dev.kserveauth.testing.TestTokens;
import java.io.IOException;
import java.security.Security;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Cache, key-source interplay (refetch, rotation, removal, failures), async behaviour, provider seam. */
class ValidatorBehaviourTest {

  private final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");

  /** A key source whose current set and pending futures the test controls. */
  static final class ControlledSource implements KeySource {
    final AtomicReference<CompletableFuture<JwkSet>> current;
    final AtomicReference<CompletableFuture<JwkSet>> onUnknownKid = new AtomicReference<>();
    final AtomicInteger unknownKidCalls = new AtomicInteger();

    ControlledSource(JwkSet initial) {
      current = new AtomicReference<>(CompletableFuture.completedFuture(initial));
    }

    void set(JwkSet keys) {
      current.set(CompletableFuture.completedFuture(keys));
    }

    @Override
    public CompletionStage<JwkSet> keys() {
      return current.get();
    }

    @Override
    public CompletionStage<JwkSet> keysForUnknownKid(String kid) {
      unknownKidCalls.incrementAndGet();
      CompletableFuture<JwkSet> f = onUnknownKid.get();
      return f != null ? f : current.get();
    }
  }

  private TokenValidator validator(KeySource source, TokenValidatorBuilder b) {
    return b.issuer(IssuerSettings.builder(TestTokens.ISSUER).keySource(source).audiences("kserve").build())
        .clock(clock).build();
  }

  private TokenValidator validator(KeySource source) {
    return validator(source, TokenValidator.builder());
  }

  @Test
  void cacheHitReturnsTheSamePrincipal() {
    TokenValidator v = validator(KeySource.of(TestKeys.jwkSet()));
    String token = TestTokens.es256().clock(clock).build();
    Principal first = v.verify(token);
    assertThat(v.verify(token)).isSameAs(first);
    assertThat(v.verifyAsync(token).toCompletableFuture().join()).isSameAs(first);
  }

  @Test
  void cacheServesMoreTokensThanItsFrontHoldsAndEqualTextFromAnotherString() {
    TokenValidator v = validator(KeySource.of(TestKeys.jwkSet()));
    java.util.List<String> tokens = new java.util.ArrayList<>();
    java.util.List<Principal> firsts = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) { // well past the 64 front slots: most answers must come from Caffeine
      String t = TestTokens.es256().clock(clock).subject("user-" + i).build();
      tokens.add(t);
      firsts.add(v.verify(t));
    }
    for (int i = 0; i < tokens.size(); i++) {
      String copy = new String(tokens.get(i).toCharArray()); // equal text, another instance
      assertThat(v.verify(copy)).as("token %d", i).isSameAs(firsts.get(i));
    }
  }

  @Test
  void cacheNeverAnswersForDifferentBytesWithTheSameHashCode() {
    TokenValidator v = validator(KeySource.of(TestKeys.jwkSet()));
    String token = TestTokens.rs256().clock(clock).subject("alice").build();
    v.verify(token);
    // change the payload, keep length and the last 32 characters: same cache hash code, different token
    int i = token.indexOf('.') + 5;
    char c = token.charAt(i);
    String forged = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
    assertThat(new ValidatedTokenCache.Key(forged).hashCode()).isEqualTo(new ValidatedTokenCache.Key(token).hashCode());
    assertThat(forged).isNotEqualTo(token);
    assertThatThrownBy(() -> v.verify(forged)).isInstanceOf(TokenException.class)
        .isNotInstanceOf(ExpiredTokenException.class);
  }

  @Test
  void cacheEntryNeverOutlivesExp() {
    TokenValidator v = validator(KeySource.of(TestKeys.jwkSet()));
    String token = TestTokens.rs256().clock(clock).expiresIn(Duration.ofMinutes(2)).build();
    Principal first = v.verify(token);
    clock.advance(Duration.ofMinutes(2)); // at exp: the cache must not answer, a fresh check applies the skew
    Principal again = v.verify(token);
    assertThat(again).isNotSameAs(first);
    clock.advance(Duration.ofSeconds(60));
    assertThatThrownBy(() -> v.verify(token)).isInstanceOf(ExpiredTokenException.class);
  }

  @Test
  void cacheTimeToLiveAndDisabling() {
    TokenValidator ttl = validator(KeySource.of(TestKeys.jwkSet()), TokenValidator.builder().cacheTimeToLive(Duration.ofMinutes(1)));
    String token = TestTokens.rs256().clock(clock).build();
    Principal first = ttl.verify(token);
    clock.advance(Duration.ofSeconds(59));
    assertThat(ttl.verify(token)).isSameAs(first);
    clock.advance(Duration.ofSeconds(1));
    assertThat(ttl.verify(token)).isNotSameAs(first);

    TokenValidator none = validator(KeySource.of(TestKeys.jwkSet()), TokenValidator.builder().cacheMaximumSize(0));
    assertThat(none.verify(token)).isNotSameAs(none.verify(token));
  }

  @Test
  void keyRemovedFromTheIssuerInvalidatesWhatItSigned() {
    ControlledSource source = new ControlledSource(TestKeys.jwkSet());
    TokenValidator v = validator(source);
    String token = TestTokens.rs256().clock(clock).build();
    Principal first = v.verify(token);
    source.set(TestKeys.jwkSet()); // a new set object that still holds the key: still a hit
    assertThat(v.verify(token)).isSameAs(first);
    source.set(TestKeys.jwkSet(TestKeys.EC_KID, TestKeys.RSA2_KID)); // rsa-1 rotated out
    assertThatThrownBy(() -> v.verify(token)).isInstanceOf(KeyNotFoundException.class)
        .hasMessage("no key of the issuer matches the token's 'kid'");
  }

  @Test
  void unknownKidIsRefetchedOnceAndANewKeyIsAccepted() {
    ControlledSource source = new ControlledSource(TestKeys.jwkSet(TestKeys.RSA_KID));
    source.onUnknownKid.set(CompletableFuture.completedFuture(TestKeys.jwkSet(TestKeys.RSA_KID, TestKeys.RSA2_KID)));
    TokenValidator v = validator(source);
    String rotated = TestTokens.signedWith("RS256", TestKeys.rsa2().getPrivate(), TestKeys.RSA2_KID).clock(clock).build();
    assertThat(v.verify(rotated).subject()).isEqualTo(TestTokens.SUBJECT);
    assertThat(source.unknownKidCalls).hasValue(1);
    assertThat(v.verifyAsync(TestTokens.signedWith("RS256", TestKeys.rsa2().getPrivate(), TestKeys.RSA2_KID).clock(clock)
        .subject("bob").build()).toCompletableFuture().join().subject()).isEqualTo("bob");
    assertThat(source.unknownKidCalls).hasValue(2);
  }

  @Test
  void verifyAsyncDoesNotWaitForKeysAndCompletesWhenTheyArrive() throws Exception {
    ControlledSource source = new ControlledSource(TestKeys.jwkSet());
    CompletableFuture<JwkSet> pending = new CompletableFuture<>();
    source.current.set(pending);
    TokenValidator v = validator(source);
    CompletableFuture<Principal> result = v.verifyAsync(TestTokens.es256().clock(clock).build()).toCompletableFuture();
    assertThat(result).isNotDone();
    pending.complete(TestKeys.jwkSet());
    assertThat(result.get().subject()).isEqualTo(TestTokens.SUBJECT);
  }

  @Test
  void keySourceFailuresBecomeKeySourceExceptions() {
    ControlledSource source = new ControlledSource(TestKeys.jwkSet());
    source.current.set(CompletableFuture.failedFuture(new IOException("connection refused")));
    TokenValidator v = validator(source);
    String token = TestTokens.rs256().clock(clock).build();
    assertThatThrownBy(() -> v.verify(token)).isInstanceOf(KeySourceException.class)
        .hasMessage("keys of issuer https://issuer.test could not be obtained");
    assertThat(v.verifyAsync(token).toCompletableFuture()).failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOf(KeySourceException.class);
    // a TokenException from the source is passed through as it is
    source.current.set(CompletableFuture.failedFuture(new KeySourceException("JWKS endpoint answered 503")));
    assertThatThrownBy(() -> v.verify(token)).isInstanceOf(KeySourceException.class).hasMessage("JWKS endpoint answered 503");
  }

  @Test
  void anUnexpectedFailureInsideAKeySourceStillEndsInATokenException() {
    KeySource broken = new KeySource() {
      @Override
      public CompletionStage<JwkSet> keys() {
        throw new IllegalStateException("bug in a key source");
      }

      @Override
      public CompletionStage<JwkSet> keysForUnknownKid(String kid) {
        return keys();
      }
    };
    TokenValidator v = validator(broken);
    String token = TestTokens.rs256().clock(clock).build();
    assertThatThrownBy(() -> v.verify(token)).isExactlyInstanceOf(TokenException.class)
        .hasMessage("token could not be validated");
    assertThat(v.verifyAsync(token).toCompletableFuture()).isCompletedExceptionally();
  }

  @Test
  void blockingVerifyWaitsAtMostTheKeyTimeout() {
    ControlledSource source = new ControlledSource(TestKeys.jwkSet());
    source.current.set(new CompletableFuture<>());
    TokenValidator v = validator(source, TokenValidator.builder().keyTimeout(Duration.ofMillis(50)));
    assertThatThrownBy(() -> v.verify(TestTokens.rs256().clock(clock).build())).isInstanceOf(KeySourceException.class)
        .hasMessage("keys of issuer https://issuer.test not available within 50 ms");
  }

  @Test
  void preferredProviderIsUsedWhereItHasTheAlgorithmElseTheJdk() {
    java.security.Provider sunRsa = Security.getProvider("SunRsaSign");
    DefaultTokenValidator v = (DefaultTokenValidator) validator(KeySource.of(TestKeys.jwkSet()),
        TokenValidator.builder().signatureProvider(sunRsa).cacheMaximumSize(0));
    assertThat(v.signatureVerifier().providerFor(JwsAlgorithm.RS256)).isSameAs(sunRsa);
    assertThat(v.signatureVerifier().providerFor(JwsAlgorithm.PS256)).isSameAs(sunRsa);
    assertThat(v.signatureVerifier().providerFor(JwsAlgorithm.ES256)).isNull(); // SunRsaSign has no ECDSA
    assertThat(v.verify(TestTokens.rs256().clock(clock).build())).isNotNull();
    assertThat(v.verify(TestTokens.es256().clock(clock).build())).isNotNull();
    assertThat(v.verify(TestTokens.signedWith("PS384", TestKeys.rsa().getPrivate(), TestKeys.RSA_KID).clock(clock).build()))
        .isNotNull();
    assertThatThrownBy(() -> TokenValidator.builder().signatureProvider((java.security.Provider) null).signatureProvider(sunRsa))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("signatureProvider was already set to");
  }

  @Test
  void allRsaPssAndEcVariantsVerify() {
    TokenValidator v = validator(KeySource.of(TestKeys.jwkSet()));
    for (String alg : new String[] {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}) {
      assertThat(v.verify(TestTokens.signedWith(alg, TestKeys.rsa().getPrivate(), TestKeys.RSA_KID).clock(clock).build()))
          .as(alg).isNotNull();
    }
    assertThat(v.verify(TestTokens.signedWith("ES384", TestKeys.ec384().getPrivate(), TestKeys.EC384_KID).clock(clock).build()))
        .isNotNull();
  }
}
