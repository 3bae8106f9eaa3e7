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
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;

/**
 * A compact JWS split and decoded with every pre-verification guard, before any signature work:
 * length caps before decoding, exactly two dots, strict base64url per segment, a duplicate-free JSON
 * header, and refusal of JWE ({@code enc}, five parts), {@code zip}, {@code crit}, unencoded payloads
 * and nested JWTs. {@code jku}, {@code x5u}, {@code jwk}, {@code x5c} are ignored: keys never come
 * from the token. Nothing here trusts the payload; it is returned as bytes.
 */
final class CompactJws {

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
  public final JwsAlgorithm alg;
  public final String kid;
  public final String typ;
  public final byte[] payload;
  public final byte[] signature;

  private CompactJws(byte[] ascii, int dot1, int dot2, JwsAlgorithm alg, String kid, String typ, byte[] payload,
      byte[] signature) {
    this.ascii = ascii;
    this.dot1 = dot1;
    this.dot2 = dot2;
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
    // String.indexOf is vectorized for Latin-1 strings; a byte loop over the whole token is not
    int dot1 = token.indexOf('.');
    int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
    if (dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0) {
      int dots = 0;
      for (int i = 0; i < length; i++) {
        if (token.charAt(i) == '.') {
          dots++;
        }
      }
      if (dots == 4) {
        throw new MalformedTokenException("token has 5 parts: encrypted tokens (JWE) are not accepted");
      }
      throw new MalformedTokenException("token must have 3 parts separated by '.', found " + (dots + 1));
    }
    byte[] ascii = token.getBytes(StandardCharsets.ISO_8859_1);
    if (dot1 == 0) {
      throw new MalformedTokenException("token header is empty");
    }
    if ((long) dot1 * 3 / 4 > MAX_HEADER_BYTES) {
      throw new MalformedTokenException("token header exceeds " + MAX_HEADER_BYTES + " bytes");
    }
    Header h = HeaderCache.lookup(ascii, dot1);
    if (h == null) {
      byte[] headerBytes = Base64Url.decode(ascii, 0, dot1);
      if (headerBytes == null) {
        throw new MalformedTokenException("token header is not canonical base64url");
      }
      h = Header.parse(headerBytes);
      HeaderCache.store(ascii, dot1, h);
    }
    if (h.enc) {
      throw new MalformedTokenException("encrypted tokens (JWE, header 'enc') are not accepted");
    }
    if (h.zip) {
      throw new MalformedTokenException("compressed tokens (header 'zip') are not accepted");
    }
    if (h.crit) {
      throw new MalformedTokenException("critical header extensions (header 'crit') are not supported");
    }
    if (h.b64False) {
      throw new MalformedTokenException("unencoded payloads (header 'b64': false) are not accepted");
    }
    if (h.ctyJwt) {
      throw new MalformedTokenException("nested tokens (header 'cty': 'JWT') are not accepted");
    }
    if (h.alg == null) {
      throw new MalformedTokenException("token header has no 'alg'");
    }
    if (JwsAlgorithm.isNone(h.alg)) {
      throw new UnsupportedAlgorithmException("algorithm 'none' (unsecured JWS) is never accepted");
    }
    JwsAlgorithm alg = JwsAlgorithm.forName(h.alg);
    if (alg == null) {
      throw new UnsupportedAlgorithmException("token algorithm is not a supported JWS signature algorithm");
    }
    String kid = h.kid;
    if (kid != null && kid.length() > MAX_KID_LENGTH) {
      throw new MalformedTokenException("token header 'kid' exceeds " + MAX_KID_LENGTH + " characters");
    }
    String typ = h.typ;
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
    return new CompactJws(ascii, dot1, dot2, alg, kid, typ, payload, signature);
  }

  /**
   * Parsed headers by their exact encoded text. An issuer signs every token with the same few
   * headers ({@code alg}, {@code kid}, {@code typ}), so decoding and parsing them again on every
   * token is wasted work. A hit needs the encoded bytes to be equal in full, and the parse is a pure
   * function of those bytes, so a hit yields exactly what parsing would. Only headers that parsed
   * are stored, with all their checks still applied in {@link #parse}. Fixed size, direct-mapped:
   * a flood of distinct headers only evicts entries, it never grows memory or blocks. Entries are
   * immutable and published through a final field, so racy reads and writes are safe.
   */
  private static final class HeaderCache {
    private static final int SIZE = 64;
    private static final Entry[] ENTRIES = new Entry[SIZE];

    private record Entry(byte[] encoded, Header header) {}

    static Header lookup(byte[] ascii, int length) {
      Entry e = ENTRIES[slot(ascii, length)];
      if (e != null && java.util.Arrays.equals(e.encoded, 0, e.encoded.length, ascii, 0, length)) {
        return e.header;
      }
      return null;
    }

    static void store(byte[] ascii, int length, Header header) {
      ENTRIES[slot(ascii, length)] = new Entry(java.util.Arrays.copyOf(ascii, length), header);
    }

    private static int slot(byte[] ascii, int length) {
      int h = length;
      for (int i = 0; i < length; i++) {
        h = 31 * h + ascii[i];
      }
      return (h ^ (h >>> 16)) & (SIZE - 1);
    }
  }

  /**
   * The header, read with Jackson's streaming parser (duplicate member names are an error there
   * too): only the members a verifier acts on are kept; every other member ({@code jku}, {@code x5u},
   * {@code jwk}, {@code x5c}, ...) is skipped and never used.
   */
  private static final class Header {
    String alg;
    String kid;
    String typ;
    boolean enc;
    boolean zip;
    boolean crit;
    boolean b64False;
    boolean ctyJwt;

    static Header parse(byte[] json) {
      Header h = new Header();
      if (Json.startsAsNonUtf8(json)) {
        throw new MalformedTokenException("token header is not valid UTF-8"); // e.g. UTF-16
      }
      try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          throw new MalformedTokenException("token header is not a JSON object");
        }
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken v = p.nextToken();
          switch (name) {
            case "alg" -> h.alg = string(p, v, "alg");
            case "kid" -> h.kid = string(p, v, "kid");
            case "typ" -> h.typ = string(p, v, "typ");
            case "enc" -> h.enc = true;
            case "zip" -> h.zip = true;
            case "crit" -> h.crit = true;
            case "b64" -> h.b64False = v == JsonToken.VALUE_FALSE;
            case "cty" -> {
              if (v == JsonToken.VALUE_STRING) {
                String c = p.getText();
                h.ctyJwt = c.equalsIgnoreCase("JWT") || c.equalsIgnoreCase("application/JWT");
              }
            }
            default -> { }
          }
          p.skipChildren();
        }
        if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
          throw new MalformedTokenException("token header is not a single JSON object");
        }
        return h;
      } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
        throw new MalformedTokenException("token header exceeds the JSON nesting or size limits");
      } catch (java.io.IOException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.startsWith("Duplicate field") || m.startsWith("Duplicate Object property")) {
          throw new MalformedTokenException("token header has a duplicate member name");
        }
        if (m.contains("UTF-8") || m.contains("UTF8")) {
          throw new MalformedTokenException("token header is not valid UTF-8");
        }
        throw new MalformedTokenException("token header is not valid JSON");
      }
    }

    private static String string(JsonParser p, JsonToken v, String name) throws java.io.IOException {
      if (v != JsonToken.VALUE_STRING) {
        throw new MalformedTokenException("token header '" + name + "' is not a string");
      }
      return p.getText();
    }
  }
}
