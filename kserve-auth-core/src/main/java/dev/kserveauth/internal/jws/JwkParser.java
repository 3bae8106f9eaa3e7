package dev.kserveauth.internal.jws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kserveauth.token.InvalidJwkException;
import dev.kserveauth.token.JwkSet;
import dev.kserveauth.token.VerificationKey;
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
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Parses a JWK Set (RFC 7517) into checked {@link VerificationKey}s.
 *
 * <p>Three outcomes per key:
 * <ul>
 *   <li><b>accepted</b>: a signature key that passed every check;</li>
 *   <li><b>skipped</b> (recorded in {@link JwkSet#skipped()} with the reason): keys meant for something
 *       else, such as {@code use: enc}, {@code key_ops} without {@code verify}, an encryption {@code alg},
 *       an algorithm, key type or curve this validator does not verify with. Keycloak publishes an
 *       RSA-OAEP key next to its signing key; such a key must not break the set;</li>
 *   <li><b>rejected</b>: the whole set fails with {@link InvalidJwkException} naming the member, when a
 *       key that claims to be a signature key is broken or weak (RSA below 2048 or above 8192 bits, bad
 *       exponent, ROCA, point off the curve, wrong coordinate length, {@code alg}/{@code crv} mismatch,
 *       short HMAC secret), when private members appear in a public set, when symmetric and asymmetric
 *       keys are mixed, or when two usable keys share a {@code kid}.</li>
 * </ul>
 * {@code x5c}, {@code x5u}, {@code x5t} and {@code jku}-like members are never used as key sources:
 * the key is read from its own members ({@code n}/{@code e}, {@code crv}/{@code x}/{@code y}, {@code k}).
 */
public final class JwkParser {

  /** Largest JWKS document accepted, in characters. */
  public static final int MAX_CHARS = 64 * 1024;
  /** Most keys in one set. */
  public static final int MAX_KEYS = 64;

  /** Which kind of set is being read. */
  public enum Mode {
    /** A published JWKS: asymmetric public keys only; any private member is an error. */
    PUBLIC,
    /** Shared HMAC secrets from trusted configuration: {@code kty: oct} only. */
    SYMMETRIC
  }

  private static final Set<String> RSA_PRIVATE = Set.of("d", "p", "q", "dp", "dq", "qi", "oth");

  private JwkParser() {}

  public static JwkSet parse(String json, Mode mode) {
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
    boolean symmetric = false;
    boolean asymmetric = false;
    for (JsonNode jwk : jwks) {
      if (!jwk.isObject()) {
        throw new InvalidJwkException("JWKS member 'keys' contains a non-object entry");
      }
      if ("oct".equals(text(jwk, "kty"))) {
        symmetric = true;
      } else {
        asymmetric = true;
      }
    }
    if (symmetric && asymmetric) {
      throw new InvalidJwkException("JWKS mixes symmetric (kty 'oct') and asymmetric keys");
    }
    List<VerificationKey> accepted = new ArrayList<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    Set<String> kids = new HashSet<>();
    int index = 0;
    for (JsonNode jwk : jwks) {
      String label = label(jwk, index++);
      VerificationKey key = parseKey(jwk, label, mode, skipped);
      if (key != null) {
        if (key.kid() != null && !kids.add(key.kid())) {
          throw new InvalidJwkException("JWKS has two usable keys with kid '" + key.kid() + "'");
        }
        accepted.add(key);
      }
    }
    return new JwkSet(accepted, skipped);
  }

  private static String label(JsonNode jwk, int index) {
    JsonNode kid = jwk.get("kid");
    return kid != null && kid.isTextual() ? "JWK '" + kid.asText() + "'" : "JWK #" + index;
  }

  private static VerificationKey parseKey(JsonNode jwk, String label, Mode mode, Map<String, String> skipped) {
    String kty = requireText(jwk, "kty", label);
    String kid = optionalText(jwk, "kid", label);
    String use = optionalText(jwk, "use", label);
    String alg = optionalText(jwk, "alg", label);
    Set<String> keyOps = keyOps(jwk, label);
    String skipKey = kid == null ? label : kid;

    // private material is an error wherever it appears in a public set, even on a key we would skip
    if (mode == Mode.PUBLIC) {
      if ("oct".equals(kty)) {
        throw new InvalidJwkException(label + ": symmetric key (kty 'oct') in a public JWKS");
      }
      for (Iterator<String> it = jwk.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (RSA_PRIVATE.contains(f)) {
          throw new InvalidJwkException(label + ": public JWKS contains private key member '" + f + "'");
        }
      }
    } else if (!"oct".equals(kty)) {
      throw new InvalidJwkException(label + ": only symmetric keys (kty 'oct') belong in a secret key set");
    }

    if (use != null && !use.equals("sig")) {
      skipped.put(skipKey, "use is '" + use + "', not 'sig'");
      return null;
    }
    if (keyOps != null && !keyOps.contains("verify")) {
      skipped.put(skipKey, "key_ops does not include 'verify'");
      return null;
    }
    JwsAlgorithm jwkAlg = null;
    if (alg != null) {
      if (JwsAlgorithm.isEncryptionAlgorithm(alg)) {
        skipped.put(skipKey, "alg '" + alg + "' is an encryption algorithm");
        return null;
      }
      jwkAlg = JwsAlgorithm.forName(alg);
      if (jwkAlg == null) {
        skipped.put(skipKey, "alg '" + alg + "' is not a supported JWS signature algorithm");
        return null;
      }
    }
    return switch (kty) {
      case "RSA" -> rsa(jwk, label, kid, jwkAlg);
      case "EC" -> ec(jwk, label, kid, jwkAlg, skipped, skipKey);
      case "OKP" -> okp(jwk, label, kid, jwkAlg, skipped, skipKey);
      case "oct" -> oct(jwk, label, kid, jwkAlg);
      default -> {
        skipped.put(skipKey, "kty '" + kty + "' is not supported");
        yield null;
      }
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

  private static VerificationKey ec(JsonNode jwk, String label, String kid, JwsAlgorithm alg,
      Map<String, String> skipped, String skipKey) {
    String crv = requireText(jwk, "crv", label);
    ECParameterSpec params = KeyChecks.curveParams(crv);
    if (params == null) {
      skipped.put(skipKey, "EC curve '" + crv + "' is not supported");
      return null;
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
    if (xb.length != len || yb.length != len) {
      throw new InvalidJwkException(label + ": members 'x'/'y' must be " + len + " bytes for crv '" + crv + "'");
    }
    BigInteger x = new BigInteger(1, xb);
    BigInteger y = new BigInteger(1, yb);
    KeyChecks.checkEcPoint(label, params, x, y);
    PublicKey key = generate("EC", new ECPublicKeySpec(new ECPoint(x, y), params), label);
    return new VerificationKey(kid, "EC", alg == null ? null : alg.name(), key, Set.of(expected.name()));
  }

  private static final byte[] ED25519_SPKI = hex("302a300506032b6570032100");
  private static final byte[] ED448_SPKI = hex("3043300506032b6571033a00");

  private static VerificationKey okp(JsonNode jwk, String label, String kid, JwsAlgorithm alg,
      Map<String, String> skipped, String skipKey) {
    String crv = requireText(jwk, "crv", label);
    byte[] prefix;
    int len;
    switch (crv) {
      case "Ed25519" -> { prefix = ED25519_SPKI; len = 32; }
      case "Ed448" -> { prefix = ED448_SPKI; len = 57; }
      default -> {
        skipped.put(skipKey, "OKP curve '" + crv + "' is not a signature curve this validator supports");
        return null;
      }
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
