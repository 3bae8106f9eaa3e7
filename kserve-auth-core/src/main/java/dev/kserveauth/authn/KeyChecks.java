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
import java.security.AlgorithmParameters;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.util.Map;

/** Checks every verification key must pass, whatever its encoding (JWK, PEM). */
final class KeyChecks {

  public static final int MIN_RSA_BITS = 2048;
  public static final int MAX_RSA_BITS = 8192;
  public static final int MIN_HMAC_BYTES = 32;

  private static final Map<String, ECParameterSpec> CURVES = Map.of(
      "P-256", curve("secp256r1"),
      "P-384", curve("secp384r1"),
      "P-521", curve("secp521r1"));

  // ROCA (CVE-2017-15361) fingerprint: moduli from the affected Infineon library are, modulo each of
  // these small primes, a power of 65537 (Nemec et al., CCS 2017; the detector's published test).
  private static final int[] ROCA_PRIMES = {3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71,
      73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167};

  private KeyChecks() {}

  private static ECParameterSpec curve(String stdName) {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec(stdName));
      return p.getParameterSpec(ECParameterSpec.class);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks curve " + stdName, e);
    }
  }

  /** The domain parameters of a JWK curve name ({@code P-256}, {@code P-384}, {@code P-521}), or {@code null}. */
  public static ECParameterSpec curveParams(String crv) {
    return CURVES.get(crv);
  }

  /** The JWK curve name of EC parameters, or {@code null} when they are not one of the three NIST curves. */
  public static String curveName(ECParameterSpec params) {
    for (Map.Entry<String, ECParameterSpec> e : CURVES.entrySet()) {
      ECParameterSpec c = e.getValue();
      if (c.getOrder().equals(params.getOrder()) && c.getCurve().equals(params.getCurve())
          && c.getGenerator().equals(params.getGenerator())) {
        return e.getKey();
      }
    }
    return null;
  }

  /** RSA modulus 2048–8192 bits, odd; exponent odd, at least 3, at most 256 bits; no ROCA fingerprint. */
  public static void checkRsa(String label, BigInteger n, BigInteger e) {
    int bits = n.bitLength();
    if (bits < MIN_RSA_BITS) {
      throw new InvalidJwkException(label + ": member 'n' is an RSA modulus of " + bits + " bits; at least "
          + MIN_RSA_BITS + " required");
    }
    if (bits > MAX_RSA_BITS) {
      throw new InvalidJwkException(label + ": member 'n' is an RSA modulus of " + bits + " bits; at most "
          + MAX_RSA_BITS + " allowed");
    }
    if (!n.testBit(0)) {
      throw new InvalidJwkException(label + ": member 'n' is not a valid RSA modulus (even)");
    }
    if (e.signum() <= 0 || !e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0 || e.bitLength() > 256
        || e.compareTo(n) >= 0) {
      throw new InvalidJwkException(label + ": member 'e' is not an acceptable RSA public exponent");
    }
    if (hasRocaFingerprint(n)) {
      throw new InvalidJwkException(label + ": member 'n' is an RSA modulus with the ROCA weakness (CVE-2017-15361)");
    }
  }

  public static void checkRsa(String label, RSAPublicKey key) {
    checkRsa(label, key.getModulus(), key.getPublicExponent());
  }

  static boolean hasRocaFingerprint(BigInteger n) {
    for (int p : ROCA_PRIMES) {
      int r = n.mod(BigInteger.valueOf(p)).intValue();
      int g = 65537 % p;
      int x = 1;
      boolean inSubgroup = false;
      for (int i = 0; i < p; i++) {
        if (x == r) {
          inSubgroup = true;
          break;
        }
        x = x * g % p;
      }
      if (!inSubgroup) {
        return false;
      }
    }
    return true;
  }

  /** The point lies on the curve, with coordinates in [0, p); not the point at infinity. */
  public static void checkEcPoint(String label, ECParameterSpec params, BigInteger x, BigInteger y) {
    BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
    if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      throw new InvalidJwkException(label + ": members 'x'/'y' are not a point on the curve (coordinate out of range)");
    }
    BigInteger lhs = y.multiply(y).mod(p);
    BigInteger rhs = x.multiply(x).multiply(x).add(params.getCurve().getA().multiply(x)).add(params.getCurve().getB()).mod(p);
    if (!lhs.equals(rhs)) {
      throw new InvalidJwkException(label + ": members 'x'/'y' are not a point on the curve");
    }
  }

  public static void checkEc(String label, ECPublicKey key) {
    String crv = curveName(key.getParams());
    if (crv == null) {
      throw new InvalidJwkException(label + ": EC key is not on P-256, P-384 or P-521");
    }
    ECPoint w = key.getW();
    if (ECPoint.POINT_INFINITY.equals(w)) {
      throw new InvalidJwkException(label + ": EC key is the point at infinity");
    }
    checkEcPoint(label, CURVES.get(crv), w.getAffineX(), w.getAffineY());
  }
}
