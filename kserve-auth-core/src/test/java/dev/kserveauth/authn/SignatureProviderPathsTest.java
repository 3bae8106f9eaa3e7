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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kserveauth.internal.jws.Base64Url;
import dev.kserveauth.internal.jws.JwsAlgorithm;
import dev.kserveauth.testing.TestKeys;
import dev.kserveauth.testing.TestTokens;
import java.security.KeyPair;
import java.security.Provider;
import java.security.Signature;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way the signature provider can be chosen validates every token the same way: the native
 * path (ACCP), the JDK path when turned off, and the JDK path reached because the native provider
 * could not load (class absent, native library failed) - the case of any machine without
 * linux-x86_64 ACCP.
 */
class SignatureProviderPathsTest {

  record Path(String name, SignatureProvider setting, boolean expectNative) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Path> paths() {
    return Stream.of(
        new Path("auto: ACCP", SignatureProvider.auto(), true),
        new Path("off: JDK", SignatureProvider.off(), false),
        new Path("auto, native library failed to load: JDK",
            SignatureProvider.autoProbing(SignatureProviderTest.FailingNativeProvider.class.getName()), false),
        new Path("auto, native provider absent: JDK",
            SignatureProvider.autoProbing("com.example.AbsentNativeProvider"), false));
  }

  /** Algorithm, signing key pair and kid of the test JWKS. */
  static Stream<Arguments> tokens() {
    List<Object[]> algs = List.of(
        new Object[] {"RS256", TestKeys.rsa(), TestKeys.RSA_KID},
        new Object[] {"RS384", TestKeys.rsa(), TestKeys.RSA_KID},
        new Object[] {"RS512", TestKeys.rsa(), TestKeys.RSA_KID},
        new Object[] {"PS256", TestKeys.rsa(), TestKeys.RSA_KID},
        new Object[] {"PS384", TestKeys.rsa(), TestKeys.RSA_KID},
        new Object[] {"PS512", TestKeys.rsa(), TestKeys.RSA_KID},
        new Object[] {"ES256", TestKeys.ec(), TestKeys.EC_KID},
        new Object[] {"ES384", TestKeys.ec384(), TestKeys.EC384_KID},
        new Object[] {"EdDSA", TestKeys.ed25519(), TestKeys.ED_KID});
    return paths().flatMap(p -> algs.stream().map(a -> Arguments.of(p, a[0], a[1], a[2])));
  }

