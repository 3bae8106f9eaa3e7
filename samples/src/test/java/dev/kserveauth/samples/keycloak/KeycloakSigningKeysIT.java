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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kserveauth.authn.JwkSet;
import dev.kserveauth.authn.KeyNotFoundException;
import dev.kserveauth.authn.KeySource;
import dev.kserveauth.authn.Principal;
import dev.kserveauth.authn.TokenException;
import dev.kserveauth.authn.TokenValidator;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Keycloak's signing keys as the admin REST API manages them, against a validator that keeps
 * running: the RSA-OAEP encryption key Keycloak publishes in its JWKS is never used to verify a
 * signature, and a key rotation (new active key, old one passive, then disabled) is picked up
 * without a restart.
 *
 * <p>To prove the first point with a real signature, the test imports an RSA key pair it holds into
 * Keycloak twice over: once as an encryption key ({@code rsa-enc}), once as a signing key
 * ({@code rsa}, low priority so Keycloak keeps signing with its own). A token signed with the
 * encryption key is rejected; the same claims signed with the signing key pass. The only difference
 * is the JWK's {@code use}.
 */
@KeycloakTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakSigningKeysIT {

  @Test
  @Order(1)
  void encryptionKeysAreSkippedWithTheirReason(KeycloakClient keycloak) {
    KeySource keys = LibraryWiring.discovery(keycloak.server().issuer(), Clock.systemUTC());
    JwkSet set = keys.keys().toCompletableFuture().join();
    List<String> encKids = keycloak.jwks().stream().filter(k -> "enc".equals(k.get("use")))
        .map(k -> (String) k.get("kid")).toList();
    List<String> sigKids = keycloak.jwks().stream().filter(k -> "sig".equals(k.get("use")))
        .map(k -> (String) k.get("kid")).toList();
    assertThat(encKids).isNotEmpty();
    for (String kid : encKids) {
      assertThat(set.find(kid)).as("enc key %s", kid).isEmpty();
      assertThat(set.skipped()).containsKey(kid);
      assertThat(set.skipped().get(kid)).contains("enc");
    }
    for (String kid : sigKids) {
      assertThat(set.find(kid)).as("sig key %s", kid).isPresent();
    }
  }

  @Test
  @Order(2)
  void aTokenSignedWithThePublishedEncryptionKeyIsRejected(KeycloakClient keycloak) throws Exception {
    KeyPair encPair = rsaKeyPair();
    KeyPair sigPair = rsaKeyPair();
    String encKid = keycloak.importRsaKey("test-enc-" + UUID.randomUUID(), encPair, "enc", 5);
    String sigKid = keycloak.importRsaKey("test-sig-" + UUID.randomUUID(), sigPair, "sig", 5);
    Map<String, Object> published = keycloak.jwks().stream().filter(k -> encKid.equals(k.get("kid"))).findFirst()
        .orElseThrow();
    assertThat(published.get("use")).isEqualTo("enc");
    assertThat(published.get("alg")).isEqualTo("RSA-OAEP");
    assertThat(keycloak.activeRs256Kid()).isNotEqualTo(sigKid); // Keycloak still signs with its own key

    // claims copied from a real token, so everything but the key is what Keycloak would issue
    Map<String, Object> claims = new LinkedHashMap<>(KeycloakClient.claims(keycloak.accessToken("alice")));
    TokenValidator validator = LibraryWiring.validator(keycloak.server());

    String withSigKey = sign(claims, sigKid, sigPair);
    Principal p = validator.verify(withSigKey);
    assertThat(p.hasRole(KeycloakRealm.DATA_SCIENTIST)).isTrue();

    String withEncKey = sign(claims, encKid, encPair);
    assertThatThrownBy(() -> validator.verify(withEncKey))
        .isInstanceOf(KeyNotFoundException.class)
        .hasMessageContaining("not usable for signatures");
    // nor when the token names no kid, nor the signing key's kid with the encryption key's signature
    assertThatThrownBy(() -> validator.verify(sign(claims, null, encPair))).isInstanceOf(TokenException.class);
    assertThatThrownBy(() -> validator.verify(sign(claims, sigKid, encPair))).isInstanceOf(TokenException.class);
    // a key carried in the token header itself is never trusted
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "RS256");
    header.put("kid", UUID.randomUUID().toString());
    header.put("jwk", publicJwk(encPair));
    String embedded = rs256(header, fresh(claims), encPair);
    assertThatThrownBy(() -> validator.verify(embedded)).isInstanceOf(TokenException.class);
  }

  @Test
  @Order(3)
  void rotationIsPickedUpWithoutARestart(KeycloakClient keycloak) {
    TokenValidator validator = LibraryWiring.validator(keycloak.server());
    String before = keycloak.accessToken("carol");
    String oldKid = (String) KeycloakClient.header(before).get("kid");
    assertThat(validator.verify(before).hasRole(KeycloakRealm.ADMIN)).isTrue();

    // rotate: a new generated key with the highest priority, the old key passive (still published)
    String oldComponent = componentOfKid(keycloak, oldKid);
    String newComponent = keycloak.addGeneratedRsaKey("rsa-rotated-" + UUID.randomUUID(), 1000);
    keycloak.updateComponentConfig(oldComponent, "active", "false");
    String newKid = keycloak.activeRs256Kid();
    assertThat(newKid).isNotEqualTo(oldKid);
    assertThat(componentOfKid(keycloak, newKid)).isEqualTo(newComponent);

    String after = keycloak.accessToken("carol");
    assertThat(KeycloakClient.header(after).get("kid")).isEqualTo(newKid);
    // the same validator instance: the unknown kid triggers one refetch of the JWKS
    assertThat(validator.verify(after).hasRole(KeycloakRealm.ADMIN)).isTrue();
    // tokens signed before the rotation stay valid while the old key is published (passive)
    assertThat(validator.verify(before).hasRole(KeycloakRealm.ADMIN)).isTrue();

    // retire the old key: it leaves the JWKS, and a validator that loads the keys now rejects old tokens
    keycloak.updateComponentConfig(oldComponent, "enabled", "false");
    assertThat(keycloak.jwks()).noneMatch(k -> oldKid.equals(k.get("kid")));
    TokenValidator fresh = LibraryWiring.validator(keycloak.server());
    assertThat(fresh.verify(keycloak.accessToken("carol")).subject()).isNotEmpty();
    assertThatThrownBy(() -> fresh.verify(before))
        .isInstanceOf(KeyNotFoundException.class);
  }

  private static String componentOfKid(KeycloakClient keycloak, String kid) {
    return keycloak.keys().stream().filter(k -> kid.equals(k.get("kid"))).map(k -> (String) k.get("providerId"))
        .findFirst().orElseThrow(() -> new AssertionError("no key " + kid + " in the realm"));
  }

  /** The claims signed RS256 with this key pair, the header naming {@code kid} (none when null). */
  private static String sign(Map<String, Object> claims, String kid, KeyPair pair) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "RS256");
    header.put("typ", "JWT");
    if (kid != null) {
      header.put("kid", kid);
    }
    return rs256(header, fresh(claims), pair);
  }

  private static Map<String, Object> fresh(Map<String, Object> claims) {
    Map<String, Object> c = new LinkedHashMap<>(claims);
    c.put("iat", Instant.now().getEpochSecond());
    c.put("exp", Instant.now().plusSeconds(300).getEpochSecond());
    c.put("jti", UUID.randomUUID().toString());
    return c;
  }

  private static String rs256(Map<String, Object> header, Map<String, Object> claims, KeyPair pair) {
    Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
    String input = e.encodeToString(KeycloakClient.write(header).getBytes(StandardCharsets.UTF_8)) + "."
        + e.encodeToString(KeycloakClient.write(claims).getBytes(StandardCharsets.UTF_8));
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(pair.getPrivate());
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + e.encodeToString(s.sign());
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static KeyPair rsaKeyPair() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  private static Map<String, Object> publicJwk(KeyPair pair) {
    RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
    Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
    return Map.of("kty", "RSA", "n", e.encodeToString(unsigned(pub.getModulus().toByteArray())),
        "e", e.encodeToString(unsigned(pub.getPublicExponent().toByteArray())));
  }

  private static byte[] unsigned(byte[] b) {
    return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }
}
