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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kserveauth.internal.jws.JwsAlgorithm;
import dev.kserveauth.internal.jws.SignatureVerifier;
import dev.kserveauth.testing.SharedTestData;
import dev.kserveauth.testing.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.security.Provider;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Project Wycheproof (C2SP/wycheproof, testvectors_v1) through the real pipeline: keys through
 * {@link JwkSet#parse} / {@link JwkSet#parseSymmetric} / {@link JwkSet#fromPem} (every key check), tokens
 * through the compact-JWS parser, key selection and the signature seam, primitives through the seam.
 *
 * <p>Vectors whose file verdict is "valid" but which we reject on purpose are listed in
 * {@link #REJECTED_ON_PURPOSE} with the reason; the test fails if any of them is accepted or if any
 * other vector disagrees with the file.
 */
class WycheproofTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** json_web_signature_test.json vectors marked "valid" that we reject deliberately. */
  static final Map<Integer, String> REJECTED_ON_PURPOSE = Map.of(
      346, "Figure20 is PS384 but the JWK says alg PS256: a key's alg binds it to that algorithm (RFC 7517 "
          + "section 4.4, RFC 8725 section 3.1); Wycheproof itself rejects the same mismatch for ps512 tc337-340",
      350, "same as tc346 (key_ops variant)",
      347, "the JWK says alg 'ES521', which is not a registered JWS algorithm: the key is not used (skipped)",
      351, "same as tc347 (key_ops variant)",
      372, "'?' inserted in the header: not base64url; we decode strictly instead of dropping bad characters",
      373, "'?' inserted in the payload: not base64url; we decode strictly instead of dropping bad characters");

  /**
   * json_web_signature_test.json vectors marked "invalid" that are byte-for-byte identical to tc357,
   * which the same file marks "valid": the v1 conversion lost the '=' padding their names refer to.
   * The test asserts the identity, and that the padded forms the names describe are rejected.
   */
  static final Map<Integer, String> FILE_DEFECTS = Map.of(
      367, "identical to tc357 (valid); intended: '=' padding on the signature",
      370, "identical to tc357 (valid); intended: '=' padding on the payload");

  /**
   * Primitive ECDSA vectors marked "valid" that the JDK's SunEC provider rejects (the x-coordinate of
   * k*G is >= n, so r needs a reduction; SunEC on JDK 17 fails these). Not a security issue: a false
   * negative. The test proves it is the provider, not our checks, by running raw JCA on them too.
   */
  static final Map<String, Set<Integer>> JDK_FALSE_NEGATIVES = Map.of(
      "ecdsa_secp256r1_sha256_p1363_test.json", Set.of(115, 257),
      "ecdsa_secp384r1_sha384_p1363_test.json", Set.of(147, 275));

  /** Subclasses (e.g. a native-provider run) may verify through another provider. */
  Provider provider() {
    return null;
  }

  private DefaultTokenValidator jwsValidator() {
    return (DefaultTokenValidator) TokenValidator.builder()
        .issuer(IssuerSettings.builder("wycheproof").jwks(JwkSet.of()).anyAudience().build())
        .signatureProvider(provider())
        .build();
  }

  private static JsonNode read(String file) throws IOException {
    return JSON.readTree(Files.readString(SharedTestData.wycheproof(file)));
  }

  /** Loads a key set the way an issuer would: public JWKS, or HMAC secrets from configuration. */
  private static JwkSet keySet(JsonNode keys) {
    String json = keys.toString();
    boolean symmetric = false;
    for (JsonNode k : keys.has("keys") ? keys.get("keys") : JSON.createArrayNode().add(keys)) {
      symmetric |= "oct".equals(k.path("kty").asText());
    }
    return symmetric ? JwkSet.parseSymmetric(json) : JwkSet.parse(json);
  }

  /** Issuer-style allow-list: HS* only for a secret key set, every asymmetric algorithm otherwise. */
  private static Set<String> algorithms(JwkSet set) {
    boolean symmetric = !set.keys().isEmpty() && set.keys().get(0).kty().equals("oct");
    Set<String> out = new java.util.HashSet<>();
    for (JwsAlgorithm a : JwsAlgorithm.values()) {
      if ((a.family() == JwsAlgorithm.Family.HMAC) == symmetric) {
        out.add(a.name());
      }
    }
    return out;
  }

  record Outcome(int total, int agree, List<String> onPurpose, List<String> disagree) {}

  private Outcome runJoseFile(String file, Map<Integer, String> onPurpose) throws IOException {
    JsonNode root = read(file);
    DefaultTokenValidator v = jwsValidator();
    int total = 0;
    int agree = 0;
    List<String> purposeful = new ArrayList<>();
    List<String> disagree = new ArrayList<>();
    Map<Integer, String> tokens = new java.util.HashMap<>();
    for (JsonNode group : root.get("testGroups")) {
      for (JsonNode t : group.get("tests")) {
        tokens.put(t.get("tcId").asInt(), t.get("jws").asText());
      }
    }
    for (JsonNode group : root.get("testGroups")) {
      JsonNode keyNode = group.has("public") ? group.get("public") : group.get("private");
      JwkSet set = null;
      TokenException keyError = null;
      try {
        set = keySet(keyNode);
      } catch (TokenException e) {
        keyError = e;
      }
      for (JsonNode t : group.get("tests")) {
        total++;
        int tc = t.get("tcId").asInt();
        boolean expectValid = t.get("result").asText().equals("valid");
        boolean accepted;
        String reason;
        if (keyError != null) {
          accepted = false;
          reason = keyError.getMessage();
        } else {
          try {
            v.verifyJws(t.get("jws").asText(), set, algorithms(set));
            accepted = true;
            reason = "accepted";
          } catch (TokenException e) {
            accepted = false;
            reason = e.getClass().getSimpleName() + ": " + e.getMessage();
          }
        }
        if (accepted == expectValid) {
          agree++;
        } else if (expectValid && onPurpose.containsKey(tc)) {
          purposeful.add("tc" + tc + " (" + reason + ")");
        } else if (!expectValid && file.startsWith("json_web_signature") && FILE_DEFECTS.containsKey(tc)) {
          assertThat(t.get("jws").asText()).as("tc%d is identical to tc357", tc).isEqualTo(tokens.get(357));
          purposeful.add("tc" + tc + " (file defect: " + FILE_DEFECTS.get(tc) + ")");
        } else {
          disagree.add("tc" + tc + " " + t.get("comment").asText() + " expected " + t.get("result").asText()
              + " got " + reason);
        }
      }
    }
    return new Outcome(total, agree, purposeful, disagree);
  }

  @Test
  void jsonWebSignature() throws IOException {
    Outcome o = runJoseFile("json_web_signature_test.json", REJECTED_ON_PURPOSE);
    System.out.printf("Wycheproof json_web_signature_test.json: %d vectors, %d agree with the file, %d deliberate differences "
        + "(valid ones rejected on purpose, file defects) %s, %d disagree%n", o.total, o.agree, o.onPurpose.size(), o.onPurpose, o.disagree.size());
    assertThat(o.disagree).isEmpty();
    assertThat(o.total).isEqualTo(401);
    assertThat(o.agree + o.onPurpose.size()).isEqualTo(401);
    assertThat(o.onPurpose).hasSize(REJECTED_ON_PURPOSE.size() + FILE_DEFECTS.size());
    // the padded forms the two defective vectors were meant to test are rejected
    String tc357 = "eyJraWQiOiJoczI1Ni1rZXkiLCJhbGciOiJIUzI1NiJ9.VGVzdA.c1LROH7eNQwUT8KMVEO52VC3WZ9e_AnDWbZ7aMmowV8";
    JwkSet key = JwkSet.parseSymmetric(
        "{\"kty\":\"oct\",\"kid\":\"hs256-key\",\"use\":\"sig\",\"alg\":\"HS256\",\"k\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}");
    DefaultTokenValidator v = jwsValidator();
    assertThat(v.verifyJws(tc357, key, Set.of("HS256"))).isNotEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> v.verifyJws(tc357 + "=", key, Set.of("HS256")))
        .isInstanceOf(MalformedTokenException.class).hasMessage("token signature is not canonical base64url");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> v.verifyJws(tc357.replace(".VGVzdA.", ".VGVzdA==."), key, Set.of("HS256")))
        .isInstanceOf(MalformedTokenException.class).hasMessage("token payload is not canonical base64url");
  }

  @Test
  void jsonWebKey() throws IOException {
    Outcome o = runJoseFile("json_web_key_test.json", Map.of());
    System.out.printf("Wycheproof json_web_key_test.json: %d vectors, %d agree with the file, %d disagree%n",
        o.total, o.agree, o.disagree.size());
    assertThat(o.disagree).isEmpty();
    assertThat(o.agree).isEqualTo(26);
  }

  // ---- primitive files: key through the same key path, signature through the same seam ----

  record PrimitiveOutcome(int total, int agree, int acceptable, List<String> disagree) {}

  private PrimitiveOutcome runPrimitive(String file, JwsAlgorithm alg) throws IOException {
    JsonNode root = read(file);
    SignatureVerifier verifier = new SignatureVerifier(provider());
    int total = 0;
    int agree = 0;
    int acceptable = 0;
    List<String> disagree = new ArrayList<>();
    List<Integer> jdkFalseNegatives = new ArrayList<>();
    for (JsonNode group : root.get("testGroups")) {
      JsonNode jwk = group.has("publicKeyJwk") ? group.get("publicKeyJwk") : group.get("keyJwk");
      JwkSet set = jwk != null ? JwkSet.parse(jwk.toString())
          : JwkSet.fromPem("-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(
              HexFormat.of().parseHex(group.get("publicKeyDer").asText())) + "\n-----END PUBLIC KEY-----");
      VerificationKey key = set.keys().get(0);
      assertThat(key.allowedAlgorithms()).contains(alg.name());
      for (JsonNode t : group.get("tests")) {
        total++;
        byte[] msg = HexFormat.of().parseHex(t.get("msg").asText());
        byte[] sig = HexFormat.of().parseHex(t.get("sig").asText());
        boolean accepted = verifier.verify(alg, key.key(), msg, 0, msg.length, sig);
        String result = t.get("result").asText();
        int tc = t.get("tcId").asInt();
        if (result.equals("acceptable")) {
          acceptable++;
        } else if (accepted == result.equals("valid")) {
          agree++;
        } else if (!accepted && JDK_FALSE_NEGATIVES.getOrDefault(file, Set.of()).contains(tc)) {
          assertThat(rawJca(alg, key, msg, sig)).as("raw JCA also rejects %s tc%d", file, tc).isFalse();
          jdkFalseNegatives.add(tc);
        } else {
          disagree.add("tc" + tc + " " + t.get("comment").asText() + " " + t.get("flags") + " expected " + result
              + " got " + (accepted ? "accepted" : "rejected"));
        }
      }
    }
    System.out.printf("Wycheproof %s (%s): %d vectors, %d agree, %d 'acceptable', %d valid ones the JDK provider "
        + "rejects %s, %d disagree%n", file, alg, total, agree, acceptable, jdkFalseNegatives.size(), jdkFalseNegatives,
        disagree.size());
    return new PrimitiveOutcome(total, agree + jdkFalseNegatives.size(), acceptable, disagree);
  }

  private void primitive(String file, JwsAlgorithm alg, int expectedTotal) throws IOException {
    PrimitiveOutcome o = runPrimitive(file, alg);
    assertThat(o.disagree).isEmpty();
    assertThat(o.total).isEqualTo(expectedTotal);
    assertThat(o.agree + o.acceptable).isEqualTo(expectedTotal);
  }

  /** Plain JCA with the same provider choice, without any of our checks. */
  private boolean rawJca(JwsAlgorithm alg, VerificationKey key, byte[] msg, byte[] sig) {
    try {
      java.security.Signature s = provider() == null ? java.security.Signature.getInstance(alg.jcaName())
          : java.security.Signature.getInstance(alg.jcaName(), provider());
      s.initVerify((java.security.PublicKey) key.key());
      s.update(msg);
      return s.verify(sig);
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }

  @Test
  void rs256() throws IOException {
    primitive("rsa_signature_2048_sha256_test.json", JwsAlgorithm.RS256, 259);
  }

  @Test
  void rs384() throws IOException {
    primitive("rsa_signature_2048_sha384_test.json", JwsAlgorithm.RS384, 258);
  }

  @Test
  void rs512() throws IOException {
    primitive("rsa_signature_2048_sha512_test.json", JwsAlgorithm.RS512, 259);
  }

  @Test
  void ps256() throws IOException {
    primitive("rsa_pss_2048_sha256_mgf1_32_test.json", JwsAlgorithm.PS256, 108);
  }

  @Test
  void es256() throws IOException {
    primitive("ecdsa_secp256r1_sha256_p1363_test.json", JwsAlgorithm.ES256, 262);
  }

  @Test
  void es384() throws IOException {
    primitive("ecdsa_secp384r1_sha384_p1363_test.json", JwsAlgorithm.ES384, 280);
  }

  @Test
  void ed25519() throws IOException {
    primitive("ed25519_test.json", JwsAlgorithm.EdDSA, 151);
  }

  /** DER-encoded ECDSA signatures are not JOSE signatures: every one of them must be rejected. */
  @Test
  void es256DerSignaturesAreAllRejected() throws IOException {
    JsonNode root = read("ecdsa_secp256r1_sha256_test.json");
    SignatureVerifier verifier = new SignatureVerifier(provider());
    int total = 0;
    Map<String, Integer> rejected = new TreeMap<>();
    for (JsonNode group : root.get("testGroups")) {
      JwkSet set = JwkSet.fromPem("-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(
          HexFormat.of().parseHex(group.get("publicKeyDer").asText())) + "\n-----END PUBLIC KEY-----");
      for (JsonNode t : group.get("tests")) {
        total++;
        byte[] msg = HexFormat.of().parseHex(t.get("msg").asText());
        byte[] sig = HexFormat.of().parseHex(t.get("sig").asText());
        assertThat(verifier.verify(JwsAlgorithm.ES256, set.keys().get(0).key(), msg, 0, msg.length, sig))
            .as("tc%s", t.get("tcId")).isFalse();
        rejected.merge(t.get("result").asText(), 1, Integer::sum);
      }
    }
    System.out.printf("Wycheproof ecdsa_secp256r1_sha256_test.json (DER as ES256): %d vectors, all rejected %s%n",
        total, rejected);
    assertThat(total).isEqualTo(484);
  }

  @Test
  void testKeysAreAcceptedByTheSameChecks() {
    assertThat(TestKeys.jwkSet().keys()).hasSize(4);
  }
}
