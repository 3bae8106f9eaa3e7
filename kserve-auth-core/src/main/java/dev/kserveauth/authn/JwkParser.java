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

import dev.kserveauth.internal.jws.Base64Url;
import dev.kserveauth.internal.jws.Json;
import dev.kserveauth.internal.jws.JwsAlgorithm;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Parses a JWK Set (RFC 7517), or Envoy's x509 key-set format ({@code {"<kid>": "-----BEGIN
 * CERTIFICATE-----..."}}), into checked {@link VerificationKey}s.
 *
 * <p>Each key is judged on its own, as jwt_verify_lib does: a key that is not usable is <b>dropped</b>
 * with a reason ({@link Dropped}) and the others stay in force. Dropped are keys meant for something else
 * ({@code use: enc}, {@code key_ops} without {@code verify}, an encryption {@code alg}), algorithms, key
 * types or curves this validator does not verify with, broken or weak keys (RSA below 2048 or above
 * 8192 bits, bad exponent, ROCA, point off the curve, a coordinate longer than the curve,
 * {@code alg}/{@code crv} mismatch, short HMAC secret), keys that publish private members, symmetric
 * keys in a published set, and every key of a {@code kid} that names more than one usable key. The
 * document fails as a whole ({@link InvalidJwkException}) only when it is not a key set at all, when a
 * configured set mixes secrets with public keys (ambiguous), or when no usable key remains.
 *
 * <p>{@code x5c}, {@code x5u}, {@code x5t} and {@code jku}-like members are never used as key sources:
 * the key is read from its own members ({@code n}/{@code e}, {@code crv}/{@code x}/{@code y}, {@code k}).
 */
final class JwkParser {

  /** Largest JWKS document accepted, in characters. */
  public static final int MAX_CHARS = 64 * 1024;
  /** Most keys in one set. */
  public static final int MAX_KEYS = 64;

  /** Which kind of set is being read. */
  public enum Mode {
    /**
     * A published JWKS (a {@code jwksUri}, OIDC discovery, the Kubernetes API server): asymmetric public
     * keys only; a {@code kty: oct} key is dropped, because a secret anyone can read forges tokens.
     */
    PUBLIC,
    /**
     * A key set from trusted configuration (an inline {@code jwks}): public keys, and {@code kty: oct}
     * keys as configured HMAC secrets (HS256/384/512, at least 256 bits), as Istio accepts them.
     */
    CONFIGURED,
    /** Shared HMAC secrets from trusted configuration: {@code kty: oct} only. */
    SYMMETRIC
  }

  /** Why a key of the document is not used; a bounded set, safe as a metric tag. */
  public enum DropReason {
    /** Meant for something else: {@code use: enc}, {@code key_ops}, an encryption {@code alg}. */
    NOT_FOR_SIGNATURES("not_for_signatures"),
    /** A key type, curve or algorithm this validator does not verify with. */
    UNSUPPORTED("unsupported"),
    /** Broken or too weak: bad members, RSA size or exponent, point off the curve, short secret. */
    INVALID("invalid"),
    /** Private key members published (the key is compromised). */
    PRIVATE_MEMBERS("private_members"),
    /** A symmetric secret in a published set. */
    PUBLISHED_SECRET("published_secret"),
    /** One of several signature keys with the same {@code kid}. */
    DUPLICATE_KID("duplicate_kid");

    private final String tag;

    DropReason(String tag) {
      this.tag = tag;
    }

    /** Lower-case tag value. */
    public String tag() {
      return tag;
    }
  }

  /**
   * One key of the document that is not used.
   *
   * @param label {@code JWK '<kid>'} or {@code JWK #<index>}
   * @param kid the key's {@code kid}, or {@code null}
   * @param reason the class of problem
   * @param detail the precise problem, naming the member (for logs; never shown to callers)
   */
  public record Dropped(String label, String kid, DropReason reason, String detail) {}

  /**
   * A parsed document.
   *
   * @param set the usable keys (may be empty)
   * @param dropped the keys left out, in document order
   */
  public record Result(JwkSet set, List<Dropped> dropped) {
    public Result {
      dropped = List.copyOf(dropped);
    }

