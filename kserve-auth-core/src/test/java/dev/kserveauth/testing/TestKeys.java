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
package dev.kserveauth.testing;

import dev.kserveauth.internal.jws.Base64Url;
import dev.kserveauth.authn.JwkSet;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test keys, generated once per JVM: RSA 2048 (two of them, for rotation tests), EC P-256 and P-384,
 * Ed25519, plus an HMAC secret; and their public JWK / JWKS / PEM forms.
 *
 * <pre>{@code
 * String jwks = TestKeys.jwks(TestKeys.RSA_KID, TestKeys.EC_KID);        // {"keys":[...]}
 * KeySource keys = KeySource.of(TestKeys.jwkSet());                    // every default key
 * String token = TestTokens.rs256().build();                           // signed with TestKeys.rsa()
 * }</pre>
 */
public final class TestKeys {

  public static final String RSA_KID = "rsa-1";
  public static final String RSA2_KID = "rsa-2";
  public static final String EC_KID = "ec-256";
  public static final String EC384_KID = "ec-384";
  public static final String ED_KID = "ed-1";

  private TestKeys() {}

  private static final class Holder {
    static final KeyPair RSA = generate("RSA", 2048);
    static final KeyPair RSA2 = generate("RSA", 2048);
    static final KeyPair EC = generateEc("secp256r1");
    static final KeyPair EC384 = generateEc("secp384r1");
    static final KeyPair ED = generate("Ed25519", 0);
  }

  private static KeyPair generate(String alg, int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
      if (bits > 0) {
        g.initialize(bits);
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair generateEc(String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(curve));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RSA 2048, kid {@value #RSA_KID}. */
  public static KeyPair rsa() {
    return Holder.RSA;
  }

  /** A second RSA 2048 key, kid {@value #RSA2_KID} (rotation tests). */
  public static KeyPair rsa2() {
    return Holder.RSA2;
  }

  /** EC P-256, kid {@value #EC_KID}. */
  public static KeyPair ec() {
    return Holder.EC;
  }

  /** EC P-384, kid {@value #EC384_KID}. */
  public static KeyPair ec384() {
    return Holder.EC384;
  }

  /** Ed25519, kid {@value #ED_KID}. */
  public static KeyPair ed25519() {
    return Holder.ED;
  }

  /** A fixed 32-byte HMAC secret. */
  public static byte[] hmacSecret() {
    byte[] s = new byte[32];
    for (int i = 0; i < s.length; i++) {
      s[i] = (byte) (0x5a ^ i * 7);
    }
    return s;
  }

  /** The key pair for one of the kids above. */
  public static KeyPair byKid(String kid) {
    return switch (kid) {
      case RSA_KID -> rsa();
      case RSA2_KID -> rsa2();
      case EC_KID -> ec();
      case EC384_KID -> ec384();
      case ED_KID -> ed25519();
      default -> throw new IllegalArgumentException("no test key " + kid);
    };
  }

  /** The public JWK members of a key (no {@code alg}, {@code use: sig}). */
  public static Map<String, Object> publicJwkMap(String kid, PublicKey key) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (key instanceof RSAPublicKey rsa) {
      m.put("kty", "RSA");
      m.put("n", Base64Url.encode(unsigned(rsa.getModulus(), 0)));
      m.put("e", Base64Url.encode(unsigned(rsa.getPublicExponent(), 0)));
    } else if (key instanceof ECPublicKey ec) {
      int len = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
      m.put("kty", "EC");
      m.put("crv", switch (len) {
        case 32 -> "P-256";
        case 48 -> "P-384";
        default -> "P-521";
      });
      m.put("x", Base64Url.encode(unsigned(ec.getW().getAffineX(), len)));
      m.put("y", Base64Url.encode(unsigned(ec.getW().getAffineY(), len)));
    } else if (key instanceof EdECPublicKey ed) {
      byte[] enc = key.getEncoded();
      int len = ed.getParams().getName().equals("Ed25519") ? 32 : 57;
      m.put("kty", "OKP");
      m.put("crv", ed.getParams().getName());
      m.put("x", Base64Url.encode(Arrays.copyOfRange(enc, enc.length - len, enc.length)));
    } else {
      throw new IllegalArgumentException("unsupported key " + key.getAlgorithm());
    }
    if (kid != null) {
      m.put("kid", kid);
    }
    m.put("use", "sig");
    return m;
  }

  /** One public JWK as JSON. */
  public static String publicJwk(String kid, PublicKey key) {
    return json(publicJwkMap(kid, key));
  }

  /** A JWKS of the public halves of the named test keys (all default keys when none are named). */
  public static String jwks(String... kids) {
    List<String> names = kids.length == 0 ? List.of(RSA_KID, EC_KID, EC384_KID, ED_KID) : List.of(kids);
    StringBuilder sb = new StringBuilder("{\"keys\":[");
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(publicJwk(names.get(i), byKid(names.get(i)).getPublic()));
    }
    return sb.append("]}").toString();
  }

  /** A JWKS of arbitrary JWK JSON objects. */
  public static String jwksOf(String... jwkJson) {
    return "{\"keys\":[" + String.join(",", jwkJson) + "]}";
  }

  /** {@link #jwks(String...)} parsed. */
  public static JwkSet jwkSet(String... kids) {
    return JwkSet.parse(jwks(kids));
  }

  /** PEM ({@code -----BEGIN PUBLIC KEY-----}) of a public key. */
  public static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  static byte[] unsigned(BigInteger v, int len) {
    byte[] b = v.toByteArray();
    if (b.length > 1 && b[0] == 0) {
      b = Arrays.copyOfRange(b, 1, b.length);
    }
    if (len > b.length) {
      byte[] p = new byte[len];
      System.arraycopy(b, 0, p, len - b.length, b.length);
      b = p;
    }
    return b;
  }

  /** Compact JSON of a map or list (Jackson). */
  public static String json(Object o) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(o);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
