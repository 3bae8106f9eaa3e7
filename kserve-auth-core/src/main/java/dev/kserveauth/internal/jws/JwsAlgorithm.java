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
package dev.kserveauth.internal.jws;

import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;

/**
 * The JWS signature algorithms kserve-auth can verify (RFC 7518 section 3, RFC 8037). {@code none}
 * is deliberately absent: there is no constant for it, so nothing can select it.
 */
public enum JwsAlgorithm {
  HS256(Family.HMAC, "HmacSHA256", 32, null, 0),
  HS384(Family.HMAC, "HmacSHA384", 48, null, 0),
  HS512(Family.HMAC, "HmacSHA512", 64, null, 0),
  RS256(Family.RSA, "SHA256withRSA", 32, null, 0),
  RS384(Family.RSA, "SHA384withRSA", 48, null, 0),
  RS512(Family.RSA, "SHA512withRSA", 64, null, 0),
  PS256(Family.RSA_PSS, "RSASSA-PSS", 32, "SHA-256", 0),
  PS384(Family.RSA_PSS, "RSASSA-PSS", 48, "SHA-384", 0),
  PS512(Family.RSA_PSS, "RSASSA-PSS", 64, "SHA-512", 0),
  ES256(Family.EC, "SHA256withECDSAinP1363Format", 32, "P-256", 32),
  ES384(Family.EC, "SHA384withECDSAinP1363Format", 48, "P-384", 48),
  ES512(Family.EC, "SHA512withECDSAinP1363Format", 64, "P-521", 66),
  EdDSA(Family.EDDSA, "EdDSA", 0, null, 0);

  /** Key family an algorithm needs. */
  public enum Family { HMAC, RSA, RSA_PSS, EC, EDDSA }

  private static final JwsAlgorithm[] VALUES = values();

  private final Family family;
  private final String jcaName;
  private final int hashLength;
  private final String extra;
  private final int coordinateLength;

  JwsAlgorithm(Family family, String jcaName, int hashLength, String extra, int coordinateLength) {
    this.family = family;
    this.jcaName = jcaName;
    this.hashLength = hashLength;
    this.extra = extra;
    this.coordinateLength = coordinateLength;
  }

  public Family family() {
    return family;
  }

  /** The JCA {@code Signature} (or {@code Mac}) algorithm name. */
  public String jcaName() {
    return jcaName;
  }

  /** Hash output length in bytes (0 for EdDSA). */
  public int hashLength() {
    return hashLength;
  }

  /** For EC: the JWK {@code crv} this algorithm requires; else {@code null}. */
  public String curve() {
    return family == Family.EC ? extra : null;
  }

  /** For EC: the byte length of r and of s in a JOSE (P1363) signature. */
  public int coordinateLength() {
    return coordinateLength;
  }

  /** The PSS parameters RFC 7518 section 3.5 fixes (MGF1 with the same hash, salt = hash length). */
  public AlgorithmParameterSpec pssParameters() {
    if (family != Family.RSA_PSS) {
      return null;
    }
    MGF1ParameterSpec mgf = switch (extra) {
      case "SHA-256" -> MGF1ParameterSpec.SHA256;
      case "SHA-384" -> MGF1ParameterSpec.SHA384;
      default -> MGF1ParameterSpec.SHA512;
    };
    return new PSSParameterSpec(extra, "MGF1", mgf, hashLength, PSSParameterSpec.TRAILER_FIELD_BC);
  }

  /** Whether this is an RSA algorithm (PKCS#1 v1.5 or PSS). */
  public boolean isRsa() {
    return family == Family.RSA || family == Family.RSA_PSS;
  }

  /** The constant for an exact, case-sensitive JWS {@code alg} name, or {@code null}. */
  public static JwsAlgorithm forName(String name) {
    if (name == null) {
      return null;
    }
    // hand-rolled lookup: no exceptions, no regex, no allocation
    for (JwsAlgorithm a : VALUES) {
      if (a.name().equals(name)) {
        return a;
      }
    }
    return null;
  }

  /** Whether {@code name} spells {@code none} in any letter case. */
  public static boolean isNone(String name) {
    return name != null && name.toLowerCase(Locale.ROOT).equals("none");
  }

  /**
   * Registered JWE key-management and content-encryption algorithm names (RFC 7518 sections 4, 5):
   * a JWK carrying one of these is an encryption key, never a verification key.
   */
  public static boolean isEncryptionAlgorithm(String name) {
    return switch (name) {
      case "RSA1_5", "RSA-OAEP", "RSA-OAEP-256", "RSA-OAEP-384", "RSA-OAEP-512", "A128KW", "A192KW", "A256KW",
          "dir", "ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW", "A128GCMKW", "A192GCMKW",
          "A256GCMKW", "PBES2-HS256+A128KW", "PBES2-HS384+A192KW", "PBES2-HS512+A256KW", "A128CBC-HS256",
          "A192CBC-HS384", "A256CBC-HS512", "A128GCM", "A192GCM", "A256GCM" -> true;
      default -> false;
    };
  }
}
