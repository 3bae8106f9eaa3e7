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

import dev.kserveauth.http.RequestView;
import dev.kserveauth.internal.jws.Base64Url;
import dev.kserveauth.metrics.AuthMetrics;
import dev.kserveauth.testing.MutableClock;
import dev.kserveauth.testing.TestKeys;
import dev.kserveauth.testing.TestTokens;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, items 11–17: key sets, key selection, audiences, HMAC keys, x509 key sets, {@code exp} and
 * UTF-8 handled the way Envoy's jwt_authn (google/jwt_verify_lib) handles them, through the real
 * {@link RequestAuthenticator}, inline and from a real HTTP JWKS endpoint.
 */
class EnvoyKeyHandlingTest {
  private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
  private final MockWebServer idp = new MockWebServer();
  private final List<String> rejected = new CopyOnWriteArrayList<>();
  private final AuthMetrics metrics = new AuthMetrics() {
    @Override
    public void tokenValidated(TokenStatus status, long nanos, Long secondsToExpiry) {}

    @Override
    public void authorized(boolean allowed, long nanos, Set<String> roles) {}

    @Override
    public void jwksFetched(String issuer, boolean success) {}

    @Override
    public void tokenCacheLookup(boolean hit) {}

    @Override
    public void jwksKeyRejected(String issuer, String reason) {
      rejected.add(issuer + " " + reason);
    }
  };

  @AfterEach
  void stop() throws Exception {
    idp.shutdown();
  }

  private RequestAuthenticator auth(JwtRule rule) {
    return RequestAuthenticator.builder().rule(rule).clock(clock).metrics(metrics).build();
  }

  private RequestAuthenticator inline(String jwks, String... audiences) {
    return auth(JwtRule.builder(TestTokens.ISSUER).jwks(jwks).audiences(audiences).build());
  }

  private RequestAuthenticator remote(String jwksBody) throws Exception {
    idp.enqueue(new MockResponse().setBody(jwksBody).setHeader("Content-Type", "application/json"));
    idp.start();
    return auth(JwtRule.builder(TestTokens.ISSUER).jwksUri(idp.url("/jwks").toString()).audiences("kserve")
        .timeout(Duration.ofSeconds(10)).build());
  }

  private static AuthenticationOutcome outcome(RequestAuthenticator a, String token) throws Exception {
    RequestView r = new RequestView("GET", "/v2/models/m", "h", Map.of("authorization", List.of("Bearer " + token)),
        Map.of(), Map.of(), "", 0, null);
    return a.authenticate(r);
  }

  private static Principal valid(RequestAuthenticator a, String token) throws Exception {
    AuthenticationOutcome o = outcome(a, token);
    assertThat(o).as("%s", o).isInstanceOf(AuthenticationOutcome.Authenticated.class);
    return ((AuthenticationOutcome.Authenticated) o).principal();
  }

  private static TokenException invalid(RequestAuthenticator a, String token) throws Exception {
    AuthenticationOutcome o = outcome(a, token);
    assertThat(o).as("%s", o).isInstanceOf(AuthenticationOutcome.Failed.class);
    return ((AuthenticationOutcome.Failed) o).error();
  }

