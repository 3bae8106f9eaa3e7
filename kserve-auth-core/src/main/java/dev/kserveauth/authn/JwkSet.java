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

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable, checked set of verification keys (a parsed JWKS). Duplicate kids are rejected when
 * the set is built. A token is tried against the keys whose {@code kid} equals its own, plus the keys
 * without a {@code kid}; a token without a {@code kid} against every key (as jwt_verify_lib selects
 * keys); in both cases only keys whose type and algorithm fit the token's {@code alg}.
 *
 * <pre>{@code
 * JwkSet published = JwkSet.parse(jwksJson);              // RSA / EC / OKP public keys
 * JwkSet pem = JwkSet.fromPem("k1", pemText);             // one PEM public key or certificate
 * JwkSet secret = JwkSet.ofSecret("hs-1", secretBytes);   // HS256/384/512, >= 32 bytes
 * KeySource inline = KeySource.of(published);
 * }</pre>
 *
 * @since 0.1
 * @param keys the usable keys, in document order
 * @param skipped keys of the document that are not used (e.g. {@code use: enc}, a weak RSA key), by kid
 *     (or {@code "JWK #<index>"} when they have none), with the reason; for logs and diagnostics
 */
public record JwkSet(List<VerificationKey> keys, Map<String, String> skipped) {

  /**
   * Copies the components.
   *
   * @param keys the usable keys, in document order
   * @param skipped keys of the document that are not used (e.g. {@code use: enc}, a weak RSA key), by kid
   *     (or {@code "JWK #<index>"} when they have none), with the reason; for logs and diagnostics
   * @throws InvalidJwkException if two keys have the same kid
   */
  public JwkSet {
    keys = List.copyOf(keys);
    skipped = Map.copyOf(skipped);
    Set<String> kids = new HashSet<>();
    for (VerificationKey k : keys) {
      if (k.kid() != null && !kids.add(k.kid())) {
        throw new InvalidJwkException("key set has two keys with kid '" + k.kid() + "'");
      }
    }
  }

  /**
   * A set of exactly these keys.
   *
   * @param keys the keys, none left out
   * @throws InvalidJwkException if two keys have the same kid
   */
  public JwkSet(List<VerificationKey> keys) {
    this(keys, Map.of());
  }

  /**
   * A set of exactly these keys.
   *
   * @param keys the keys
   * @return a set of these keys, none left out
   * @throws InvalidJwkException if two keys have the same kid
   */
  public static JwkSet of(VerificationKey... keys) {
    return new JwkSet(Arrays.asList(keys));
  }

  /**
   * Parses a published JWK Set ({@code {"keys":[...]}}, a single JWK object, or Envoy's x509 format
   * {@code {"<kid>": "-----BEGIN CERTIFICATE-----..."}}) of public RSA, EC (P-256/384/521) and OKP
   * (Ed25519/Ed448) keys, enforcing {@code kty}/{@code crv}/{@code alg}/{@code use}/{@code key_ops},
   * RSA 2048–8192 bits and points on the curve. Each key is judged alone: a key for another purpose
   * ({@code use: enc}), of an unsupported type, broken or weak, publishing private members, a symmetric
   * secret ({@code kty: oct}: published, it would forge tokens) or repeating a kid is left out and
   * listed in {@link #skipped()}; the other keys stay usable. {@code x5c}/{@code x5u} are never used
   * as key sources.
   *
   * @param json a JWK Set document ({@code {"keys": [...]}})
   * @return the usable keys and the ones left out
   * @throws InvalidJwkException when the document is not a key set, or no usable key remains (the
   *     message names every key left out and why)
   */
  public static JwkSet parse(String json) {
    return JwkParser.parse(json, JwkParser.Mode.PUBLIC);
  }

  /**
   * Parses a JWK Set of shared HMAC secrets ({@code kty: oct}) from trusted configuration. Each
   * secret must be at least 32 bytes, and at least the hash length of its {@code alg} when it has one;
   * other keys are left out and listed in {@link #skipped()}.
   *
   * @param json a JWK Set document of {@code kty: oct} keys
   * @return the usable secrets and the ones left out
   * @throws InvalidJwkException when the document is not a key set, or no usable secret remains
   */
  public static JwkSet parseSymmetric(String json) {
    return JwkParser.parse(json, JwkParser.Mode.SYMMETRIC);
  }

  /**
   * Reads every PEM public key ({@code PUBLIC KEY}, {@code RSA PUBLIC KEY}, {@code CERTIFICATE}) of
   * the text, without kids (so a token can only be matched when there is exactly one).
   *
   * @param pem one or more PEM blocks
   * @return the keys, in text order
   */
  public static JwkSet fromPem(String pem) {
    return new JwkSet(PemKeys.parse(pem, null));
  }

  /**
   * Reads exactly one PEM public key and gives it this kid (may be {@code null}).
   *
   * @param kid the key id tokens must carry, or {@code null}
   * @param pem exactly one PEM public key or certificate
   * @return a set of that one key
   */
  public static JwkSet fromPem(String kid, String pem) {
    return new JwkSet(PemKeys.parse(pem, kid));
  }

  /**
   * One HMAC secret for HS256 (and HS384 / HS512 when it is at least 48 / 64 bytes long).
   *
   * @param kid the key id tokens carry, or {@code null}
   * @param secret at least 32 bytes (copied)
   * @return a set of that one secret
   */
  public static JwkSet ofSecret(String kid, byte[] secret) {
    return of(JwkParser.secretKey("HMAC secret", kid, null, secret.clone()));
  }

  /**
   * The key with this kid; for a {@code null} kid, the only key when the set has exactly one. A set
   * of exactly one key without a kid (a PEM key, a bare secret) answers for every kid. (Validation
   * itself may try several keys: see the class description.)
   *
   * @param kid the token's {@code kid}, or {@code null} when it has none
   * @return the matching key, or empty when none matches
   */
  public Optional<VerificationKey> find(String kid) {
    VerificationKey k = lookup(kid);
    return Optional.ofNullable(k);
  }

  /** Like {@link #find(String)} without the {@code Optional} (hot path). */
  VerificationKey lookup(String kid) {
    List<VerificationKey> ks = keys;
    if (kid == null) {
      return ks.size() == 1 ? ks.get(0) : null;
    }
    for (int i = 0, n = ks.size(); i < n; i++) {
      VerificationKey k = ks.get(i);
      if (kid.equals(k.kid())) {
        return k;
      }
    }
    // a single configured key without a kid (e.g. a PEM key) serves tokens that name any kid: the
    // signature must still verify with it, and its algorithms still bind
    return ks.size() == 1 && ks.get(0).kid() == null ? ks.get(0) : null;
  }

  /**
   * Whether this exact key (kid, type, algorithms and key material) is in the set.
   *
   * @param key the key to look for
   * @return {@code true} when an equal key is in the set
   */
  public boolean contains(VerificationKey key) {
    for (VerificationKey k : keys) {
      if (k == key || k.equals(key)) {
        return true;
      }
    }
    return false;
  }

  /** Safe to log: kids only. */
  @Override
  public String toString() {
    return "JwkSet" + keys + (skipped.isEmpty() ? "" : " skipped=" + skipped.keySet());
  }
}
