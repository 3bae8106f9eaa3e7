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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kserveauth.internal.jws.Base64Url;
import dev.kserveauth.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * RFC 7515 appendix A: the published keys and compact JWSs, validated end to end with a clock fixed
 * before their {@code exp} (2011-03-22T18:43:00Z), and rejected once the clock passes it.
 */
class Rfc7515AppendixATest {

  private static final String PAYLOAD = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";

  static final String A1_KEY = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
  static final String A1 = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9." + PAYLOAD + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

  static final String A2_JWK = "{\"kty\":\"RSA\",\"n\":\"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-"
      + "Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUs"
      + "LA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kz"
      + "k2PAcDTW9gb54h4FRWyuXpoQ\",\"e\":\"AQAB\"}";
  static final String A2 = "eyJhbGciOiJSUzI1NiJ9." + PAYLOAD
      + ".cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQ"
      + "jbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc"
      + "6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

  static final String A3_JWK = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
      + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}";
  static final String A3 = "eyJhbGciOiJFUzI1NiJ9." + PAYLOAD
      + ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

  static final String A4_JWK = "{\"kty\":\"EC\",\"crv\":\"P-521\","
      + "\"x\":\"AekpBQ8ST8a8VcfVOTNl353vSrDCLLJXmPk06wTjxrrjcBpXp5EOnYG_NjFZ6OvLFV1jSfS9tsz4qUxcWceqwQGk\","
      + "\"y\":\"ADSmRA43Z1DSNx_RvcLI87cdL07l6jQyyBXMoxVg_l2Th-x3S1WDhjDly79ajL4Kkd0AZMaZmh9ubmf63e3kyMj2\"}";
  static final String A4 = "eyJhbGciOiJFUzUxMiJ9.UGF5bG9hZA.AdwMgeerwtHoh-l192l60hp9wAHZFVJbLfD_UxMi70cwnZOYaRI1bKPWROc-mZZ"
      + "qwqT2SI-KGDKB34XO0aw_7XdtAG8GaSwFKdCAPZgoXD2YBJZCPEX3xKpRwcdOO8KpEHwJjyqOgzDO7iKvU8vcnwNrmxYbSW9ERBXukOXolLzeO_Jn";

  static final String A5 = "eyJhbGciOiJub25lIn0." + PAYLOAD + ".";

  private final MutableClock clock = MutableClock.at("2011-03-22T18:00:00Z");

  private TokenValidator validator(IssuerSettingsBuilder b) {
    return TokenValidator.builder().issuer(b.anyAudience().build()).clock(clock).build();
  }

  private static void assertJoe(Principal p) {
    assertThat(p.issuer()).isEqualTo("joe");
    assertThat(p.claims()).containsEntry("http://example.com/is_root", true);
    assertThat(p.expiresAt()).hasToString("2011-03-22T18:43:00Z");
  }

  @Test
  void a1Hs256() {
    TokenValidator v = validator(IssuerSettings.builder("joe").hmacSecret(Base64Url.decode(A1_KEY)));
    assertJoe(v.verify(A1));
  }

  @Test
  void a2Rs256() {
    assertJoe(validator(IssuerSettings.builder("joe").jwks(JwkSet.parse(A2_JWK))).verify(A2));
  }

  @Test
  void a3Es256() {
    assertJoe(validator(IssuerSettings.builder("joe").jwks(JwkSet.parse(A3_JWK))).verify(A3));
  }

  @Test
  void a4Es512AtTheJwsLevel() {
    // payload "Payload" is not a JWT claim set: JWS level only. ES512 is in the default allow-list (as in Envoy)
    DefaultTokenValidator v = (DefaultTokenValidator) validator(IssuerSettings.builder("x").jwks(JwkSet.of()));
    byte[] payload = v.verifyJws(A4, JwkSet.parse(A4_JWK), IssuerSettings.DEFAULT_ALGORITHMS);
    assertThat(new String(payload, StandardCharsets.US_ASCII)).isEqualTo("Payload");
    assertThatThrownBy(() -> v.verifyJws(A4, JwkSet.parse(A4_JWK), Set.of("ES256", "ES384")))
        .isInstanceOf(UnsupportedAlgorithmException.class);
  }

  @Test
  void a5UnsecuredIsRejected() {
    TokenValidator v = validator(IssuerSettings.builder("joe").jwks(JwkSet.parse(A2_JWK)));
    assertThatThrownBy(() -> v.verify(A5)).isInstanceOf(UnsupportedAlgorithmException.class)
        .hasMessage("algorithm 'none' (unsecured JWS) is never accepted");
  }

  @Test
  void expiredOnceTheClockPassesExp() {
    TokenValidator v = TokenValidator.builder()
        .issuer(IssuerSettings.builder("joe").jwks(JwkSet.parse(A3_JWK)).anyAudience().build())
        .clock(clock).cacheMaximumSize(0).build();
    assertJoe(v.verify(A3));
    clock.advance(Duration.ofMinutes(43).plusSeconds(59)); // 18:43:59, inside the 60 s skew
    assertJoe(v.verify(A3));
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> v.verify(A3)).isInstanceOf(ExpiredTokenException.class)
        .hasMessage("token expired at 2011-03-22T18:43:00Z (now 2011-03-22T18:44:00Z, clock skew 60s)");
  }

  @Test
  void tamperedVectorsFail() {
    TokenValidator v = validator(IssuerSettings.builder("joe").jwks(JwkSet.parse(A2_JWK)));
    String other = A2.replace(".cC4h", ".dC4h");
    assertThatThrownBy(() -> v.verify(other)).isInstanceOf(InvalidSignatureException.class);
  }
}
