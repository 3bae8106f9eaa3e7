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
import dev.kserveauth.internal.jws.JwsAlgorithm;
import dev.kserveauth.testing.MutableClock;
import dev.kserveauth.testing.TestKeys;
import dev.kserveauth.testing.TestTokens;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Our own attack tokens, after the spec's attack table (RFC 8725, jwt_tool's playbook, CVE classes):
 * each must be rejected with a precise reason (exception type and message fragment), and no message
 * may echo attacker-controlled token content.
 */
class AttackTokensTest {

  private static final String MARK = "ATTACKER-MARK";
  private static final String OTHER_ISSUER = "https://other-issuer.test";
  private static final String K8S_LEGACY = IssuerSettings.KUBERNETES_LEGACY_ISSUER;

  private final MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");
  private final AtomicInteger unknownKidLookups = new AtomicInteger();
  /**
   * The signature provider every validator here uses: {@link SignatureProvider#auto()} (ACCP where
   * its native library loads); {@link AttackTokensJdkTest} runs every attack again on the JDK's.
   */
  SignatureProvider signatureProvider() {
    return SignatureProvider.auto();
  }

  /** The provider name the validators must really use ("JDK" for the JDK's providers). */
  String expectedProviderName() {
    return SignatureProvider.auto().resolve().map(java.security.Provider::getName).orElse("JDK");
  }

  private final TokenValidator validator = TokenValidator.builder()
      .signatureProvider(signatureProvider())
      .issuer(IssuerSettings.builder(TestTokens.ISSUER).keySource(countingSource(TestKeys.jwkSet()))
          .audiences(TestTokens.AUDIENCE).build())
      .issuer(IssuerSettings.builder(OTHER_ISSUER).jwks(TestKeys.jwkSet(TestKeys.RSA2_KID)).audiences("kserve")
          .maxTokenLifetime(Duration.ofHours(1)).allowedTypes("at+jwt").build())
      .issuer(IssuerSettings.builder(K8S_LEGACY).jwks(TestKeys.jwkSet()).anyAudience().build())
      .issuer(IssuerSettings.builder("https://cognito.test").jwks(TestKeys.jwkSet()).cognitoClientIds("client-1").build())
      .clock(clock)
      .build();

  private KeySource countingSource(JwkSet set) {
    KeySource inline = KeySource.of(set);
    return new KeySource() {
      @Override
      public java.util.concurrent.CompletionStage<JwkSet> keys() {
        return inline.keys();
      }

      @Override
      public java.util.concurrent.CompletionStage<JwkSet> keysForUnknownKid(String kid) {
        unknownKidLookups.incrementAndGet();
        return inline.keys();
      }
    };
  }

  private TestTokens.Builder rs() {
    return TestTokens.rs256().clock(clock);
  }

  private TestTokens.Builder es() {
    return TestTokens.es256().clock(clock);
  }

  private TestTokens.Builder ed() {
    return TestTokens.eddsa().clock(clock);
  }

  record Attack(String name, Supplier<String> token, Class<? extends TokenException> type, String fragment) {}

  private static Attack a(String name, Supplier<String> token, Class<? extends TokenException> type, String fragment) {
    return new Attack(name, token, type, fragment);
  }