    /** The usable keys; {@link InvalidJwkException} listing every dropped key when there are none. */
    public JwkSet requireUsable() {
      if (!set.keys().isEmpty()) {
        return set;
      }
      if (dropped.isEmpty()) {
        throw new InvalidJwkException("JWKS has no keys");
      }
      StringBuilder why = new StringBuilder("JWKS has no usable signature key: ");
      for (int i = 0; i < dropped.size(); i++) {
        why.append(i == 0 ? "" : "; ").append(dropped.get(i).detail());
      }
      throw new InvalidJwkException(why.toString());
    }
  }

  private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth");
  private static final String CERT_BEGIN = "-----BEGIN CERTIFICATE-----";

  /** A key that is dropped, not fatal for the set. */
  private static final class Drop extends RuntimeException {
    final DropReason reason;

    Drop(DropReason reason, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
    }
  }

  private JwkParser() {}

  /** {@link #read}, then {@link Result#requireUsable()}. */
  public static JwkSet parse(String json, Mode mode) {
    return read(json, mode).requireUsable();
  }

  /**
   * Parses every key of the document, dropping the unusable ones.
   *
   * @throws InvalidJwkException when the document is not a key set (not JSON, no {@code keys} array,
   *     too large, too many keys)
   */
  public static Result read(String json, Mode mode) {
    if (json == null || json.isBlank()) {
      throw new InvalidJwkException("JWKS is empty");
    }
    if (json.length() > MAX_CHARS) {
      throw new InvalidJwkException("JWKS exceeds " + MAX_CHARS + " characters");
    }
    JsonNode root;
    try (com.fasterxml.jackson.core.JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
      root = Json.MAPPER.readTree(p);
      if (p.nextToken() != null) {
        throw new InvalidJwkException("JWKS has trailing content after the JSON object");
      }
    } catch (java.io.IOException e) {
      String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage() : "unreadable";
      throw new InvalidJwkException("JWKS is not valid JSON: " + why);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidJwkException("JWKS is not a JSON object");
    }
    if (!root.has("keys") && !root.has("kty") && isX509KeySet(root)) {
      return x509(root);
    }
    List<JsonNode> jwks = new ArrayList<>();
    if (root.has("keys")) {
      JsonNode keys = root.get("keys");
      if (!keys.isArray()) {
        throw new InvalidJwkException("JWKS member 'keys' is not an array");
      }
      keys.forEach(jwks::add);
    } else if (root.has("kty")) {
      jwks.add(root);
    } else {
      throw new InvalidJwkException("JWKS has no 'keys' array");
    }
    if (jwks.size() > MAX_KEYS) {
      throw new InvalidJwkException("JWKS has " + jwks.size() + " keys; at most " + MAX_KEYS + " allowed");
    }
    if (mode != Mode.PUBLIC) {
      // a configured set of secrets and public keys is ambiguous (Wycheproof "MixedKeySet"): refuse it
      boolean symmetric = false;
      boolean asymmetric = false;
      for (JsonNode jwk : jwks) {
        String kty = text(jwk, "kty");
        symmetric |= "oct".equals(kty);
        asymmetric |= kty != null && !"oct".equals(kty);
      }
      if (symmetric && asymmetric) {
        throw new InvalidJwkException("JWKS mixes symmetric (kty 'oct') and asymmetric keys");
      }
    }
    List<VerificationKey> parsed = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<Dropped> dropped = new ArrayList<>();
    Map<String, Integer> kidCount = new HashMap<>();
    int index = 0;
    for (JsonNode jwk : jwks) {
      String label = label(jwk, index++);
      String kid = jwk.isObject() && jwk.path("kid").isTextual() ? jwk.get("kid").asText() : null;
      try {
        if (!jwk.isObject()) {
          throw new Drop(DropReason.INVALID, label + ": not a JSON object");
        }
        VerificationKey key = parseKey(jwk, label, mode);
        if (key.kid() != null) {
          kidCount.merge(key.kid(), 1, Integer::sum);
        }
        parsed.add(key);
        labels.add(label);
      } catch (Drop d) {
        dropped.add(new Dropped(label, kid, d.reason, d.getMessage()));
        if (kid != null && d.reason != DropReason.NOT_FOR_SIGNATURES) {
          kidCount.merge(kid, 1, Integer::sum);
        }
      } catch (InvalidJwkException e) {
        dropped.add(new Dropped(label, kid, DropReason.INVALID, e.getMessage()));
        if (kid != null) {
          kidCount.merge(kid, 1, Integer::sum);
        }
      }
    }
    // a kid that names two signature keys is ambiguous (Wycheproof "DuplicateKid"), even when one of
    // them is broken: none of its keys is used
    List<VerificationKey> accepted = new ArrayList<>();
    for (int i = 0; i < parsed.size(); i++) {
      VerificationKey key = parsed.get(i);
      if (key.kid() != null && kidCount.get(key.kid()) > 1) {
        dropped.add(new Dropped(labels.get(i), key.kid(), DropReason.DUPLICATE_KID, labels.get(i)
            + ": kid '" + key.kid() + "' names more than one signature key; none of them is used"));
      } else {
        accepted.add(key);
      }
    }
    return new Result(new JwkSet(accepted, skippedMap(dropped)), dropped);
  }

