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

import java.security.Key;
import java.util.Objects;
import java.util.Set;

/**
 * One key a token may be verified with, as taken from a JWK (or PEM / secret) after the key checks
 * ({@code kty}/{@code crv}/{@code alg}/{@code use}/{@code key_ops}, RSA size) have passed.
 *
 * @since 0.1
 * @param kid the key id, or {@code null} when the JWK has none
 * @param kty the JWK key type ({@code RSA}, {@code EC}, {@code OKP}, {@code oct})
 * @param alg the JWK {@code alg} when present (then only that algorithm may use the key), else {@code null}
 * @param key the public key (or secret key for HS*)
 * @param allowedAlgorithms the JWS algorithms this key may verify (derived from kty/crv/alg)
 */
public record VerificationKey(String kid, String kty, String alg, Key key, Set<String> allowedAlgorithms) {
  /**
   * Copies the algorithm set.
   *
   * @param kid the key id, or {@code null} when the JWK has none
   * @param kty the JWK key type ({@code RSA}, {@code EC}, {@code OKP}, {@code oct})
   * @param alg the JWK {@code alg} when present (then only that algorithm may use the key), else {@code null}
   * @param key the public key (or secret key for HS*)
   * @param allowedAlgorithms the JWS algorithms this key may verify (derived from kty/crv/alg)
   * @throws NullPointerException if {@code kty}, {@code key} or {@code allowedAlgorithms} is {@code null}
   */
  public VerificationKey {
    Objects.requireNonNull(kty, "kty");
    Objects.requireNonNull(key, "key");
    allowedAlgorithms = Set.copyOf(allowedAlgorithms);
  }

  /** Safe to log: no key material. */
  @Override
  public String toString() {
    return "VerificationKey[kid=" + kid + ", kty=" + kty + ", alg=" + alg + "]";
  }
}