  private static String b64(String s) {
    return Base64Url.encode(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String unsigned(String headerJson, String payloadJson, String sig) {
    return b64(headerJson) + "." + b64(payloadJson) + "." + sig;
  }

  private String validPayload() {
    return TestKeys.json(rs().claims());
  }

  private static byte[] sigOf(String token) {
    return Base64Url.decode(token.substring(token.lastIndexOf('.') + 1));
  }

  private static String withSig(String token, byte[] sig) {
    return token.substring(0, token.lastIndexOf('.') + 1) + Base64Url.encode(sig);
  }

  private static KeyPair attackerRsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final KeyPair ATTACKER = attackerRsa();

  private static byte[] ecSig(BigInteger r, BigInteger s) {
    byte[] out = new byte[64];
    byte[] rb = TestKeysAccess.unsigned(r, 32);
    byte[] sb = TestKeysAccess.unsigned(s, 32);
    System.arraycopy(rb, 0, out, 32 - rb.length, rb.length);
    System.arraycopy(sb, 0, out, 64 - sb.length, sb.length);
    return out;
  }

  private static BigInteger p256Order() {
    return ((ECPublicKey) TestKeys.ec().getPublic()).getParams().getOrder();
  }

  List<Attack> attacks() {
    List<Attack> list = new ArrayList<>();
    String payload = validPayload();
    // --- alg none, every case, with and without a signature
    for (String none : List.of("none", "None", "NONE", "nOnE")) {
      list.add(a("alg " + none, () -> unsigned("{\"alg\":\"" + none + "\",\"kid\":\"rsa-1\"}", payload, ""),
          UnsupportedAlgorithmException.class, "'none' (unsecured JWS) is never accepted"));
    }
    list.add(a("alg none with a copied RS256 signature", () -> {
      String t = rs().build();
      return unsigned("{\"alg\":\"none\"}", payload, t.substring(t.lastIndexOf('.') + 1));
    }, UnsupportedAlgorithmException.class, "never accepted"));
    // --- algorithm confusion
    list.add(a("HS256 signed with the RSA public key (DER) as secret",
        () -> rs().header("alg", "HS256").signHmac(TestKeys.rsa().getPublic().getEncoded()).build(),
        UnsupportedAlgorithmException.class, "HS256 is not allowed for issuer"));
    list.add(a("HS256 signed with the RSA public key (PEM text) as secret",
        () -> rs().header("alg", "HS256").signHmac(TestKeys.pem(TestKeys.rsa().getPublic()).getBytes(StandardCharsets.US_ASCII)).build(),
        UnsupportedAlgorithmException.class, "HS256 is not allowed for issuer"));
    list.add(a("HS256 signed with the JWKS text as secret",
        () -> rs().header("alg", "HS256").signHmac(TestKeys.jwks().getBytes(StandardCharsets.US_ASCII)).build(),
        UnsupportedAlgorithmException.class, "HS256 is not allowed for issuer"));
    list.add(a("ES256 token naming the RSA key",
        () -> es().kid(TestKeys.RSA_KID).build(), UnsupportedAlgorithmException.class,
        "ES256 is not allowed for the selected key"));
    list.add(a("RS256 token naming the EC key",
        () -> rs().kid(TestKeys.EC_KID).build(), UnsupportedAlgorithmException.class,
        "RS256 is not allowed for the selected key"));
    list.add(a("EdDSA token naming the RSA key",
        () -> ed().kid(TestKeys.RSA_KID).build(), UnsupportedAlgorithmException.class,
        "EdDSA is not allowed for the selected key"));
    list.add(a("ES512 header on an RSA-signed token naming the RSA key",
        () -> rs().header("alg", "ES512").build(), UnsupportedAlgorithmException.class,
        "ES512 is not allowed for the selected key"));
    list.add(a("unknown alg ES256K", () -> rs().header("alg", "ES256K").build(), UnsupportedAlgorithmException.class,
        "not a supported JWS signature algorithm"));
    list.add(a("alg not a string", () -> rs().header("alg", List.of("RS256")).build(), MalformedTokenException.class,
        "'alg' is not a string"));
    list.add(a("alg missing", () -> rs().header("alg", null).build(), MalformedTokenException.class, "has no 'alg'"));
    // --- kid injection: opaque lookup key, never echoed
    for (String kid : List.of("../../../../dev/null" + MARK, "' OR '1'='1 " + MARK, "http://evil.test/" + MARK,
        "| cat /etc/passwd " + MARK, "")) {
      list.add(a("kid injection " + kid.replace(MARK, ""), () -> rs().kid(kid).build(), KeyNotFoundException.class,
          "no key of the issuer matches the token's 'kid'"));
    }
    list.add(a("kid too long", () -> rs().kid("k".repeat(300)).build(), MalformedTokenException.class,
        "'kid' exceeds 256 characters"));
    list.add(a("kid not a string", () -> rs().header("kid", 7).build(), MalformedTokenException.class,
        "'kid' is not a string"));
    // without kid, every RSA key of the issuer is tried (jwt_verify_lib); none verifies the attacker's signature
    list.add(a("no kid, signed by the attacker", () -> TestTokens.signedWith("RS256", ATTACKER.getPrivate(), null)
            .clock(clock).build(), InvalidSignatureException.class, "signature verification failed"));
    list.add(a("no kid, EdDSA header, RSA signature", () -> rs().kid(null).header("alg", "EdDSA").build(),
        InvalidSignatureException.class, "signature verification failed"));
    // --- header key sources are ignored
    Map<String, Object> attackerJwk = TestKeys.publicJwkMap("attacker", ATTACKER.getPublic());
    list.add(a("jku to the attacker's JWKS, attacker kid",
        () -> TestTokens.signedWith("RS256", ATTACKER.getPrivate(), "attacker").clock(clock)
            .header("jku", "https://evil.test/jwks.json").build(),
        KeyNotFoundException.class, "no key of the issuer matches"));
    list.add(a("x5u to the attacker's certificate, attacker kid",
        () -> TestTokens.signedWith("RS256", ATTACKER.getPrivate(), "attacker").clock(clock)
            .header("x5u", "https://evil.test/cert.pem").build(),
        KeyNotFoundException.class, "no key of the issuer matches"));
    list.add(a("embedded jwk (attacker key), attacker kid",
        () -> TestTokens.signedWith("RS256", ATTACKER.getPrivate(), "attacker").clock(clock)
            .header("jwk", attackerJwk).build(),
        KeyNotFoundException.class, "no key of the issuer matches"));
    list.add(a("embedded jwk (attacker key), real kid",
        () -> TestTokens.signedWith("RS256", ATTACKER.getPrivate(), TestKeys.RSA_KID).clock(clock)
            .header("jwk", attackerJwk).build(),
        InvalidSignatureException.class, "signature verification failed"));
    list.add(a("x5c chain, real kid, attacker signature",
        () -> TestTokens.signedWith("RS256", ATTACKER.getPrivate(), TestKeys.RSA_KID).clock(clock)
            .header("x5c", List.of(java.util.Base64.getEncoder().encodeToString(ATTACKER.getPublic().getEncoded()))).build(),
        InvalidSignatureException.class, "signature verification failed"));
    // --- refused header features
    list.add(a("crit exp", () -> rs().header("crit", List.of("exp")).build(), MalformedTokenException.class, "'crit'"));
    list.add(a("crit b64 false", () -> rs().header("crit", List.of("b64")).header("b64", false).build(),
        MalformedTokenException.class, "'crit'"));
    list.add(a("b64 false", () -> rs().header("b64", false).build(), MalformedTokenException.class, "'b64'"));
    list.add(a("zip DEF", () -> rs().header("zip", "DEF").build(), MalformedTokenException.class, "'zip'"));
    list.add(a("enc header (JWE in three parts)", () -> rs().header("enc", "A256GCM").build(),
        MalformedTokenException.class, "JWE"));
    list.add(a("five-part JWE", () -> b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + ".a.b.c.d",
        MalformedTokenException.class, "5 parts: encrypted tokens (JWE) are not accepted"));
    list.add(a("nested JWT (cty JWT)", () -> rs().header("cty", "JWT").build(), MalformedTokenException.class, "nested"));
    // --- JSON differentials
    list.add(a("duplicate alg in header",
        () -> rs().rawHeader("{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"alg\":\"none\"}").build(),
        MalformedTokenException.class, "token header has a duplicate member name"));
    list.add(a("duplicate sub in payload",
        () -> rs().rawPayload(payload.substring(0, payload.length() - 1) + ",\"sub\":\"admin\"}").build(),
        MalformedTokenException.class, "token payload has a duplicate member name"));
    list.add(a("duplicate exp in payload",
        () -> rs().rawPayload(payload.substring(0, payload.length() - 1) + ",\"exp\":99999999999}").build(),
        MalformedTokenException.class, "token payload has a duplicate member name"));
    list.add(a("duplicate member inside a nested claim",
        () -> rs().rawPayload(payload.substring(0, payload.length() - 1)
            + ",\"realm_access\":{\"roles\":[\"user\"],\"roles\":[\"admin\"]}}").build(),
        MalformedTokenException.class, "token payload has a duplicate member name"));
    list.add(a("duplicate null-valued member", () -> rs().rawPayload(payload.substring(0, payload.length() - 1)
            + ",\"x\":null,\"x\":null}").build(),
        MalformedTokenException.class, "token payload has a duplicate member name"));
    list.add(a("header is a JSON array", () -> rs().rawHeader("[\"RS256\"]").build(), MalformedTokenException.class,
        "token header is not a JSON object"));
    list.add(a("payload is not JSON", () -> rs().rawPayload("hello " + MARK).build(), MalformedTokenException.class,
        "token payload is not a JSON object"));
    list.add(a("payload has trailing data", () -> rs().rawPayload(payload + "{}").build(), MalformedTokenException.class,
        "token payload has content after the JSON object"));
    list.add(a("payload is invalid UTF-8", () -> {
      String t = rs().build();
      String[] parts = t.split("\\.");
      byte[] bad = Arrays.copyOf(Base64Url.decode(parts[1]), Base64Url.decode(parts[1]).length);
      bad[bad.length - 3] = (byte) 0xC3; // inside the last string value: a truncated 2-byte sequence
      return parts[0] + "." + Base64Url.encode(bad) + "." + parts[2];
    }, MalformedTokenException.class, "token payload is not valid UTF-8"));
    list.add(a("payload nested 100 levels", () -> rs().rawPayload("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}").build(),
        MalformedTokenException.class, "nesting or size limits"));
    // --- encoding
    list.add(a("'+' in header (base64, not base64url)", () -> {
      String t = rs().build();
      return "+" + t.substring(1);
    }, MalformedTokenException.class, "token header is not canonical base64url"));
    list.add(a("'=' padding on the signature", () -> rs().build() + "=", MalformedTokenException.class,
        "token signature is not canonical base64url"));
    list.add(a("non-zero unused bits in the signature", () -> {
      String t = es().build(); // 64-byte signature: 86 chars, the last carries 4 unused bits
      char last = t.charAt(t.length() - 1);
      char flipped = last == 'A' ? 'B' : (char) (last ^ 1);
      return t.substring(0, t.length() - 1) + flipped;
    }, MalformedTokenException.class, "token signature is not canonical base64url"));
    list.add(a("space inside the token", () -> {
      String t = rs().build();
      return t.substring(0, 10) + " " + t.substring(10);
    }, MalformedTokenException.class, "token header is not canonical base64url"));
    list.add(a("non-ASCII character", () -> {
      String t = rs().build();
      return t.substring(0, 10) + "é" + t.substring(10);
    }, MalformedTokenException.class, "token header is not canonical base64url"));
    list.add(a("two parts", () -> {
      String t = rs().build();
      return t.substring(0, t.lastIndexOf('.'));
    }, MalformedTokenException.class, "token must have 3 parts separated by '.', found 2"));
    list.add(a("four parts", () -> rs().build() + ".x", MalformedTokenException.class, "found 4"));
    list.add(a("empty token", () -> "", MalformedTokenException.class, "token is empty"));
    list.add(a("empty header", () -> "." + b64(payload) + ".abc", MalformedTokenException.class, "header is empty"));
    // --- size caps before decoding
    list.add(a("oversized token (20 KiB)", () -> rs().claim("pad", "x".repeat(20_000)).build(),
        MalformedTokenException.class, "token exceeds 16384 characters"));
    list.add(a("1 MiB token", () -> "a".repeat(1 << 20), MalformedTokenException.class, "token exceeds 16384"));
    list.add(a("oversized header (3 KiB)", () -> rs().header("x", "y".repeat(3000)).build(),
        MalformedTokenException.class, "token header exceeds 2048 bytes"));
    // --- issuer and audience
    list.add(a("unknown issuer", () -> rs().issuer("https://evil.test/" + MARK).build(), InvalidClaimException.class,
        "token issuer is not configured"));
    list.add(a("issuer with a trailing slash", () -> rs().issuer(TestTokens.ISSUER + "/").build(),
        InvalidClaimException.class, "token issuer is not configured"));
    list.add(a("issuer differing in case", () -> rs().issuer(TestTokens.ISSUER.toUpperCase()).build(),
        InvalidClaimException.class, "token issuer is not configured"));
    list.add(a("missing iss", () -> rs().claim("iss", null).build(), MissingClaimException.class, "no 'iss' claim"));
    list.add(a("iss as array", () -> rs().claim("iss", List.of(TestTokens.ISSUER)).build(), InvalidClaimException.class,
        "'iss' is not a string"));
    list.add(a("token of issuer A signed with issuer B's key (B's kid)",
        () -> TestTokens.signedWith("RS256", TestKeys.rsa2().getPrivate(), TestKeys.RSA2_KID).clock(clock).build(),
        KeyNotFoundException.class, "no key of the issuer matches"));
    list.add(a("token of issuer A signed with issuer B's key (A's kid)",
        () -> TestTokens.signedWith("RS256", TestKeys.rsa2().getPrivate(), TestKeys.RSA_KID).clock(clock).build(),
        InvalidSignatureException.class, "signature verification failed"));
    list.add(a("wrong audience", () -> rs().audience("other-service-" + MARK).build(), InvalidClaimException.class,
        "audience is not accepted"));
    list.add(a("missing audience", () -> rs().claim("aud", null).build(), MissingClaimException.class, "no 'aud' claim"));
    list.add(a("audience array with a number", () -> rs().claim("aud", List.of("kserve", 5)).build(),
        InvalidClaimException.class, "'aud' must be a string or an array of strings"));
    // --- time
    list.add(a("expired", () -> rs().expiresIn(Duration.ofHours(-1)).build(), ExpiredTokenException.class,
        "token expired at 2026-06-01T11:00:00Z (now 2026-06-01T12:00:00Z, clock skew 60s)"));
    list.add(a("nbf in the future", () -> rs().claim("nbf", clock.instant().plusSeconds(3600).getEpochSecond()).build(),
        PrematureTokenException.class, "token not valid before 2026-06-01T13:00:00Z"));
    list.add(a("iat in the future", () -> rs().claim("iat", clock.instant().plusSeconds(600).getEpochSecond())
        .claim("exp", clock.instant().plusSeconds(900).getEpochSecond()).build(),
        PrematureTokenException.class, "token issued in the future at 2026-06-01T12:10:00Z"));
    list.add(a("missing exp", () -> rs().claim("exp", null).build(), MissingClaimException.class, "no 'exp' claim"));
    list.add(a("exp as a string", () -> rs().claim("exp", "4102444800").build(), InvalidClaimException.class,
        "'exp' must be a number of seconds"));
    list.add(a("exp absurdly large", () -> rs().claim("exp", 1e20).build(), InvalidClaimException.class,
        "'exp' is out of range"));
    // --- signature encodings
    list.add(a("tampered payload (sub changed)", () -> {
      String t = rs().build();
      String[] p = t.split("\\.");
      return p[0] + "." + b64(payload.replace(TestTokens.SUBJECT, "admin")) + "." + p[2];
    }, InvalidSignatureException.class, "signature verification failed"));
    list.add(a("signature stripped", () -> {
      String t = rs().build();
      return t.substring(0, t.lastIndexOf('.') + 1);
    }, InvalidSignatureException.class, "token has no signature"));
    list.add(a("RS256 signature with a leading zero byte", () -> {
      String t = rs().build();
      byte[] s = sigOf(t);
      byte[] longer = new byte[s.length + 1];
      System.arraycopy(s, 0, longer, 1, s.length);
      return withSig(t, longer);
    }, InvalidSignatureException.class, "signature verification failed"));
    list.add(a("ES256 DER-encoded signature", () -> {
      String t = es().build();
      try {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(TestKeys.ec().getPrivate());
        s.update(t.substring(0, t.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII));
        return withSig(t, s.sign());
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }, InvalidSignatureException.class, "signature verification failed"));
    list.add(a("ES256 signature one byte short", () -> {
      String t = es().build();
      return withSig(t, Arrays.copyOf(sigOf(t), 63));
    }, InvalidSignatureException.class, "signature verification failed"));
    list.add(a("ES256 psychic signature r = s = 0 (CVE-2022-21449)",
        () -> withSig(es().build(), new byte[64]), InvalidSignatureException.class, "signature verification failed"));
    list.add(a("ES256 r = s = n", () -> withSig(es().build(), ecSig(p256Order(), p256Order())),
        InvalidSignatureException.class, "signature verification failed"));
    list.add(a("ES256 r = 1, s = n - 1", () -> withSig(es().build(), ecSig(BigInteger.ONE, p256Order().subtract(BigInteger.ONE))),
        InvalidSignatureException.class, "signature verification failed"));
    list.add(a("Ed25519 signature with a trailing byte (65 bytes)", () -> {
      String t = ed().build();
      return withSig(t, Arrays.copyOf(sigOf(t), 65));
    }, InvalidSignatureException.class, "signature verification failed"));
    list.add(a("Ed25519 signature of 63 bytes", () -> {
      String t = ed().build();
      return withSig(t, Arrays.copyOf(sigOf(t), 63));
    }, InvalidSignatureException.class, "signature verification failed"));
    list.add(a("Ed25519 all-zero signature", () -> withSig(ed().build(), new byte[64]), InvalidSignatureException.class,
        "signature verification failed"));
    // --- token kinds and lifetimes
    list.add(a("legacy Kubernetes secret token (no exp)",
        () -> rs().issuer(K8S_LEGACY).claim("exp", null).claim("iat", null).claim("aud", null)
            .claim("kubernetes.io/serviceaccount/namespace", "default")
            .claim("kubernetes.io/serviceaccount/service-account.name", "builder").build(),
        InvalidClaimException.class, "legacy Kubernetes service-account tokens"));
    list.add(a("lifetime above the issuer's maximum", () -> TestTokens.signedWith("RS256", TestKeys.rsa2().getPrivate(),
            TestKeys.RSA2_KID).clock(clock).issuer(OTHER_ISSUER).header("typ", "at+jwt").expiresIn(Duration.ofDays(365)).build(),
        InvalidClaimException.class, "token lifetime of 31536000s exceeds the maximum of 3600s"));
    list.add(a("typ secevent+jwt where at+jwt is required", () -> TestTokens.signedWith("RS256",
            TestKeys.rsa2().getPrivate(), TestKeys.RSA2_KID).clock(clock).issuer(OTHER_ISSUER).header("typ", "secevent+jwt").build(),
        InvalidClaimException.class, "token type ('typ') is not accepted"));
    list.add(a("Cognito ID token used as an access token", () -> rs().issuer("https://cognito.test").claim("aud", "client-1")
            .claim("token_use", "id").build(),
        InvalidClaimException.class, "'token_use' is not 'access'"));
    list.add(a("Cognito access token for another client", () -> rs().issuer("https://cognito.test").claim("aud", null)
            .claim("token_use", "access").claim("client_id", "client-2").build(),
        InvalidClaimException.class, "client_id is not accepted"));
    return list;
  }

  @TestFactory
  Stream<DynamicTest> everyAttackIsRejectedWithItsReason() {
    List<Attack> attacks = attacks();
    assertThat(attacks).hasSizeGreaterThanOrEqualTo(40);
    System.out.println("attack tokens: " + attacks.size());
    return attacks.stream().map(at -> DynamicTest.dynamicTest(at.name(), () -> {
      String token = at.token().get();
      assertThatThrownBy(() -> validator.verify(token))
          .isExactlyInstanceOf(at.type())
          .hasMessageContaining(at.fragment())
          .satisfies(e -> {
            assertThat(e.getMessage()).doesNotContain(MARK);
            assertThat(((TokenException) e).bearerError().code()).isEqualTo("invalid_token");
          });
      // the async path gives the same verdict
      assertThat(validator.verifyAsync(token).toCompletableFuture())
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .havingCause().isExactlyInstanceOf(at.type());
    }));
  }

  @Test
  void unknownKidTriggersExactlyOneRefetchPerToken() {
    unknownKidLookups.set(0);
    assertThatThrownBy(() -> validator.verify(rs().kid("nope").build())).isInstanceOf(KeyNotFoundException.class);
    assertThat(unknownKidLookups).hasValue(1);
  }

  @Test
  void sameTokensWithoutTheAttackAreAccepted() {
    // controls: the builders used above produce valid tokens when not tampered with
    assertThat(validator.verify(rs().build()).subject()).isEqualTo(TestTokens.SUBJECT);
    assertThat(validator.verify(es().build()).subject()).isEqualTo(TestTokens.SUBJECT);
    assertThat(validator.verify(ed().build()).subject()).isEqualTo(TestTokens.SUBJECT);
    assertThat(validator.verify(TestTokens.signedWith("RS256", TestKeys.rsa2().getPrivate(), TestKeys.RSA2_KID).clock(clock)
        .issuer(OTHER_ISSUER).header("typ", "at+jwt").build()).issuer()).isEqualTo(OTHER_ISSUER);
    assertThat(validator.verify(rs().issuer("https://cognito.test").claim("aud", null).claim("token_use", "access")
        .claim("client_id", "client-1").build()).issuer()).isEqualTo("https://cognito.test");
  }

  @Test
  void runsOnTheIntendedSignatureProvider() {
    java.security.Provider p = ((DefaultTokenValidator) validator).signatureVerifier().preferredProvider();
    assertThat(p == null ? "JDK" : p.getName()).isEqualTo(expectedProviderName());
  }

  @Test
  void hmacIssuerRejectsRsaPublicKeyAsSecret() {
    TokenValidator hs = TokenValidator.builder().signatureProvider(signatureProvider())
        .issuer(IssuerSettings.builder(TestTokens.ISSUER).hmacSecret(TestKeys.hmacSecret()).audiences("kserve").build())
        .clock(clock).build();
    assertThat(hs.verify(TestTokens.hs256().clock(clock).build()).subject()).isEqualTo(TestTokens.SUBJECT);
    assertThatThrownBy(() -> hs.verify(TestTokens.hs256().clock(clock).signHmac(TestKeys.rsa().getPublic().getEncoded()).build()))
        .isInstanceOf(InvalidSignatureException.class);
    assertThatThrownBy(() -> hs.verify(rs().kid(null).build()))
        .isInstanceOf(UnsupportedAlgorithmException.class).hasMessageContaining("RS256 is not allowed for issuer");
  }

  @Test
  void legacyKubernetesTokensOnlyWhenAllowed() {
    TokenValidator allow = TokenValidator.builder().signatureProvider(signatureProvider())
        .issuer(IssuerSettings.builder(K8S_LEGACY).jwks(TestKeys.jwkSet()).anyAudience().allowLegacyKubernetesTokens(true).build())
        .clock(clock).build();
    String legacy = rs().issuer(K8S_LEGACY).claim("exp", null).claim("iat", null).claim("aud", null)
        .subject("system:serviceaccount:default:builder")
        .claim("kubernetes.io/serviceaccount/namespace", "default")
        .claim("kubernetes.io/serviceaccount/service-account.name", "builder").build();
    Principal p = allow.verify(legacy);
    assertThat(p.kubernetes().legacy()).isTrue();
    assertThat(p.kubernetes().username()).isEqualTo("system:serviceaccount:default:builder");
    assertThat(p.expiresAt()).isNull();
  }

  /** Access to the test helper's unsigned-integer encoding. */
  static final class TestKeysAccess {
    static byte[] unsigned(BigInteger v, int len) {
      byte[] b = v.toByteArray();
      if (b.length > len) {
        b = Arrays.copyOfRange(b, b.length - len, b.length);
      }
      return b;
    }
  }

  static {
    // keep JwsAlgorithm referenced so a rename breaks this test at compile time
    assertThat(JwsAlgorithm.ES256.coordinateLength()).isEqualTo(32);
  }
}