  /** Envoy's x509 format: every member a PEM certificate, the member name its kid. */
  private static boolean isX509KeySet(JsonNode root) {
    if (root.size() == 0) {
      return false;
    }
    for (Iterator<JsonNode> it = root.elements(); it.hasNext(); ) {
      JsonNode v = it.next();
      if (!v.isTextual() || !v.asText().stripLeading().startsWith(CERT_BEGIN)) {
        return false;
      }
    }
    return true;
  }

  private static Result x509(JsonNode root) {
    if (root.size() > MAX_KEYS) {
      throw new InvalidJwkException("JWKS has " + root.size() + " keys; at most " + MAX_KEYS + " allowed");
    }
    List<VerificationKey> accepted = new ArrayList<>();
    List<Dropped> dropped = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String label = "JWK '" + e.getKey() + "'";
      try {
        List<VerificationKey> keys = PemKeys.parse(e.getValue().asText(), e.getKey());
        accepted.addAll(keys);
      } catch (InvalidJwkException ex) {
        dropped.add(new Dropped(label, e.getKey(), DropReason.INVALID, label + ": " + ex.getMessage()));
      }
    }
    return new Result(new JwkSet(accepted, skippedMap(dropped)), dropped);
  }

  private static Map<String, String> skippedMap(List<Dropped> dropped) {
    Map<String, String> skipped = new LinkedHashMap<>();
    for (Dropped d : dropped) {
      String why = d.detail().startsWith(d.label() + ": ") ? d.detail().substring(d.label().length() + 2) : d.detail();
      skipped.putIfAbsent(d.kid() == null ? d.label() : d.kid(), why);
    }
    return skipped;
  }

  private static String label(JsonNode jwk, int index) {
    JsonNode kid = jwk.get("kid");
    return kid != null && kid.isTextual() ? "JWK '" + kid.asText() + "'" : "JWK #" + index;
  }

  private static VerificationKey parseKey(JsonNode jwk, String label, Mode mode) {
    // private material drops the key wherever it appears, even on a key we would skip for another reason
    for (Iterator<String> it = jwk.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (PRIVATE_MEMBERS.contains(f) && !"oct".equals(text(jwk, "kty"))) {
        throw new Drop(DropReason.PRIVATE_MEMBERS, label + ": publishes private key member '" + f + "'");
      }
    }
    String kty = requireText(jwk, "kty", label);
    String kid = optionalText(jwk, "kid", label);
    String use = optionalText(jwk, "use", label);
    String alg = optionalText(jwk, "alg", label);
    Set<String> keyOps = keyOps(jwk, label);

    if ("oct".equals(kty) && mode == Mode.PUBLIC) {
      throw new Drop(DropReason.PUBLISHED_SECRET, label + ": symmetric key (kty 'oct') in a published JWKS; "
          + "anyone who reads it could sign tokens");
    }
    if (!"oct".equals(kty) && mode == Mode.SYMMETRIC) {
      throw new Drop(DropReason.UNSUPPORTED, label + ": only symmetric keys (kty 'oct') belong in a secret key set");
    }
    if (use != null && !use.equals("sig")) {
      throw new Drop(DropReason.NOT_FOR_SIGNATURES, label + ": use is '" + use + "', not 'sig'");
    }
    if (keyOps != null && !keyOps.contains("verify")) {
      throw new Drop(DropReason.NOT_FOR_SIGNATURES, label + ": key_ops does not include 'verify'");
    }
    JwsAlgorithm jwkAlg = null;
    if (alg != null) {
      if (JwsAlgorithm.isEncryptionAlgorithm(alg)) {
        throw new Drop(DropReason.NOT_FOR_SIGNATURES, label + ": alg '" + alg + "' is an encryption algorithm");
      }
      jwkAlg = JwsAlgorithm.forName(alg);
      if (jwkAlg == null) {
        throw new Drop(DropReason.UNSUPPORTED, label + ": alg '" + alg + "' is not a supported JWS signature algorithm");
      }
    }
    return switch (kty) {
      case "RSA" -> rsa(jwk, label, kid, jwkAlg);
      case "EC" -> ec(jwk, label, kid, jwkAlg);
      case "OKP" -> okp(jwk, label, kid, jwkAlg);
      case "oct" -> oct(jwk, label, kid, jwkAlg);
      default -> throw new Drop(DropReason.UNSUPPORTED, label + ": kty '" + kty + "' is not supported");
    };
  }

  private static VerificationKey rsa(JsonNode jwk, String label, String kid, JwsAlgorithm alg) {
    if (alg != null && !alg.isRsa()) {
      throw new InvalidJwkException(label + ": alg '" + alg.name() + "' does not match kty 'RSA'");
    }
    BigInteger n = new BigInteger(1, requireBytes(jwk, "n", label));
    BigInteger e = new BigInteger(1, requireBytes(jwk, "e", label));
    KeyChecks.checkRsa(label, n, e);
    PublicKey key = generate("RSA", new RSAPublicKeySpec(n, e), label);
    Set<String> algs = alg != null ? Set.of(alg.name()) : rsaAlgorithms();
    return new VerificationKey(kid, "RSA", alg == null ? null : alg.name(), key, algs);
  }

  /** RS256/384/512 and PS256/384/512: the algorithms an RSA key without {@code alg} may verify. */
  public static Set<String> rsaAlgorithms() {
    return Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
  }

  private static VerificationKey ec(JsonNode jwk, String label, String kid, JwsAlgorithm alg) {
    String crv = requireText(jwk, "crv", label);
    ECParameterSpec params = KeyChecks.curveParams(crv);
    if (params == null) {
      throw new Drop(DropReason.UNSUPPORTED, label + ": EC curve '" + crv + "' is not supported");
    }
    JwsAlgorithm expected = switch (crv) {
      case "P-256" -> JwsAlgorithm.ES256;
      case "P-384" -> JwsAlgorithm.ES384;
      default -> JwsAlgorithm.ES512;
    };
    if (alg != null && alg != expected) {
      throw new InvalidJwkException(label + ": alg '" + alg.name() + "' does not match crv '" + crv + "'");
    }
    int len = expected.coordinateLength();
    byte[] xb = requireBytes(jwk, "x", label);
    byte[] yb = requireBytes(jwk, "y", label);
    // RFC 7518 section 6.2.1.2 asks for the full length, but publishers that drop leading zero bytes
    // exist (jwt_verify_lib's own P-521 test key has a 65-byte 'y'); like jwt_verify_lib and Istio's
    // validation we read the unsigned value. Longer is never valid; the point check below still runs.
    if (xb.length > len || yb.length > len) {
      throw new InvalidJwkException(label + ": members 'x'/'y' must be at most " + len + " bytes for crv '" + crv + "'");
    }
    BigInteger x = new BigInteger(1, xb);
    BigInteger y = new BigInteger(1, yb);
    KeyChecks.checkEcPoint(label, params, x, y);
    PublicKey key = generate("EC", new ECPublicKeySpec(new ECPoint(x, y), params), label);
    return new VerificationKey(kid, "EC", alg == null ? null : alg.name(), key, Set.of(expected.name()));
  }

  private static final byte[] ED25519_SPKI = hex("302a300506032b6570032100");
  private static final byte[] ED448_SPKI = hex("3043300506032b6571033a00");

  private static VerificationKey okp(JsonNode jwk, String label, String kid, JwsAlgorithm alg) {
    String crv = requireText(jwk, "crv", label);
    byte[] prefix;
    int len;
    switch (crv) {
      case "Ed25519" -> { prefix = ED25519_SPKI; len = 32; }
      case "Ed448" -> { prefix = ED448_SPKI; len = 57; }
      default -> throw new Drop(DropReason.UNSUPPORTED, label + ": OKP curve '" + crv
          + "' is not a signature curve this validator supports");
    }
    if (alg != null && alg != JwsAlgorithm.EdDSA) {
      throw new InvalidJwkException(label + ": alg '" + alg.name() + "' does not match kty 'OKP'");
    }
    byte[] x = requireBytes(jwk, "x", label);
    if (x.length != len) {
      throw new InvalidJwkException(label + ": member 'x' must be " + len + " bytes for crv '" + crv + "'");
    }
    byte[] spki = new byte[prefix.length + len];
    System.arraycopy(prefix, 0, spki, 0, prefix.length);
    System.arraycopy(x, 0, spki, prefix.length, len);
    PublicKey key = generate(crv, new X509EncodedKeySpec(spki), label);
    return new VerificationKey(kid, "OKP", alg == null ? null : alg.name(), key, Set.of("EdDSA"));
  }

  private static VerificationKey oct(JsonNode jwk, String label, String kid, JwsAlgorithm alg) {
    byte[] k = requireBytes(jwk, "k", label);
    if (alg != null && alg.family() != JwsAlgorithm.Family.HMAC) {
      throw new InvalidJwkException(label + ": alg '" + alg.name() + "' does not match kty 'oct'");
    }
    return secretKey(label, kid, alg, k);
  }

  /**
   * An HMAC key: at least 32 bytes (RFC 7518 section 3.2); with {@code alg} it must be at least the
   * hash length of that algorithm, without one it may verify each HS* whose hash it covers.
   */
  public static VerificationKey secretKey(String label, String kid, JwsAlgorithm alg, byte[] k) {
    int min = alg != null ? alg.hashLength() : KeyChecks.MIN_HMAC_BYTES;
    if (k.length < min) {
      throw new InvalidJwkException(label + ": member 'k' is an HMAC secret of " + k.length + " bytes; at least "
          + min + " required" + (alg != null ? " for " + alg.name() : ""));
    }
    Set<String> algs = new LinkedHashSet<>();
    if (alg != null) {
      algs.add(alg.name());
    } else {
      for (JwsAlgorithm a : new JwsAlgorithm[] {JwsAlgorithm.HS256, JwsAlgorithm.HS384, JwsAlgorithm.HS512}) {
        if (k.length >= a.hashLength()) {
          algs.add(a.name());
        }
      }
    }
    Key key = new SecretKeySpec(k, "HmacSHA256");
    return new VerificationKey(kid, "oct", alg == null ? null : alg.name(), key, algs);
  }

  private static PublicKey generate(String algorithm, java.security.spec.KeySpec spec, String label) {
    try {
      return KeyFactory.getInstance(algorithm).generatePublic(spec);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new InvalidJwkException(label + ": key material is not a valid " + algorithm + " public key");
    }
  }

  private static String text(JsonNode jwk, String name) {
    JsonNode n = jwk.get(name);
    return n != null && n.isTextual() ? n.asText() : null;
  }

  private static String requireText(JsonNode jwk, String name, String label) {
    JsonNode n = jwk.get(name);
    if (n == null || n.isNull()) {
      throw new InvalidJwkException(label + ": member '" + name + "' is missing");
    }
    if (!n.isTextual()) {
      throw new InvalidJwkException(label + ": member '" + name + "' is not a string");
    }
    return n.asText();
  }

  private static String optionalText(JsonNode jwk, String name, String label) {
    JsonNode n = jwk.get(name);
    if (n == null) {
      return null;
    }
    if (!n.isTextual()) {
      throw new InvalidJwkException(label + ": member '" + name + "' is not a string");
    }
    return n.asText();
  }

  private static Set<String> keyOps(JsonNode jwk, String label) {
    JsonNode n = jwk.get("key_ops");
    if (n == null) {
      return null;
    }
    if (!n.isArray()) {
      throw new InvalidJwkException(label + ": member 'key_ops' is not an array");
    }
    Set<String> ops = new HashSet<>();
    for (JsonNode op : n) {
      if (!op.isTextual() || !ops.add(op.asText())) {
        throw new InvalidJwkException(label + ": member 'key_ops' must hold distinct strings");
      }
    }
    return ops;
  }

  private static byte[] requireBytes(JsonNode jwk, String name, String label) {
    String s = requireText(jwk, name, label);
    byte[] b = Base64Url.decode(s);
    if (b == null) {
      throw new InvalidJwkException(label + ": member '" + name + "' is not canonical base64url");
    }
    if (b.length == 0) {
      throw new InvalidJwkException(label + ": member '" + name + "' is empty");
    }
    return b;
  }

  static byte[] hex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }
}
