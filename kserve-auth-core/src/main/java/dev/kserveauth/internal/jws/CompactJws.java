package dev.kserveauth.internal.jws;

import dev.kserveauth.token.InvalidSignatureException;
import dev.kserveauth.token.MalformedTokenException;
import dev.kserveauth.token.UnsupportedAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A compact JWS split and decoded with every pre-verification guard, before any signature work:
 * length caps before decoding, exactly two dots, strict base64url per segment, a duplicate-free JSON
 * header, and refusal of JWE ({@code enc}, five parts), {@code zip}, {@code crit}, unencoded payloads
 * and nested JWTs. {@code jku}, {@code x5u}, {@code jwk}, {@code x5c} are ignored: keys never come
 * from the token. Nothing here trusts the payload; it is returned as bytes.
 */
public final class CompactJws {

  /** Default cap on the whole compact token, in characters. */
  public static final int DEFAULT_MAX_LENGTH = 16 * 1024;
  /** Cap on the decoded header, in bytes. */
  public static final int MAX_HEADER_BYTES = 2048;
  /** Cap on the {@code kid} header, in characters. */
  public static final int MAX_KID_LENGTH = 256;

  /** The token as ASCII bytes (non-ASCII characters become '?', which fails base64url). */
  public final byte[] ascii;
  /** Index of the first and second dot: the signing input is {@code ascii[0, dot2)}. */
  public final int dot1;
  public final int dot2;
  public final Map<String, Object> header;
  public final JwsAlgorithm alg;
  public final String kid;
  public final String typ;
  public final byte[] payload;
  public final byte[] signature;

  private CompactJws(byte[] ascii, int dot1, int dot2, Map<String, Object> header, JwsAlgorithm alg, String kid,
      String typ, byte[] payload, byte[] signature) {
    this.ascii = ascii;
    this.dot1 = dot1;
    this.dot2 = dot2;
    this.header = header;
    this.alg = alg;
    this.kid = kid;
    this.typ = typ;
    this.payload = payload;
    this.signature = signature;
  }

  /**
   * @throws MalformedTokenException for structure, size, encoding and refused headers
   * @throws UnsupportedAlgorithmException for {@code none} and unknown algorithms
   * @throws InvalidSignatureException for an empty signature
   */
  public static CompactJws parse(String token, int maxLength) {
    if (token == null || token.isEmpty()) {
      throw new MalformedTokenException("token is empty");
    }
    int length = token.length();
    if (length > maxLength) {
      throw new MalformedTokenException("token exceeds " + maxLength + " characters");
    }
    byte[] ascii = token.getBytes(StandardCharsets.ISO_8859_1);
    int dot1 = -1;
    int dot2 = -1;
    int dots = 0;
    for (int i = 0; i < ascii.length; i++) {
      if (ascii[i] == '.') {
        if (dots == 0) {
          dot1 = i;
        } else if (dots == 1) {
          dot2 = i;
        }
        dots++;
      }
    }
    if (dots != 2) {
      if (dots == 4) {
        throw new MalformedTokenException("token has 5 parts: encrypted tokens (JWE) are not accepted");
      }
      throw new MalformedTokenException("token must have 3 parts separated by '.', found " + (dots + 1));
    }
    if (dot1 == 0) {
      throw new MalformedTokenException("token header is empty");
    }
    if ((long) dot1 * 3 / 4 > MAX_HEADER_BYTES) {
      throw new MalformedTokenException("token header exceeds " + MAX_HEADER_BYTES + " bytes");
    }
    byte[] headerBytes = Base64Url.decode(ascii, 0, dot1);
    if (headerBytes == null) {
      throw new MalformedTokenException("token header is not canonical base64url");
    }
    Map<String, Object> header;
    try {
      header = Json.parseObject(headerBytes);
    } catch (IllegalArgumentException e) {
      throw new MalformedTokenException("token header " + e.getMessage());
    }
    if (header.containsKey("enc")) {
      throw new MalformedTokenException("encrypted tokens (JWE, header 'enc') are not accepted");
    }
    if (header.containsKey("zip")) {
      throw new MalformedTokenException("compressed tokens (header 'zip') are not accepted");
    }
    if (header.containsKey("crit")) {
      throw new MalformedTokenException("critical header extensions (header 'crit') are not supported");
    }
    if (Boolean.FALSE.equals(header.get("b64"))) {
      throw new MalformedTokenException("unencoded payloads (header 'b64': false) are not accepted");
    }
    Object cty = header.get("cty");
    if (cty instanceof String c && (c.equalsIgnoreCase("JWT") || c.equalsIgnoreCase("application/JWT"))) {
      throw new MalformedTokenException("nested tokens (header 'cty': 'JWT') are not accepted");
    }
    Object algValue = header.get("alg");
    if (algValue == null) {
      throw new MalformedTokenException("token header has no 'alg'");
    }
    if (!(algValue instanceof String algName)) {
      throw new MalformedTokenException("token header 'alg' is not a string");
    }
    if (JwsAlgorithm.isNone(algName)) {
      throw new UnsupportedAlgorithmException("algorithm 'none' (unsecured JWS) is never accepted");
    }
    JwsAlgorithm alg = JwsAlgorithm.forName(algName);
    if (alg == null) {
      throw new UnsupportedAlgorithmException("token algorithm is not a supported JWS signature algorithm");
    }
    Object kidValue = header.get("kid");
    String kid = null;
    if (kidValue != null) {
      if (!(kidValue instanceof String k)) {
        throw new MalformedTokenException("token header 'kid' is not a string");
      }
      if (k.length() > MAX_KID_LENGTH) {
        throw new MalformedTokenException("token header 'kid' exceeds " + MAX_KID_LENGTH + " characters");
      }
      kid = k;
    }
    Object typValue = header.get("typ");
    String typ = null;
    if (typValue != null) {
      if (!(typValue instanceof String t)) {
        throw new MalformedTokenException("token header 'typ' is not a string");
      }
      typ = t;
    }
    byte[] payload = Base64Url.decode(ascii, dot1 + 1, dot2);
    if (payload == null) {
      throw new MalformedTokenException("token payload is not canonical base64url");
    }
    if (dot2 == ascii.length - 1) {
      throw new InvalidSignatureException("token has no signature");
    }
    byte[] signature = Base64Url.decode(ascii, dot2 + 1, ascii.length);
    if (signature == null) {
      throw new MalformedTokenException("token signature is not canonical base64url");
    }
    return new CompactJws(ascii, dot1, dot2, header, alg, kid, typ, payload, signature);
  }
}