  private static DefaultTokenValidator validator(Path path) {
    if (path.expectNative) {
      assumeTrue(SignatureProviderTest.accpPlatform() || "true".equals(System.getenv("CI")),
          "ACCP's native library exists for linux-x86_64 only");
    }
    return (DefaultTokenValidator) TokenValidator.builder()
        .issuer(IssuerSettings.builder(TestTokens.ISSUER).jwks(TestKeys.jwkSet()).audiences(TestTokens.AUDIENCE)
            .build())
        .signatureProvider(path.setting)
        .cacheMaximumSize(0)
        .build();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("tokens")
  void everyPathAcceptsGoodTokensAndRejectsBadSignatures(Path path, String alg, KeyPair keys, String kid) {
    DefaultTokenValidator v = validator(path);
    JwsAlgorithm a = JwsAlgorithm.forName(alg);

    Provider used = v.signatureVerifier().providerFor(a);
    if (path.expectNative) {
      assertThat(used).as("%s verified natively", alg).isNotNull();
      assertThat(used.getName()).isEqualTo("AmazonCorrettoCryptoProvider");
    } else {
      assertThat(used).as("%s verified by the JDK", alg).isNull();
    }

    String good = TestTokens.signedWith(alg, keys.getPrivate(), kid).subject("alice").build();
    assertThat(v.verify(good).subject()).isEqualTo("alice");

    String tampered = flipSignatureBit(good);
    assertThatThrownBy(() -> v.verify(tampered)).isInstanceOf(InvalidSignatureException.class);

    // the right kid, the wrong key: a signature by another key of the same type
    KeyPair other = switch (a.family()) {
      case RSA, RSA_PSS -> TestKeys.rsa2();
      case EC -> generate(alg.equals("ES256") ? "secp256r1" : "secp384r1");
      default -> generate("Ed25519");
    };
    String forged = TestTokens.signedWith(alg, other.getPrivate(), kid).build();
    assertThatThrownBy(() -> v.verify(forged)).isInstanceOf(InvalidSignatureException.class);

    // a signature one byte too long (Wycheproof "SignatureWithGarbage"): raw JDK Ed25519 accepts this
    String longer = good + "AA";
    assertThatThrownBy(() -> v.verify(longer)).isInstanceOf(TokenException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  void ecdsaChecksAreOursOnEveryPath(Path path) throws Exception {
    DefaultTokenValidator v = validator(path);
    String good = TestTokens.es256().build();
    String input = good.substring(0, good.lastIndexOf('.'));

    // DER instead of JOSE r||s: the JDK provider would verify it, we must not
    Signature der = Signature.getInstance("SHA256withECDSA");
    der.initSign(TestKeys.ec().getPrivate());
    der.update(input.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    String derToken = input + "." + Base64Url.encode(der.sign());
    assertThatThrownBy(() -> v.verify(derToken)).isInstanceOf(InvalidSignatureException.class);

    // CVE-2022-21449 "psychic signature": r = s = 0
    String psychic = input + "." + Base64Url.encode(new byte[64]);
    assertThatThrownBy(() -> v.verify(psychic)).isInstanceOf(InvalidSignatureException.class);

    // the same r||s, truncated to the short form a lenient decoder might accept
    byte[] sig = Base64Url.decode(good.substring(good.lastIndexOf('.') + 1));
    String shortSig = input + "." + Base64Url.encode(Arrays.copyOf(sig, 63));
    assertThatThrownBy(() -> v.verify(shortSig)).isInstanceOf(InvalidSignatureException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("paths")
  void theRequestAuthenticatorPassesTheSettingToEveryRule(Path path) {
    if (path.expectNative) {
      assumeTrue(SignatureProviderTest.accpPlatform() || "true".equals(System.getenv("CI")),
          "ACCP's native library exists for linux-x86_64 only");
    }
    RequestAuthenticator auth = RequestAuthenticator.builder()
        .rule(JwtRule.builder(TestTokens.ISSUER).jwks(TestKeys.jwks()).audiences(TestTokens.AUDIENCE).build())
        .rule(JwtRule.builder("https://second.test").jwks(TestKeys.jwks()).audiences(TestTokens.AUDIENCE).build())
        .signatureProvider(path.setting)
        .build();
    for (String iss : List.of(TestTokens.ISSUER, "https://second.test")) {
      String good = TestTokens.es256().issuer(iss).subject("bob").build();
      assertThat(auth.authenticate(bearer(good)))
          .isInstanceOfSatisfying(AuthenticationOutcome.Authenticated.class,
              ok -> assertThat(ok.principal().subject()).isEqualTo("bob"));
      assertThat(auth.authenticate(bearer(flipSignatureBit(good))))
          .isInstanceOf(AuthenticationOutcome.Failed.class);
    }
    assertThatThrownBy(() -> RequestAuthenticator.builder().signatureProvider(SignatureProvider.off())
        .signatureProvider(SignatureProvider.auto()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("signatureProvider was already set");
  }

  private static dev.kserveauth.http.RequestView bearer(String token) {
    return new dev.kserveauth.http.RequestView("POST", "/v2/models/iris/infer", "h",
        java.util.Map.of("authorization", List.of("Bearer " + token)), java.util.Map.of(), java.util.Map.of(),
        "127.0.0.1", 8080, null);
  }

  private static String flipSignatureBit(String jws) {
    int dot = jws.lastIndexOf('.');
    byte[] sig = Base64Url.decode(jws.substring(dot + 1));
    sig[sig.length / 2] ^= 0x01;
    return jws.substring(0, dot + 1) + Base64Url.encode(sig);
  }

  private static KeyPair generate(String curveOrAlg) {
    try {
      if (curveOrAlg.equals("Ed25519")) {
        return java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      }
      java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
      g.initialize(new java.security.spec.ECGenParameterSpec(curveOrAlg));
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
