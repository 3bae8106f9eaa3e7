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

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Reads PEM public keys from trusted configuration: {@code PUBLIC KEY} (SubjectPublicKeyInfo),
 * {@code RSA PUBLIC KEY} (PKCS#1) and {@code CERTIFICATE} (its subject key; the certificate is not
 * validated, it is only a container). Private keys are refused. Every key passes {@link KeyChecks}.
 */
final class PemKeys {

  private PemKeys() {}

  public static List<VerificationKey> parse(String pem, String kid) {
    if (pem == null || pem.isBlank()) {
      throw new InvalidJwkException("PEM text is empty");
    }
    if (pem.length() > JwkParser.MAX_CHARS) {
      throw new InvalidJwkException("PEM text exceeds " + JwkParser.MAX_CHARS + " characters");
    }
    List<VerificationKey> out = new ArrayList<>();
    int pos = 0;
    int block = 0;
    while (true) {
      int begin = pem.indexOf("-----BEGIN ", pos);
      if (begin < 0) {
        break;
      }
      int typeEnd = pem.indexOf("-----", begin + 11);
      if (typeEnd < 0) {
        throw new InvalidJwkException("PEM block " + block + ": unterminated BEGIN line");
      }
      String type = pem.substring(begin + 11, typeEnd);
      String endMarker = "-----END " + type + "-----";
      int end = pem.indexOf(endMarker, typeEnd + 5);
      if (end < 0) {
        throw new InvalidJwkException("PEM block " + block + ": no '" + endMarker + "' line");
      }
      String label = "PEM block " + block + " (" + type + ")";
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(pem.substring(typeEnd + 5, end).strip());
      } catch (IllegalArgumentException e) {
        throw new InvalidJwkException(label + ": body is not base64");
      }
      PublicKey key = switch (type) {
        case "PUBLIC KEY" -> spki(der, label);
        case "RSA PUBLIC KEY" -> spki(wrapPkcs1(der), label);
        case "CERTIFICATE" -> certificateKey(der, label);
        default -> {
          if (type.contains("PRIVATE")) {
            throw new InvalidJwkException(label + ": private keys are not accepted; configure the public key");
          }
          throw new InvalidJwkException(label + ": unsupported PEM type");
        }
      };
      out.add(toVerificationKey(key, kid, label));
      pos = end + endMarker.length();
      block++;
    }
    if (out.isEmpty()) {
      throw new InvalidJwkException("PEM text contains no '-----BEGIN PUBLIC KEY-----' block");
    }
    if (kid != null && out.size() > 1) {
      throw new InvalidJwkException("PEM text holds " + out.size() + " keys but one kid was given");
    }
    return out;
  }

  /** Checks a public key and derives the algorithms it may verify. */
  public static VerificationKey toVerificationKey(PublicKey key, String kid, String label) {
    if (key instanceof RSAPublicKey rsa) {
      KeyChecks.checkRsa(label, rsa);
      return new VerificationKey(kid, "RSA", null, key, JwkParser.rsaAlgorithms());
    }
    if (key instanceof ECPublicKey ec) {
      KeyChecks.checkEc(label, ec);
      String alg = switch (KeyChecks.curveName(ec.getParams())) {
        case "P-256" -> "ES256";
        case "P-384" -> "ES384";
        default -> "ES512";
      };
      return new VerificationKey(kid, "EC", null, key, Set.of(alg));
    }
    if (key instanceof EdECPublicKey) {
      return new VerificationKey(kid, "OKP", null, key, Set.of("EdDSA"));
    }
    throw new InvalidJwkException(label + ": key type " + key.getAlgorithm() + " is not supported");
  }

  private static PublicKey spki(byte[] der, String label) {
    for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
      try {
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException | RuntimeException e) {
        // try the next key type
      }
    }
    throw new InvalidJwkException(label + ": not an RSA, EC or EdDSA public key");
  }

  private static PublicKey certificateKey(byte[] der, String label) {
    try {
      return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new InvalidJwkException(label + ": not an X.509 certificate");
    }
  }

  /** PKCS#1 RSAPublicKey to SubjectPublicKeyInfo: SEQUENCE { AlgorithmIdentifier rsaEncryption, BIT STRING }. */
  static byte[] wrapPkcs1(byte[] pkcs1) {
    byte[] algId = JwkParser.hex("300d06092a864886f70d0101010500");
    byte[] bitString = tlv(0x03, concat(new byte[] {0}, pkcs1));
    return tlv(0x30, concat(algId, bitString));
  }

  private static byte[] tlv(int tag, byte[] value) {
    byte[] len;
    int n = value.length;
    if (n < 128) {
      len = new byte[] {(byte) n};
    } else if (n < 256) {
      len = new byte[] {(byte) 0x81, (byte) n};
    } else if (n < 65536) {
      len = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    } else {
      len = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }
    return concat(new byte[] {(byte) tag}, concat(len, value));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
