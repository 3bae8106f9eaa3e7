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
package dev.kserveauth.benchmarks.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Keys and signed tokens for the benchmarks. Everything here runs in {@code @Setup}, never in a
 * measured method: signing is not what we measure.
 */
final class JwsFixtures {

  static final String ISSUER = "https://issuer.bench.kserve-auth.dev";
  static final String AUDIENCE = "kserve-inference";
  static final String KID = "bench-key-1";

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private JwsFixtures() {}

  /** The JWS algorithms the benchmarks cover, with their JCA names. */
  enum Alg {
    RS256("RSA", "SHA256withRSA", "SunRsaSign"),
    PS256("RSA", "RSASSA-PSS", "SunRsaSign"),
    ES256("EC", "SHA256withECDSAinP1363Format", "SunEC"),
    EdDSA("Ed25519", "Ed25519", "SunEC");

    final String keyAlgorithm;
    final String jcaSignature;
    /** The JDK provider that serves this signature on a stock JDK 17. */
    final String jdkProvider;

    Alg(String keyAlgorithm, String jcaSignature, String jdkProvider) {
      this.keyAlgorithm = keyAlgorithm;
      this.jcaSignature = jcaSignature;
      this.jdkProvider = jdkProvider;
    }

    KeyPair generateKeyPair() throws GeneralSecurityException {
      KeyPairGenerator g = KeyPairGenerator.getInstance(keyAlgorithm);
      switch (this) {
        case RS256, PS256 -> g.initialize(2048);
        case ES256 -> g.initialize(new ECGenParameterSpec("secp256r1"));
        case EdDSA -> { /* Ed25519 has no size */ }
      }
      return g.generateKeyPair();
    }

    /** A ready {@link Signature} for this algorithm from {@code provider}, PSS parameters included. */
    Signature newSignature(Provider provider) throws GeneralSecurityException {
      return provider == null ? Signature.getInstance(jcaSignature) : Signature.getInstance(jcaSignature, provider);
    }

    /** Sets the fixed JWS parameters after {@code init*}; only PS256 has any. */
    void applyParameters(Signature s) throws GeneralSecurityException {
      if (this == PS256) {
        s.setParameter(PSS_SHA256);
      }
    }
  }

  static final PSSParameterSpec PSS_SHA256 =
      new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);

  /**
   * {@code count} distinct compact JWS, each with its own {@code sub} and {@code jti}, valid for two
   * hours from now (a benchmark fork never runs that long).
   *
   * @param signer optional provider that signs faster than the JDK (setup time only)
   */
  static String[] signedRing(Alg alg, KeyPair keys, int count, Optional<Provider> signer)
      throws GeneralSecurityException {
    long now = Instant.now().getEpochSecond();
    Signature sig = newSigner(alg, signer);
    String[] ring = new String[count];
    for (int i = 0; i < count; i++) {
      ring[i] = sign(alg, keys, sig, claims(ISSUER, AUDIENCE, now + 7200, now - 60, i));
    }
    return ring;
  }

  /** The claims every benchmark token carries (about 330 bytes of JSON, a typical access token body). */
  static String claims(String iss, String aud, long exp, long iat, int i) {
    return "{\"iss\":\"" + iss + "\",\"sub\":\"user-" + i + "@bench\",\"aud\":\"" + aud + "\","
        + "\"exp\":" + exp + ",\"iat\":" + iat + ",\"jti\":\"" + i + "-" + Long.toHexString(System.nanoTime())
        + "\",\"scope\":\"openid profile models:predict\",\"groups\":[\"data-scientists\",\"team-a\"],"
        + "\"azp\":\"bench-client\"}";
  }

  /** One compact JWS over {@code payloadJson}, header {@code {alg, typ: JWT, kid}}. */
  static String sign(Alg alg, KeyPair keys, Signature sig, String payloadJson) throws GeneralSecurityException {
    String header = b64(("{\"alg\":\"" + alg.name() + "\",\"typ\":\"JWT\",\"kid\":\"" + KID + "\"}")
        .getBytes(StandardCharsets.UTF_8));
    String signingInput = header + "." + b64(payloadJson.getBytes(StandardCharsets.UTF_8));
    sig.initSign(keys.getPrivate());
    alg.applyParameters(sig);
    sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + b64(sig.sign());
  }

  static Signature newSigner(Alg alg, Optional<Provider> fast) throws GeneralSecurityException {
    if (fast.isPresent()) {
      try {
        return alg.newSignature(fast.get());
      } catch (GeneralSecurityException unsupported) {
        // fall through to the JDK
      }
    }
    return alg.newSignature(null);
  }

  /** The same token with one signature bit flipped: every library must reject it. */
  static String tamper(String jws) {
    int dot = jws.lastIndexOf('.');
    byte[] sig = Base64.getUrlDecoder().decode(jws.substring(dot + 1));
    sig[sig.length / 2] ^= 0x01;
    return jws.substring(0, dot + 1) + b64(sig);
  }

  static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  static String b64(byte[] bytes) {
    return B64URL.encodeToString(bytes);
  }
}
