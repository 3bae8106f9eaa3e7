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

import static dev.kserveauth.benchmarks.token.JwsFixtures.AUDIENCE;
import static dev.kserveauth.benchmarks.token.JwsFixtures.ISSUER;
import static dev.kserveauth.benchmarks.token.JwsFixtures.KID;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.kserveauth.benchmarks.token.JwsFixtures.Alg;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * The libraries we compare against, each configured to do the same work as kserve-auth: verify
 * the signature with one known public key restricted to one algorithm, and check {@code iss}
 * (exact), {@code aud} (contains) and {@code exp} (required, not passed). Each verifier throws
 * when the token is not accepted, so a benchmark can never measure a fast rejection by mistake.
 */
final class Peers {

  private Peers() {}

  /** One library's verification of a compact JWS. */
  @FunctionalInterface
  interface Verifier {
    /** @return something derived from the verified token (fed to the Blackhole) */
    Object verify(String jws) throws Exception;
  }

  /**
   * The floor: split the compact JWS, base64url-decode the signature and run one JCA
   * {@code Signature.verify} over the signing input. No JSON, no claims. The {@link Signature} is
   * reused (one thread) and re-initialised per call, as a verifier must.
   */
  static Verifier rawJca(Alg alg, PublicKey key, Provider provider) throws GeneralSecurityException {
    Signature sig = alg.newSignature(provider);
    PublicKey k = provider == null ? key : translate(key, provider);
    Base64.Decoder b64 = Base64.getUrlDecoder();
    return jws -> {
      int last = jws.lastIndexOf('.');
      byte[] signature = b64.decode(jws.substring(last + 1));
      sig.initVerify(k);
      alg.applyParameters(sig);
      sig.update(jws.substring(0, last).getBytes(StandardCharsets.US_ASCII));
      if (!sig.verify(signature)) {
        throw new SecurityException("signature invalid");
      }
      return signature;
    };
  }

  /**
   * The key as the provider's own key object, translated once: what a verifier that caches
   * per-key state does (ACCP would otherwise convert a JDK key on every {@code initVerify}).
   */
  static PublicKey translate(PublicKey key, Provider provider) throws GeneralSecurityException {
    KeyFactory kf;
    try {
      kf = KeyFactory.getInstance(key.getAlgorithm(), provider);
    } catch (GeneralSecurityException noFactory) {
      return key;
    }
    return kf.generatePublic(new X509EncodedKeySpec(key.getEncoded()));
  }

  /** jjwt 0.12 with its own parse path: {@code parseSignedClaims}, issuer and audience required. */
  static Verifier jjwt(PublicKey key) {
    JwtParser parser = Jwts.parser().verifyWith(key).requireIssuer(ISSUER).requireAudience(AUDIENCE).build();
    return jws -> parser.parseSignedClaims(jws).getPayload();
  }

  /** Nimbus JOSE+JWT: {@link DefaultJWTProcessor} with a one-key JWK set and the claims verifier. */
  static Optional<Verifier> nimbus(Alg alg, PublicKey key) {
    JWK jwk;
    JWSAlgorithm jwsAlg;
    switch (alg) {
      case RS256, PS256 -> {
        jwk = new RSAKey.Builder((RSAPublicKey) key).keyID(KID).build();
        jwsAlg = JWSAlgorithm.parse(alg.name());
      }
      case ES256 -> {
        jwk = new ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256, (ECPublicKey) key).keyID(KID).build();
        jwsAlg = JWSAlgorithm.ES256;
      }
      default -> {
        return Optional.empty(); // Ed25519 in Nimbus needs Google Tink on the classpath
      }
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(jwsAlg, new ImmutableJWKSet<>(new JWKSet(jwk))));
    processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
        AUDIENCE, new JWTClaimsSet.Builder().issuer(ISSUER).build(), Set.of("exp")));
    return Optional.of(jws -> processor.process(jws, null));
  }

  /** jose4j: {@link JwtConsumer} with expected issuer, audience, required exp and one permitted alg. */
  static Verifier jose4j(Alg alg, PublicKey key) {
    JwtConsumer consumer = new JwtConsumerBuilder()
        .setRequireExpirationTime()
        .setExpectedIssuer(ISSUER)
        .setExpectedAudience(AUDIENCE)
        .setVerificationKey(key)
        .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg.name())
        .build();
    return consumer::processToClaims;
  }

  /** auth0 java-jwt: RS256 and ES256 only (no PS*, no EdDSA). */
  static Optional<Verifier> javaJwt(Alg alg, PublicKey key) {
    com.auth0.jwt.algorithms.Algorithm algorithm = switch (alg) {
      case RS256 -> com.auth0.jwt.algorithms.Algorithm.RSA256((RSAPublicKey) key, null);
      case ES256 -> com.auth0.jwt.algorithms.Algorithm.ECDSA256((ECPublicKey) key, null);
      default -> null;
    };
    if (algorithm == null) {
      return Optional.empty();
    }
    JWTVerifier verifier = JWT.require(algorithm).withIssuer(ISSUER).withAudience(AUDIENCE).build();
    return Optional.of(verifier::verify);
  }

  /**
   * vertx-auth-jwt 4.5: {@link JWTAuth#authenticate} with issuer and audience options (exp is
   * always checked). The future completes synchronously for a PEM key; we insist on that so the
   * benchmark measures verification, not a thread hop.
   */
  static Verifier vertx(Vertx vertx, Alg alg, PublicKey key) {
    JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(alg.name()).setBuffer(JwsFixtures.pem(key)))
        .setJWTOptions(new JWTOptions().setIssuer(ISSUER).setAudience(List.of(AUDIENCE))));
    return jws -> {
      Future<User> f = auth.authenticate(new TokenCredentials(jws));
      if (!f.isComplete()) {
        throw new IllegalStateException("vertx-auth-jwt answered asynchronously");
      }
      if (f.failed()) {
        throw new SecurityException("vertx-auth-jwt rejected the token", f.cause());
      }
      return f.result();
    };
  }
}
