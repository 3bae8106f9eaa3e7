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
package dev.kserveauth.samples.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keycloak's OIDC discovery document and JWKS as the library will see them, and the facts about
 * them the library's tests build on: the JWKS holds an RS256 signing key and an RSA-OAEP
 * encryption key of the same key type, and tokens verify with the signing key only.
 */
@KeycloakTest
class KeycloakDiscoveryIT {

  @Test
  @SuppressWarnings("unchecked")
  void discoveryNamesTheIssuerAndJwksUri(KeycloakClient keycloak) {
    Map<String, Object> d = keycloak.discovery();
    assertThat(d.get("issuer")).isEqualTo(keycloak.server().issuer());
    assertThat(d.get("jwks_uri")).isEqualTo(keycloak.server().jwksUrl());
    assertThat(d.get("token_endpoint")).isEqualTo(keycloak.server().tokenEndpoint());
    assertThat((List<Object>) d.get("id_token_signing_alg_values_supported")).contains("RS256");
    assertThat((List<Object>) d.get("grant_types_supported")).contains("client_credentials", "password");
  }

  @Test
  void jwksHoldsASigningAndAnEncryptionRsaKey(KeycloakClient keycloak) {
    List<Map<String, Object>> keys = keycloak.jwks();
    assertThat(keys).anySatisfy(k -> {
      assertThat(k.get("kty")).isEqualTo("RSA");
      assertThat(k.get("use")).isEqualTo("sig");
      assertThat(k.get("alg")).isEqualTo("RS256");
    });
    assertThat(keys).anySatisfy(k -> {
      assertThat(k.get("kty")).isEqualTo("RSA");
      assertThat(k.get("use")).isEqualTo("enc");
      assertThat(k.get("alg")).isEqualTo("RSA-OAEP");
    });
  }

  @Test
  void tokensVerifyWithTheSigningKeyAndNotWithTheEncryptionKey(KeycloakClient keycloak) throws Exception {
    String token = keycloak.accessToken("alice");
    Map<String, Object> header = KeycloakClient.header(token);
    assertThat(header.get("alg")).isEqualTo("RS256");
    List<Map<String, Object>> keys = keycloak.jwks();
    Map<String, Object> sig = keys.stream().filter(k -> k.get("kid").equals(header.get("kid"))).findFirst().orElseThrow();
    assertThat(sig.get("use")).isEqualTo("sig");
    assertThat(rs256Verifies(token, rsa(sig))).isTrue();
    for (Map<String, Object> enc : keys.stream().filter(k -> "enc".equals(k.get("use"))).toList()) {
      assertThat(rs256Verifies(token, rsa(enc))).isFalse();
    }
    // a flipped payload byte breaks the signature: the raw check itself can fail
    String[] parts = token.split("\\.");
    String tampered = parts[0] + "." + parts[1].substring(0, 10)
        + (parts[1].charAt(10) == 'A' ? 'B' : 'A') + parts[1].substring(11) + "." + parts[2];
    assertThat(rs256Verifies(tampered, rsa(sig))).isFalse();
  }

  @Test
  void managementInterfaceReportsReady(KeycloakServer server) {
    KeycloakClient raw = new KeycloakClient(server);
    Map<String, Object> health = raw.getJson(server.managementUrl() + "/health/ready");
    assertThat(health.get("status")).isEqualTo("UP");
    assertThat(server.startupDuration()).isPositive();
  }

  static PublicKey rsa(Map<String, Object> jwk) throws Exception {
    Base64.Decoder d = Base64.getUrlDecoder();
    return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
        new BigInteger(1, d.decode((String) jwk.get("n"))), new BigInteger(1, d.decode((String) jwk.get("e")))));
  }

  static boolean rs256Verifies(String jws, PublicKey key) throws Exception {
    int dot = jws.lastIndexOf('.');
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initVerify(key);
    s.update(jws.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
    return s.verify(Base64.getUrlDecoder().decode(jws.substring(dot + 1)));
  }
}