  private static KeyPair generate(String alg, Object param) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
    if (param instanceof Integer bits) {
      g.initialize(bits);
    } else {
      g.initialize(new ECGenParameterSpec((String) param));
    }
    return g.generateKeyPair();
  }

  private static String weakRsaJwk() throws Exception {
    return TestKeys.publicJwk("weak-1024", generate("RSA", 1024).getPublic());
  }

  /** A P-521 JWK whose 'y' is written without its leading zero byte: 65 bytes, as jwt_verify_lib's test key. */
  private static Map.Entry<KeyPair, String> p521WithShortY(String kid) throws Exception {
    while (true) {
      KeyPair kp = generate("EC", "secp521r1");
      BigInteger y = ((ECPublicKey) kp.getPublic()).getW().getAffineY();
      if (y.bitLength() <= 520) {
        Map<String, Object> jwk = new LinkedHashMap<>(TestKeys.publicJwkMap(kid, kp.getPublic()));
        byte[] full = Base64Url.decode((String) jwk.get("y"));
        assertThat(full).hasSize(66);
        jwk.put("y", Base64Url.encode(java.util.Arrays.copyOfRange(full, 1, 66)));
        return Map.entry(kp, TestKeys.json(jwk));
      }
    }
  }

  // ---- 11. one bad key spoils nothing ----

  @Test
  void aWeakOrMalformedKeyIsDroppedAndTheOthersStayInForce() throws Exception {
    Map<String, Object> longY = new LinkedHashMap<>(TestKeys.publicJwkMap("p521-long", generate("EC", "secp521r1").getPublic()));
    longY.put("y", Base64Url.encode(new byte[67]));
    Map<String, Object> leaked = new LinkedHashMap<>(TestKeys.publicJwkMap("leaked", TestKeys.rsa2().getPublic()));
    leaked.put("d", "AQAB");
    RequestAuthenticator a = remote(TestKeys.jwksOf(weakRsaJwk(), TestKeys.json(longY), TestKeys.json(leaked),
        TestKeys.publicJwk(TestKeys.RSA_KID, TestKeys.rsa().getPublic())));

    assertThat(valid(a, TestTokens.rs256().clock(clock).build()).subject()).isEqualTo(TestTokens.SUBJECT);
    assertThat(rejected).containsExactlyInAnyOrder(TestTokens.ISSUER + " invalid", TestTokens.ISSUER + " invalid",
        TestTokens.ISSUER + " private_members");

    // a token naming a dropped key: 401 with a generic description; the detail is only in the log
    TokenException e = invalid(a, TestTokens.signedWith("RS256", TestKeys.rsa2().getPrivate(), "leaked").clock(clock)
        .build());
    assertThat(e).isInstanceOf(KeyNotFoundException.class)
        .hasMessage("the key the token names is not usable for signatures");
    assertThat(e.bearerError().httpStatus()).isEqualTo(401);
  }

  @Test
  void aP521KeyWithoutTheLeadingZeroOfYVerifiesAndALongerCoordinateDoesNot() throws Exception {
    Map.Entry<KeyPair, String> p521 = p521WithShortY("es512");
    RequestAuthenticator a = inline(TestKeys.jwksOf(p521.getValue()), "kserve");
    assertThat(valid(a, TestTokens.signedWith("ES512", p521.getKey().getPrivate(), "es512").clock(clock).build())
        .subject()).isEqualTo(TestTokens.SUBJECT);

    Map<String, Object> tooLong = new LinkedHashMap<>(TestKeys.publicJwkMap("k", p521.getKey().getPublic()));
    tooLong.put("x", Base64Url.encode(new byte[67]));
    assertThatThrownBy(() -> JwkSet.parse(TestKeys.jwksOf(TestKeys.json(tooLong))))
        .isInstanceOf(InvalidJwkException.class).hasMessageContaining("must be at most 66 bytes for crv 'P-521'");
  }

  @Test
  void theSetFailsOnlyWhenNoUsableKeyRemainsAndSaysWhy() throws Exception {
    assertThatThrownBy(() -> JwkSet.parse(TestKeys.jwksOf(weakRsaJwk(),
        TestKeys.json(Map.of("kty", "OKP", "kid", "x", "crv", "X25519", "x", "AA")))))
        .isInstanceOf(InvalidJwkException.class)
        .hasMessage("JWKS has no usable signature key: JWK 'weak-1024': member 'n' is an RSA modulus of 1024 bits; at "
            + "least 2048 required; JWK 'x': OKP curve 'X25519' is not a signature curve this validator supports");
    // inline: a configuration error at startup, naming the rule
    assertThatThrownBy(() -> inline(TestKeys.jwksOf(weakRsaJwk()), "kserve"))
        .hasMessageContaining("builder: issuer " + TestTokens.ISSUER)
        .hasMessageContaining("1024 bits");
  }

  // ---- 12. key selection as jwt_verify_lib ----

  @Test
  void aTokenWithoutKidIsTriedAgainstEveryFittingKey() throws Exception {
    RequestAuthenticator a = inline(TestKeys.jwks(), "kserve"); // RSA, EC P-256, EC P-384, Ed25519
    assertThat(valid(a, TestTokens.rs256().kid(null).clock(clock).build()).subject()).isEqualTo(TestTokens.SUBJECT);
    assertThat(valid(a, TestTokens.eddsa().kid(null).clock(clock).build()).subject()).isEqualTo(TestTokens.SUBJECT);
    assertThat(valid(a, TestTokens.signedWith("ES384", TestKeys.ec384().getPrivate(), null).clock(clock).build())
        .subject()).isEqualTo(TestTokens.SUBJECT);
    // the signature must still verify with one of them
    assertThat(invalid(a, TestTokens.signedWith("RS256", TestKeys.rsa2().getPrivate(), null).clock(clock).build()))
        .isInstanceOf(InvalidSignatureException.class);
  }

  @Test
  void aKeyWithoutKidServesTokensNamingAnyKid() throws Exception {
    Map<String, Object> noKid = new LinkedHashMap<>(TestKeys.publicJwkMap(null, TestKeys.rsa2().getPublic()));
    RequestAuthenticator a = inline(TestKeys.jwksOf(TestKeys.publicJwk(TestKeys.RSA_KID, TestKeys.rsa().getPublic()),
        TestKeys.json(noKid)), "kserve");
    assertThat(valid(a, TestTokens.signedWith("RS256", TestKeys.rsa2().getPrivate(), "rotated-7").clock(clock).build())
        .subject()).isEqualTo(TestTokens.SUBJECT);
    // a token naming the other key's kid is tried with that key and with the kid-less one
    assertThat(valid(a, TestTokens.signedWith("RS256", TestKeys.rsa2().getPrivate(), TestKeys.RSA_KID).clock(clock)
        .build()).subject()).isEqualTo(TestTokens.SUBJECT);
    // an attacker's key is none of them
    KeyPair attacker = generate("RSA", 2048);
    assertThat(invalid(a, TestTokens.signedWith("RS256", attacker.getPrivate(), "rotated-7").clock(clock).build()))
        .isInstanceOf(InvalidSignatureException.class);
  }

  @Test
  void theCandidatesAreBounded() throws Exception {
    List<String> jwks = new ArrayList<>();
    KeyPair last = null;
    for (int i = 0; i <= DefaultTokenValidator.MAX_CANDIDATES; i++) {
      last = generate("EC", "secp256r1");
      jwks.add(TestKeys.publicJwk("k" + i, last.getPublic()));
    }
    RequestAuthenticator a = inline(TestKeys.jwksOf(jwks.toArray(String[]::new)), "kserve");
    // the key of the token is the ninth candidate: never tried
    assertThat(invalid(a, TestTokens.signedWith("ES256", last.getPrivate(), null).clock(clock).build()))
        .isInstanceOf(InvalidSignatureException.class);
    // named by kid, it is the first one tried
    assertThat(valid(a, TestTokens.signedWith("ES256", last.getPrivate(), "k" + DefaultTokenValidator.MAX_CANDIDATES)
        .clock(clock).build()).subject()).isEqualTo(TestTokens.SUBJECT);
  }

  // ---- 13. audiences as Envoy compares them ----

  @Test
  void audiencesIgnoreTheSchemeAndOneTrailingSlashOnBothSides() throws Exception {
    RequestAuthenticator a = inline(TestKeys.jwks(), "https://api.example.com/", "bare-service");
    for (String aud : List.of("api.example.com", "http://api.example.com", "https://api.example.com",
        "api.example.com/", "http://bare-service/", "bare-service")) {
      assertThat(valid(a, TestTokens.rs256().audience(aud).clock(clock).build()).subject()).as(aud)
          .isEqualTo(TestTokens.SUBJECT);
    }
    assertThat(valid(a, TestTokens.rs256().audience("other", "http://api.example.com/").clock(clock).build()))
        .isNotNull();
    for (String aud : List.of("api.example.com.evil", "ftp://api.example.com", "api.example.com//",
        "HTTPS://api.example.com", "https://api.example.com/v1", "other")) {
      assertThat(invalid(a, TestTokens.rs256().audience(aud).clock(clock).build())).as(aud)
          .hasMessage("audience is not accepted");
    }
  }

  // ---- 14. HMAC keys: configured secrets inline, dropped when published ----

  private static String oct(String kid, String alg, byte[] k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kty", "oct");
    m.put("kid", kid);
    if (alg != null) {
      m.put("alg", alg);
    }
    m.put("k", Base64Url.encode(k));
    return TestKeys.json(m);
  }

  @Test
  void inlineOctKeysAreConfiguredHmacSecrets() throws Exception {
    byte[] s256 = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    byte[] s512 = (new String(s256, StandardCharsets.US_ASCII).repeat(2)).getBytes(StandardCharsets.US_ASCII);
    RequestAuthenticator a = inline(TestKeys.jwksOf(oct("hs", null, s256), oct("hs512", "HS512", s512),
        oct("short", null, new byte[31])), "kserve");
    assertThat(valid(a, TestTokens.hs256().kid("hs").signHmac(s256).clock(clock).build()).subject())
        .isEqualTo(TestTokens.SUBJECT);
    assertThat(valid(a, TestTokens.signedWith("HS512", new javax.crypto.spec.SecretKeySpec(s512, "HmacSHA512"),
        "hs512").clock(clock).build()).subject()).isEqualTo(TestTokens.SUBJECT);
    // no kid: every secret is tried
    assertThat(valid(a, TestTokens.hs256().kid(null).signHmac(s256).clock(clock).build())).isNotNull();
    // a secret below 256 bits is dropped, never used; the caller learns no more than that
    assertThat(invalid(a, TestTokens.hs256().kid("short").signHmac(new byte[31]).clock(clock).build()))
        .isInstanceOf(KeyNotFoundException.class).hasMessage("the key the token names is not usable for signatures");
    assertThat(rejected).containsExactly(TestTokens.ISSUER + " invalid");
    // RS256 is not in an HMAC-only issuer's allow-list
    assertThat(invalid(a, TestTokens.rs256().clock(clock).build())).isInstanceOf(UnsupportedAlgorithmException.class);
  }

  @Test
  void octKeysInAPublishedSetAreDroppedSoAPublishedSecretForgesNothing() throws Exception {
    byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    RequestAuthenticator a = remote(TestKeys.jwksOf(oct("hs", "HS256", secret),
        TestKeys.publicJwk(TestKeys.RSA_KID, TestKeys.rsa().getPublic())));
    assertThat(valid(a, TestTokens.rs256().clock(clock).build())).isNotNull();
    assertThat(invalid(a, TestTokens.hs256().kid("hs").signHmac(secret).clock(clock).build()))
        .isInstanceOf(UnsupportedAlgorithmException.class);
    assertThat(rejected).containsExactly(TestTokens.ISSUER + " published_secret");
  }

  // ---- 15. Envoy's x509 key-set format ----

  @Test
  void aJwksUriServingTheX509FormatIsRead() throws Exception {
    String cert = selfSignedCertificatePem(TestKeys.rsa());
    RequestAuthenticator a = remote(TestKeys.json(Map.of("cert-1", cert)));
    assertThat(valid(a, TestTokens.signedWith("RS256", TestKeys.rsa().getPrivate(), "cert-1").clock(clock).build())
        .subject()).isEqualTo(TestTokens.SUBJECT);
    assertThat(valid(a, TestTokens.signedWith("RS256", TestKeys.rsa().getPrivate(), null).clock(clock).build()))
        .isNotNull();
    assertThat(invalid(a, TestTokens.signedWith("RS256", TestKeys.rsa2().getPrivate(), "cert-1").clock(clock).build()))
        .isInstanceOf(InvalidSignatureException.class);
  }

  /** A self-signed X.509 certificate for the key, made by the JDK's keytool classes' public API: okhttp-tls. */
  private static String selfSignedCertificatePem(KeyPair kp) {
    return new okhttp3.tls.HeldCertificate.Builder().keyPair(kp).rsa2048().commonName("kserve-auth test")
        .build().certificatePem();
  }

  // ---- 16. exp required by default; a per-issuer opt-out ----

  @Test
  void expIsRequiredUnlessTheIssuerOptsOut() throws Exception {
    String noExp = TestTokens.rs256().claim("exp", null).clock(clock).build();
    assertThat(invalid(inline(TestKeys.jwks(), "kserve"), noExp)).isInstanceOf(MissingClaimException.class)
        .hasMessage("token has no 'exp' claim");
    RequestAuthenticator optOut = auth(JwtRule.builder(TestTokens.ISSUER).jwks(TestKeys.jwks()).audiences("kserve")
        .validation(JwtRule.Validation.DEFAULTS.withRequireExpiration(false)).build());
    assertThat(valid(optOut, noExp).expiresAt()).isNull();
    // a token that has exp is still checked
    assertThat(invalid(optOut, TestTokens.rs256().expiresIn(Duration.ofMinutes(-5)).clock(clock).build()))
        .isInstanceOf(ExpiredTokenException.class);
    // and a future iat stays refused
    assertThat(invalid(optOut, TestTokens.rs256().claim("exp", null).claim("iat",
        clock.instant().plus(Duration.ofHours(1)).getEpochSecond()).clock(clock).build()))
        .isInstanceOf(PrematureTokenException.class);
  }

  @Test
  void theOptOutInTheBuilder() {
    IssuerSettings s = IssuerSettings.builder("a").jwks(TestKeys.jwkSet()).anyAudience().requireExpiration(false).build();
    assertThat(s.requireExpiration()).isFalse();
    assertThat(IssuerSettings.builder("a").jwks(TestKeys.jwkSet()).anyAudience().build().requireExpiration()).isTrue();
    TokenValidator v = TokenValidator.builder().issuer(IssuerSettings.builder(TestTokens.ISSUER).jwks(TestKeys.jwkSet())
        .anyAudience().requireExpiration(false).build()).clock(clock).build();
    assertThat(v.verify(TestTokens.rs256().claim("exp", null).clock(clock).build()).subject())
        .isEqualTo(TestTokens.SUBJECT);
  }

  // ---- 17. token JSON must be UTF-8 ----

  @Test
  void aUtf16PayloadOrHeaderIsMalformed() throws Exception {
    RequestAuthenticator a = inline(TestKeys.jwks(), "kserve");
    String json = TestKeys.json(TestTokens.rs256().clock(clock).claims());
    for (java.nio.charset.Charset cs : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
        StandardCharsets.UTF_16, java.nio.charset.Charset.forName("UTF-32LE"))) {
      String token = signedRaw(TestKeys.json(Map.of("alg", "RS256", "kid", TestKeys.RSA_KID)).getBytes(StandardCharsets.UTF_8),
          json.getBytes(cs));
      assertThat(invalid(a, token)).as("payload %s", cs).isInstanceOf(MalformedTokenException.class)
          .hasMessage("token payload is not valid UTF-8");
      String header = signedRaw(TestKeys.json(Map.of("alg", "RS256", "kid", TestKeys.RSA_KID)).getBytes(cs),
          json.getBytes(StandardCharsets.UTF_8));
      assertThat(invalid(a, header)).as("header %s", cs).isInstanceOf(MalformedTokenException.class)
          .hasMessage("token header is not valid UTF-8");
    }
    // with a UTF-8 byte-order mark
    byte[] bom = ("\uFEFF" + json).getBytes(StandardCharsets.UTF_8);
    assertThat(invalid(a, signedRaw(TestKeys.json(Map.of("alg", "RS256", "kid", TestKeys.RSA_KID))
        .getBytes(StandardCharsets.UTF_8), bom))).isInstanceOf(MalformedTokenException.class);
  }

  private static String signedRaw(byte[] header, byte[] payload) {
    String input = Base64Url.encode(header) + "." + Base64Url.encode(payload);
    return input + "." + Base64Url.encode(TestTokens.sign(dev.kserveauth.internal.jws.JwsAlgorithm.RS256,
        TestKeys.rsa().getPrivate(), input.getBytes(StandardCharsets.US_ASCII)));
  }
}
