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

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Provider;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import javax.crypto.Mac;

/**
 * The one place a JWS signature is checked: the signing input ({@code header.payload} as ASCII)
 * against the decoded signature, through JCA {@link Signature} (or {@link Mac} for HS*).
 *
 * <p>A preferred {@link Provider} may be given (issue 8: a native provider such as ACCP, or a FIPS
 * provider); for each algorithm it does not offer, the JDK's providers are used. The provider is
 * resolved once per algorithm at construction: no provider lookups per call. {@code Signature} and
 * {@code Mac} objects are reused per thread.
 *
 * <p>Checks that must not depend on a provider are done here, before the provider sees the bytes:
 * ECDSA signatures are exactly {@code 2 * coordinate length} bytes (JOSE r||s, RFC 7518 section 3.4)
 * with {@code 0 < r, s < n} (CVE-2022-21449 "psychic signatures"); EdDSA signatures are exactly 64
 * (Ed25519) or 114 (Ed448) bytes; RSA signatures are exactly the modulus length; HMAC tags are
 * compared in constant time and must have the full hash length.
 *
 * <p>Thread-safe.
 */
public final class SignatureVerifier {

  private static final JwsAlgorithm[] ALGS = JwsAlgorithm.values();

  private final Provider preferred;
  /** Per algorithm ordinal: the provider to use, or {@code null} for the JDK default lookup. */
  private final Provider[] providers = new Provider[ALGS.length];
  private final ThreadLocal<Object[]> instances;

  /**
   * @param preferred a provider to try first for every algorithm, or {@code null} for the JDK providers
   */
  public SignatureVerifier(Provider preferred) {
    this.preferred = preferred;
    for (JwsAlgorithm alg : ALGS) {
      providers[alg.ordinal()] = resolve(alg);
    }
    this.instances = ThreadLocal.withInitial(() -> new Object[ALGS.length]);
  }

  private Provider resolve(JwsAlgorithm alg) {
    if (preferred == null) {
      return null;
    }
    try {
      if (alg.family() == JwsAlgorithm.Family.HMAC) {
        Mac.getInstance(alg.jcaName(), preferred);
      } else {
        Signature s = Signature.getInstance(alg.jcaName(), preferred);
        if (alg.pssParameters() != null) {
          s.setParameter(alg.pssParameters());
        }
      }
      return preferred;
    } catch (GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }

  /** The preferred provider given at construction, or {@code null}. */
  public Provider preferredProvider() {
    return preferred;
  }

  /** The provider that will verify {@code alg}: the preferred one, or {@code null} meaning the JDK's. */
  public Provider providerFor(JwsAlgorithm alg) {
    return providers[alg.ordinal()];
  }

  /**
   * Verifies {@code signature} over {@code data[off, off+len)}.
   *
   * @return {@code true} only for a valid signature; {@code false} for any malformed or wrong
   *     signature, a key that does not fit the algorithm, or a provider failure (fail closed)
   */
  public boolean verify(JwsAlgorithm alg, Key key, byte[] data, int off, int len, byte[] signature) {
    try {
      switch (alg.family()) {
        case HMAC:
          return verifyMac(alg, key, data, off, len, signature);
        case EC:
          if (!(key instanceof ECPublicKey ec) || !validEcdsa(alg, ec, signature)) {
            return false;
          }
          break;
        case EDDSA:
          if (!(key instanceof PublicKey pk) || !validEdDsaLength(pk, signature)) {
            return false;
          }
          break;
        default:
          if (!(key instanceof RSAPublicKey rsa) || signature.length != (rsa.getModulus().bitLength() + 7) / 8) {
            return false;
          }
      }
      Signature s = signature(alg);
      s.initVerify((PublicKey) key);
      s.update(data, off, len);
      return s.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private boolean verifyMac(JwsAlgorithm alg, Key key, byte[] data, int off, int len, byte[] tag)
      throws GeneralSecurityException {
    if (tag.length != alg.hashLength() || !"oct".equals(kty(key))) {
      return false;
    }
    Mac mac = mac(alg);
    mac.init(key);
    mac.update(data, off, len);
    return MessageDigest.isEqual(mac.doFinal(), tag);
  }

  private static String kty(Key key) {
    return key instanceof javax.crypto.SecretKey ? "oct" : "";
  }

  /** JOSE ECDSA: exactly 2 * coordinate length bytes, and 0 < r < n, 0 < s < n (checked here, not by the provider). */
  static boolean validEcdsa(JwsAlgorithm alg, ECPublicKey key, byte[] sig) {
    int half = alg.coordinateLength();
    if (sig.length != 2 * half) {
      return false;
    }
    BigInteger n = key.getParams().getOrder();
    // the key must be on the curve the algorithm names
    if ((n.bitLength() + 7) / 8 != half) {
      return false;
    }
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 0, half));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, half, 2 * half));
    return r.signum() > 0 && s.signum() > 0 && r.compareTo(n) < 0 && s.compareTo(n) < 0;
  }

  private static boolean validEdDsaLength(PublicKey key, byte[] sig) {
    String a = key.getAlgorithm();
    if (key instanceof java.security.interfaces.EdECPublicKey ed) {
      a = ed.getParams().getName();
    }
    return switch (a) {
      case "Ed25519" -> sig.length == 64;
      case "Ed448" -> sig.length == 114;
      default -> false;
    };
  }

  private Signature signature(JwsAlgorithm alg) throws GeneralSecurityException {
    Object[] cache = instances.get();
    Object o = cache[alg.ordinal()];
    if (o == null) {
      Provider p = providers[alg.ordinal()];
      Signature s = p == null ? Signature.getInstance(alg.jcaName()) : Signature.getInstance(alg.jcaName(), p);
      if (alg.pssParameters() != null) {
        s.setParameter(alg.pssParameters());
      }
      cache[alg.ordinal()] = s;
      o = s;
    }
    return (Signature) o;
  }

  private Mac mac(JwsAlgorithm alg) throws GeneralSecurityException {
    Object[] cache = instances.get();
    Object o = cache[alg.ordinal()];
    if (o == null) {
      Provider p = providers[alg.ordinal()];
      Mac m = p == null ? Mac.getInstance(alg.jcaName()) : Mac.getInstance(alg.jcaName(), p);
      cache[alg.ordinal()] = m;
      o = m;
    }
    return (Mac) o;
  }
}
