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

import dev.kserveauth.internal.jws.Base64Url;
import dev.kserveauth.testing.TestKeys;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwkSetTest {

  private static String rsaJwk(Map<String, Object> extra) {
    Map<String, Object> m = new LinkedHashMap<>(TestKeys.publicJwkMap(TestKeys.RSA_KID, TestKeys.rsa().getPublic()));
    m.putAll(extra);
    m.values().removeIf(v -> v == null);
    return TestKeys.json(m);
  }

  @Test
  void parsesRsaEcOkpKeysWithDerivedAlgorithms() {
    JwkSet set = TestKeys.jwkSet();
    assertThat(set.find(TestKeys.RSA_KID).orElseThrow().allowedAlgorithms())
        .containsExactlyInAnyOrder("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
    assertThat(set.find(TestKeys.EC_KID).orElseThrow().allowedAlgorithms()).containsExactly("ES256");
    assertThat(set.find(TestKeys.EC384_KID).orElseThrow().allowedAlgorithms()).containsExactly("ES384");
    assertThat(set.find(TestKeys.ED_KID).orElseThrow().allowedAlgorithms()).containsExactly("EdDSA");
    assertThat(set.find(null)).isEmpty();
    assertThat(set.skipped()).isEmpty();
  }

  @Test
  void jwkAlgBindsTheKeyToOneAlgorithm() {
    VerificationKey k = JwkSet.parse(TestKeys.jwksOf(rsaJwk(Map.of("alg", "PS256")))).keys().get(0);
    assertThat(k.allowedAlgorithms()).containsExactly("PS256");
    assertThat(k.alg()).isEqualTo("PS256");
  }

  @Test
  void keysForOtherPurposesAreSkippedWithTheReason() {
    String enc = rsaJwk(Map.of("use", "enc", "kid", "enc-1"));
    String oaep = TestKeys.json(Map.of("kty", "RSA", "kid", "oaep", "alg", "RSA-OAEP",
        "n", TestKeys.publicJwkMap(null, TestKeys.rsa2().getPublic()).get("n"), "e", "AQAB"));
    String ops = TestKeys.json(Map.of("kty", "EC", "kid", "ops", "crv", "P-256", "key_ops", List.of("encrypt"),
        "x", TestKeys.publicJwkMap(null, TestKeys.ec().getPublic()).get("x"),
        "y", TestKeys.publicJwkMap(null, TestKeys.ec().getPublic()).get("y")));
    String k1 = TestKeys.json(Map.of("kty", "EC", "kid", "k1", "crv", "secp256k1", "x", "AA", "y", "AA"));
    String x25519 = TestKeys.json(Map.of("kty", "OKP", "kid", "x", "crv", "X25519", "x", "AA"));
    String unknownAlg = rsaJwk(Map.of("kid", "es521", "alg", "RS1"));
    JwkSet set = JwkSet.parse(TestKeys.jwksOf(enc, oaep, ops, k1, x25519, unknownAlg, TestKeys.publicJwk("ed", TestKeys.ed25519().getPublic())));
    assertThat(set.keys()).extracting(VerificationKey::kid).containsExactly("ed");
    assertThat(set.skipped()).containsEntry("enc-1", "use is 'enc', not 'sig'")
        .containsEntry("oaep", "alg 'RSA-OAEP' is an encryption algorithm")
        .containsEntry("ops", "key_ops does not include 'verify'")
        .containsEntry("k1", "EC curve 'secp256k1' is not supported")
        .containsEntry("x", "OKP curve 'X25519' is not a signature curve this validator supports")
        .containsEntry("es521", "alg 'RS1' is not a supported JWS signature algorithm");
  }

  @Test
  void aSetOfOnlyWeakOrBrokenKeysFailsNamingTheMember() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    RSAPublicKey small = (RSAPublicKey) g.generateKeyPair().getPublic();
    assertThatThrownBy(() -> JwkSet.parse(TestKeys.jwksOf(TestKeys.publicJwk("small", small))))
        .isInstanceOf(InvalidJwkException.class)
        .hasMessageContaining("JWK 'small': member 'n' is an RSA modulus of 1024 bits; at least 2048 required");
    assertThatThrownBy(() -> JwkSet.parse(TestKeys.jwksOf(rsaJwk(Map.of("e", "AQ")))))
        .isInstanceOf(InvalidJwkException.class).hasMessageContaining("JWK 'rsa-1': member 'e' is not an acceptable RSA public exponent");
    assertThatThrownBy(() -> JwkSet.parse(TestKeys.jwksOf(rsaJwk(Map.of("n", "AQAB=")))))
        .isInstanceOf(InvalidJwkException.class).hasMessageContaining("JWK 'rsa-1': member 'n' is not canonical base64url");
    assertThatThrownBy(() -> JwkSet.parse(TestKeys.jwksOf(rsaJwk(Map.of("alg", "ES256")))))
        .isInstanceOf(InvalidJwkException.class).hasMessageContaining("JWK 'rsa-1': alg 'ES256' does not match kty 'RSA'");
    Map<String, Object> ec = new LinkedHashMap<>(TestKeys.publicJwkMap("ec", TestKeys.ec().getPublic()));
    ec.put("alg", "ES384");
    assertThatThrownBy(() -> JwkSet.parse(TestKeys.jwksOf(TestKeys.json(ec))))
        .isInstanceOf(InvalidJwkException.class).hasMessageContaining("JWK 'ec': alg 'ES384' does not match crv 'P-256'");
    ec.remove("alg");
    byte[] y = Base64Url.decode((String) ec.get("y"));
    y[31] ^= 1;
    ec.put("y", Base64Url.encode(y));
    assertThatThrownBy(() -> JwkSet.parse(TestKeys.jwksOf(TestKeys.json(ec))))
        .isInstanceOf(InvalidJwkException.class).hasMessageContaining("JWK 'ec': members 'x'/'y' are not a point on the curve");
    ec.put("y", Base64Url.encode(java.util.Arrays.copyOf(y, 33)));
    assertThatThrownBy(() -> JwkSet.parse(TestKeys.jwksOf(TestKeys.json(ec))))
        .isInstanceOf(InvalidJwkException.class).hasMessageContaining("must be at most 32 bytes for crv 'P-256'");
    assertThatThrownBy(() -> JwkSet.parse(TestKeys.jwksOf(TestKeys.json(Map.of("kty", "RSA", "kid", "r", "e", "AQAB")))))
        .isInstanceOf(InvalidJwkException.class).hasMessageContaining("JWK 'r': member 'n' is missing");
  }

  @Test
  void privateMembersSecretsAndDuplicateKidsLeaveNoUsableKey() {
    assertThatThrownBy(() -> JwkSet.parse(TestKeys.jwksOf(rsaJwk(Map.of("d", "AQAB")))))
        .isInstanceOf(InvalidJwkException.class).hasMessageContaining("JWK 'rsa-1': publishes private key member 'd'");
    assertThatThrownBy(() -> JwkSet.parse(TestKeys.jwksOf(TestKeys.json(Map.of("kty", "oct", "kid", "h", "k", "AAAA")))))
        .isInstanceOf(InvalidJwkException.class).hasMessageContaining("JWK 'h': symmetric key (kty 'oct') in a published JWKS");
    String oct = TestKeys.json(Map.of("kty", "oct", "kid", "h", "k", Base64Url.encode(TestKeys.hmacSecret())));
    assertThatThrownBy(() -> JwkSet.parseSymmetric(TestKeys.jwksOf(oct, rsaJwk(Map.of()))))
        .isInstanceOf(InvalidJwkException.class).hasMessageContaining("JWKS mixes symmetric (kty 'oct') and asymmetric keys");
    assertThatThrownBy(() -> JwkSet.parse(TestKeys.jwksOf(rsaJwk(Map.of()), rsaJwk(Map.of()))))
        .isInstanceOf(InvalidJwkException.class).hasMessageContaining("kid 'rsa-1' names more than one signature key; none of them is used");
    assertThatThrownBy(() -> JwkSet.parse("{\"keys\":[],\"keys\":[]}"))
        .isInstanceOf(InvalidJwkException.class).hasMessageContaining("JWKS is not valid JSON");
    assertThatThrownBy(() -> JwkSet.parse("{\"keys\":{}}")).isInstanceOf(InvalidJwkException.class)
        .hasMessageContaining("JWKS member 'keys' is not an array");
    assertThatThrownBy(() -> JwkSet.of(TestKeys.jwkSet().keys().get(0), TestKeys.jwkSet().keys().get(0)))
        .isInstanceOf(InvalidJwkException.class).hasMessage("key set has two keys with kid 'rsa-1'");
  }

  @Test
  void hmacSecretsNeedTheirHashLength() {
    JwkSet s = JwkSet.parseSymmetric(TestKeys.jwksOf(
        TestKeys.json(Map.of("kty", "oct", "kid", "h", "k", Base64Url.encode(new byte[48])))));
    assertThat(s.keys().get(0).allowedAlgorithms()).containsExactlyInAnyOrder("HS256", "HS384");
    assertThatThrownBy(() -> JwkSet.ofSecret("x", new byte[31])).isInstanceOf(InvalidJwkException.class)
        .hasMessage("HMAC secret: member 'k' is an HMAC secret of 31 bytes; at least 32 required");
    assertThatThrownBy(() -> JwkSet.parseSymmetric(TestKeys.jwksOf(
        TestKeys.json(Map.of("kty", "oct", "kid", "h", "alg", "HS512", "k", Base64Url.encode(new byte[48]))))))
        .isInstanceOf(InvalidJwkException.class).hasMessageContaining("at least 64 required for HS512");
  }

  @Test
  void pemPublicKeysCertificatesAndPkcs1() {
    JwkSet rsa = JwkSet.fromPem("k", TestKeys.pem(TestKeys.rsa().getPublic()));
    assertThat(rsa.keys().get(0).kid()).isEqualTo("k");
    assertThat(rsa.keys().get(0).key()).isEqualTo(TestKeys.rsa().getPublic());
    JwkSet both = JwkSet.fromPem(TestKeys.pem(TestKeys.ec().getPublic()) + TestKeys.pem(TestKeys.ed25519().getPublic()));
    assertThat(both.keys()).extracting(VerificationKey::kty).containsExactly("EC", "OKP");
    // PKCS#1 "RSA PUBLIC KEY": the SubjectPublicKeyInfo minus its 24-byte header for a 2048-bit key
    byte[] spki = TestKeys.rsa().getPublic().getEncoded();
    byte[] pkcs1 = java.util.Arrays.copyOfRange(spki, 24, spki.length);
    String pem = "-----BEGIN RSA PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs1) + "\n-----END RSA PUBLIC KEY-----";
    assertThat(JwkSet.fromPem(pem).keys().get(0).key()).isEqualTo(TestKeys.rsa().getPublic());
    assertThatThrownBy(() -> JwkSet.fromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
        .isInstanceOf(InvalidJwkException.class).hasMessageContaining("private keys are not accepted");
    assertThatThrownBy(() -> JwkSet.fromPem("nothing here")).isInstanceOf(InvalidJwkException.class);
  }

  @Test
  void aSingleKeyWithoutKidServesAnyKid() {
    JwkSet pem = JwkSet.fromPem(TestKeys.pem(TestKeys.rsa().getPublic()));
    assertThat(pem.find("whatever")).isPresent();
    assertThat(pem.find(null)).isPresent();
    JwkSet named = JwkSet.fromPem("k1", TestKeys.pem(TestKeys.rsa().getPublic()));
    assertThat(named.find("k2")).isEmpty();
    assertThat(named.find(null)).isPresent();
  }

  @Test
  void rocaFingerprintIsDetected() {
    // the Wycheproof ROCA modulus (json_web_key_test.json tc7)
    String n = "AanFpofbj7KjD4Lf-N2hVMKR7yewSyXhhbirIMTGpfYEhZ_lnt5UoK98DnKIgArXGTu3MaW_HhFw16HGaTDUHqPrId7fe4r11CqRw09yBFuW79V8sYI"
        + "wHdzCaWflUI6auImYbVfoN9_nD5n8N8SY9DwXw7mwZM9wREPXoDPgOoIWl6q_MPsp7n0zs3Z5ZaiQWOOzl1S9OhwAfSiiOwz6efnXEaxuTEtPd7BjSx7NaFka8D"
        + "x9U7YqXy2RFj1O9PjyaDGuRh7YXsX3iMUSP_wSyHQg_c_qHRtKUsNSGCT7OZg0hzm2KphtjnayKJvC64vAbROBR4Ubg6Bxg9IQVZ-QYyE";
    assertThatThrownBy(() -> JwkSet.parse(TestKeys.json(Map.of("kty", "RSA", "kid", "roca", "n", n, "e", "AQAB"))))
        .isInstanceOf(InvalidJwkException.class).hasMessageContaining("ROCA");
    // fresh JDK keys never match the fingerprint
    assertThat(JwkSet.parse(TestKeys.jwks(TestKeys.RSA_KID, TestKeys.RSA2_KID)).keys()).hasSize(2);
  }

  @Test
  void toStringHasNoKeyMaterial() {
    String s = TestKeys.jwkSet().toString();
    assertThat(s).contains("rsa-1").doesNotContain((String) TestKeys.publicJwkMap(null, TestKeys.rsa().getPublic()).get("n"));
  }
}
