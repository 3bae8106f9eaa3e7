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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kserveauth.internal.jws.JwsAlgorithm;
import dev.kserveauth.internal.jws.SignatureVerifier;
import dev.kserveauth.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Files;
import java.security.Provider;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JDK path and the native (ACCP) path give the same verdict on every Wycheproof vector, except
 * exactly the ones listed here with their explanation. Both paths go through our own checks (JOSE
 * ECDSA length and {@code 0 < r, s < n}, Ed25519 length, RSA signature length), so the provider
 * only ever sees well-formed signatures; what is left are differences in the providers'
 * arithmetic:
 *
 * <ul>
 *   <li>ECDSA vectors marked valid whose {@code r} needs a reduction ({@code x(kG) >= n}): SunEC on
 *       JDK 17 rejects them, ACCP accepts them. The file says valid, so ACCP is right and the JDK
 *       gives a false negative (never a false positive).
 *   <li>RSA PKCS#1 v1.5 tc8 ("Missing NULL in the ASN encoding", verdict {@code acceptable}): the
 *       JDK accepts, ACCP rejects. Wycheproof allows either.
 * </ul>
 */
class WycheproofVerdictParityTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** file -> tcIds where the verdicts differ, with why (ACCP = native path). */
  static final Map<String, Set<Integer>> EXPECTED_DIFFERENCES = Map.of(
      // valid, x(kG) >= n: JDK 17 SunEC false negative, ACCP accepts as the file says
      "ecdsa_secp256r1_sha256_p1363_test.json", Set.of(115, 257),
      "ecdsa_secp384r1_sha384_p1363_test.json", Set.of(147, 275),
      // acceptable, DigestInfo without the NULL parameter: JDK accepts, ACCP rejects
      "rsa_signature_2048_sha256_test.json", Set.of(8),
      "rsa_signature_2048_sha384_test.json", Set.of(8),
      "rsa_signature_2048_sha512_test.json", Set.of(8));

  private static Provider accp;

  @BeforeAll
  static void requireAccp() {
    accp = AccpWycheproofTest.accp();
    assumeTrue(accp != null, "ACCP's native library does not load on this platform");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "rsa_signature_2048_sha256_test.json, RS256",
      "rsa_signature_2048_sha384_test.json, RS384",
      "rsa_signature_2048_sha512_test.json, RS512",
      "rsa_pss_2048_sha256_mgf1_32_test.json, PS256",
      "ecdsa_secp256r1_sha256_p1363_test.json, ES256",
      "ecdsa_secp384r1_sha384_p1363_test.json, ES384",
      "ed25519_test.json, EdDSA",
      "ecdsa_secp256r1_sha256_test.json, ES256"})
  void primitiveVerdictsAreIdenticalExceptTheExplainedOnes(String file, String algName) throws IOException {
    JwsAlgorithm alg = JwsAlgorithm.forName(algName);
    SignatureVerifier jdk = new SignatureVerifier(null);
    SignatureVerifier nativePath = new SignatureVerifier(accp);
    assertThat(nativePath.providerFor(alg)).isSameAs(accp);
    assertThat(jdk.providerFor(alg)).isNull();

    Map<Integer, String> differences = new TreeMap<>();
    int total = 0;
    for (JsonNode group : read(file).get("testGroups")) {
      JsonNode jwk = group.has("publicKeyJwk") ? group.get("publicKeyJwk") : group.get("keyJwk");
      JwkSet set = jwk != null ? JwkSet.parse(jwk.toString())
          : JwkSet.fromPem("-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(
              HexFormat.of().parseHex(group.get("publicKeyDer").asText())) + "\n-----END PUBLIC KEY-----");
      java.security.Key key = set.keys().get(0).key();
      for (JsonNode t : group.get("tests")) {
        total++;
        byte[] msg = HexFormat.of().parseHex(t.get("msg").asText());
        byte[] sig = HexFormat.of().parseHex(t.get("sig").asText());
        boolean a = jdk.verify(alg, key, msg, 0, msg.length, sig);
        boolean b = nativePath.verify(alg, key, msg, 0, msg.length, sig);
        if (a != b) {
          differences.put(t.get("tcId").asInt(), t.get("result").asText() + ": JDK " + verdict(a) + ", ACCP " + verdict(b)
              + " (" + t.get("comment").asText() + ")");
        }
      }
    }
    System.out.printf("Wycheproof %s (%s) JDK vs ACCP: %d vectors, %d different verdicts %s%n",
        file, alg, total, differences.size(), differences);
    assertThat(total).isPositive();
    assertThat(differences.keySet()).isEqualTo(EXPECTED_DIFFERENCES.getOrDefault(file, Set.of()));
    // every difference on a vector the file calls valid is the JDK rejecting, never ACCP
    differences.values().stream().filter(d -> d.startsWith("valid"))
        .forEach(d -> assertThat(d).contains("JDK rejects, ACCP accepts"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"json_web_signature_test.json", "json_web_key_test.json"})
  void joseVerdictsAreIdentical(String file) throws IOException {
    DefaultTokenValidator jdk = jwsValidator(SignatureProvider.off());
    DefaultTokenValidator nativePath = jwsValidator(SignatureProvider.of(accp));
    Map<Integer, String> differences = new TreeMap<>();
    int total = 0;
    for (JsonNode group : read(file).get("testGroups")) {
      JsonNode keyNode = group.has("public") ? group.get("public") : group.get("private");
      JwkSet set;
      try {
        set = keySet(keyNode);
      } catch (TokenException e) {
        total += group.get("tests").size(); // rejected at the key, identically on both paths
        continue;
      }
      for (JsonNode t : group.get("tests")) {
        total++;
        String a = outcome(jdk, t.get("jws").asText(), set);
        String b = outcome(nativePath, t.get("jws").asText(), set);
        if (!a.equals(b)) {
          differences.put(t.get("tcId").asInt(), "JDK " + a + " / ACCP " + b);
        }
      }
    }
    System.out.printf("Wycheproof %s JDK vs ACCP: %d vectors, %d different outcomes %s%n", file, total,
        differences.size(), differences);
    assertThat(total).isPositive();
    assertThat(differences).isEmpty();
  }

  /** Accepted, or the exception type and message: the reasons must match too, not only the verdict. */
  private static String outcome(DefaultTokenValidator v, String jws, JwkSet set) {
    try {
      v.verifyJws(jws, set, algorithms(set));
      return "accepted";
    } catch (TokenException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  private static String verdict(boolean accepted) {
    return accepted ? "accepts" : "rejects";
  }

  private static DefaultTokenValidator jwsValidator(SignatureProvider provider) {
    return (DefaultTokenValidator) TokenValidator.builder()
        .issuer(IssuerSettings.builder("wycheproof").jwks(JwkSet.of()).anyAudience().build())
        .signatureProvider(provider)
        .build();
  }

  private static JsonNode read(String file) throws IOException {
    return JSON.readTree(Files.readString(SharedTestData.wycheproof(file)));
  }

  /** As {@link WycheproofTest}: public JWKS, or HMAC secrets from configuration. */
  private static JwkSet keySet(JsonNode keys) {
    String json = keys.toString();
    boolean symmetric = false;
    for (JsonNode k : keys.has("keys") ? keys.get("keys") : JSON.createArrayNode().add(keys)) {
      symmetric |= "oct".equals(k.path("kty").asText());
    }
    return symmetric ? JwkSet.parseSymmetric(json) : JwkSet.parse(json);
  }

  /** As {@link WycheproofTest}: HS* only for a secret key set, every asymmetric algorithm otherwise. */
  private static Set<String> algorithms(JwkSet set) {
    boolean symmetric = !set.keys().isEmpty() && set.keys().get(0).kty().equals("oct");
    Set<String> out = new HashSet<>();
    for (JwsAlgorithm a : JwsAlgorithm.values()) {
      if ((a.family() == JwsAlgorithm.Family.HMAC) == symmetric) {
        out.add(a.name());
      }
    }
    return out;
  }
}
