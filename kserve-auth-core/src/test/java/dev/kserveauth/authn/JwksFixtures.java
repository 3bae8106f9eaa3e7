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

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** RSA keys and JWKS documents for key-source tests, plus a minimal RSA-only JWKS parser. */
final class JwksFixtures {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, KeyPair> KEYS = new LinkedHashMap<>();

  private JwksFixtures() {}

  static synchronized KeyPair rsa(String kid) {
    return KEYS.computeIfAbsent(kid, k -> {
      try {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  static String jwks(String... kids) {
    List<String> keys = new ArrayList<>();
    for (String kid : kids) {
      RSAPublicKey pub = (RSAPublicKey) rsa(kid).getPublic();
      keys.add("{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"n\":\"" + b64(pub.getModulus())
          + "\",\"e\":\"" + b64(pub.getPublicExponent()) + "\"}");
    }
    return "{\"keys\":[" + String.join(",", keys) + "]}";
  }

  private static String b64(BigInteger v) {
    byte[] b = v.toByteArray();
    if (b.length > 1 && b[0] == 0) {
      b = java.util.Arrays.copyOfRange(b, 1, b.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** RSA-only parser standing in for the production JWK parser in these cache tests. */
  static JwkSet parse(byte[] body) {
    try {
      JsonNode doc = JSON.readTree(new String(body, StandardCharsets.UTF_8));
      List<VerificationKey> out = new ArrayList<>();
      for (JsonNode k : doc.get("keys")) {
        BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(k.get("n").asText()));
        BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(k.get("e").asText()));
        out.add(new VerificationKey(k.get("kid").asText(), "RSA", "RS256",
            KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)), Set.of("RS256")));
      }
      return new JwkSet(out);
    } catch (Exception e) {
      throw new IllegalArgumentException("invalid JWKS: " + e.getMessage(), e);
    }
  }
}
