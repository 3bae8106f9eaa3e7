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
package dev.kserveauth.testing;

import dev.kserveauth.internal.jws.Base64Url;
import dev.kserveauth.internal.jws.JwsAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed test tokens from a builder pre-filled with valid claims ({@link #ISSUER}, {@link #AUDIENCE},
 * {@link #SUBJECT}, {@code iat} = now, {@code exp} = now + 5 min), which each test then adjusts. The
 * builder signs with plain JCA and can also produce deliberately broken tokens (any header, raw JSON,
 * any {@code alg} label) for attack tests.
 *
 * <pre>{@code
 * String ok = TestTokens.rs256().build();
 * String expired = TestTokens.es256().now(clock.instant()).expiresIn(Duration.ofSeconds(-120)).build();
 * String confused = TestTokens.rs256().header("alg", "HS256").signHmac(publicKeyBytes).build();
 * }</pre>
 */
public final class TestTokens {

  public static final String ISSUER = "https://issuer.test";
  public static final String AUDIENCE = "kserve";
  public static final String SUBJECT = "user-1";

  private TestTokens() {}

  /** RS256 with {@link TestKeys#rsa()}, kid {@value TestKeys#RSA_KID}. */
  public static Builder rs256() {
    return new Builder(JwsAlgorithm.RS256, TestKeys.rsa().getPrivate(), TestKeys.RSA_KID);
  }

  /** ES256 with {@link TestKeys#ec()}, kid {@value TestKeys#EC_KID}. */
  public static Builder es256() {
    return new Builder(JwsAlgorithm.ES256, TestKeys.ec().getPrivate(), TestKeys.EC_KID);
  }

  /** EdDSA with {@link TestKeys#ed25519()}, kid {@value TestKeys#ED_KID}. */
  public static Builder eddsa() {
    return new Builder(JwsAlgorithm.EdDSA, TestKeys.ed25519().getPrivate(), TestKeys.ED_KID);
  }

  /** HS256 with {@link TestKeys#hmacSecret()}, no kid. */
  public static Builder hs256() {
    return new Builder(JwsAlgorithm.HS256, new SecretKeySpec(TestKeys.hmacSecret(), "HmacSHA256"), null);
  }

  /** A builder signing with any algorithm and key. */
  public static Builder signedWith(String alg, Key key, String kid) {
    return new Builder(JwsAlgorithm.forName(alg), key, kid);
  }

  /** Token builder; every method returns this builder. */
  public static final class Builder {
    private final Map<String, Object> header = new LinkedHashMap<>();
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private JwsAlgorithm signingAlg;
    private Key signingKey;
    private Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());
    private Duration lifetime = Duration.ofMinutes(5);
    private boolean timesSet;
    private String rawHeader;
    private String rawPayload;
    private String signatureOverride;

    Builder(JwsAlgorithm alg, Key key, String kid) {
      signingAlg = alg;
      signingKey = key;
      header.put("alg", alg.name());
      header.put("typ", "JWT");
      if (kid != null) {
        header.put("kid", kid);
      }
      claims.put("iss", ISSUER);
      claims.put("sub", SUBJECT);
      claims.put("aud", AUDIENCE);
    }

    /** The time {@code iat}/{@code exp} are computed from (default: now, whole seconds). */
    public Builder now(Instant instant) {
      now = instant;
      return this;
    }

    /** Same as {@code now(clock.instant())}. */
    public Builder clock(Clock clock) {
      return now(clock.instant());
    }

    /** {@code exp} = now + lifetime (negative for an expired token). */
    public Builder expiresIn(Duration d) {
      lifetime = d;
      return this;
    }

    public Builder issuer(String iss) {
      return claim("iss", iss);
    }

    public Builder subject(String sub) {
      return claim("sub", sub);
    }

    /** One audience as a string, several as an array. */
    public Builder audience(String... aud) {
      return claim("aud", aud.length == 1 ? aud[0] : List.of(aud));
    }

    /** Sets a claim; {@code null} removes it (e.g. {@code claim("exp", null)}). */
    public Builder claim(String name, Object value) {
      if (value == null) {
        claims.remove(name);
        claims.put(name, Removed.INSTANCE);
      } else {
        claims.put(name, value);
      }
      return this;
    }

    /** Sets a header; {@code null} removes it. */
    public Builder header(String name, Object value) {
      if (value == null) {
        header.remove(name);
      } else {
        header.put(name, value);
      }
      return this;
    }

    public Builder kid(String kid) {
      return header("kid", kid);
    }

    /** Signs with this algorithm and key from now on (the header {@code alg} follows unless set later). */
    public Builder signWith(String alg, Key key) {
      signingAlg = JwsAlgorithm.forName(alg);
      signingKey = key;
      header.put("alg", alg);
      return this;
    }

    /** Signs with HMAC-SHA256 over these secret bytes, keeping the header as it is (key-confusion tests). */
    public Builder signHmac(byte[] secret) {
      signingAlg = JwsAlgorithm.HS256;
      signingKey = new SecretKeySpec(secret, "HmacSHA256");
      return this;
    }

    /** Uses this exact header JSON (e.g. with duplicate members) instead of the header map. */
    public Builder rawHeader(String json) {
      rawHeader = json;
      return this;
    }

    /** Uses this exact payload JSON instead of the claims map. */
    public Builder rawPayload(String json) {
      rawPayload = json;
      return this;
    }

    /** Uses this base64url text as the signature segment. */
    public Builder signature(String base64url) {
      signatureOverride = base64url;
      return this;
    }

    /** The claims as they will be serialised (with iat/exp filled in). */
    public Map<String, Object> claims() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("iat", now.getEpochSecond());
      out.put("exp", now.plus(lifetime).getEpochSecond());
      claims.forEach((k, v) -> {
        if (v == Removed.INSTANCE) {
          out.remove(k);
        } else {
          out.put(k, v);
        }
      });
      return out;
    }

    /** The compact JWS. */
    public String build() {
      String h = Base64Url.encode((rawHeader != null ? rawHeader : TestKeys.json(header)).getBytes(StandardCharsets.UTF_8));
      String p = Base64Url.encode((rawPayload != null ? rawPayload : TestKeys.json(claims())).getBytes(StandardCharsets.UTF_8));
      String input = h + "." + p;
      if (signatureOverride != null) {
        return input + "." + signatureOverride;
      }
      return input + "." + Base64Url.encode(sign(signingAlg, signingKey, input.getBytes(StandardCharsets.US_ASCII)));
    }
  }

  private enum Removed { INSTANCE }

  /** Signs bytes the JWS way (JOSE P1363 ECDSA, PSS with RFC 7518 parameters). */
  public static byte[] sign(JwsAlgorithm alg, Key key, byte[] input) {
    try {
      if (alg.family() == JwsAlgorithm.Family.HMAC) {
        Mac mac = Mac.getInstance(alg.jcaName());
        mac.init(key);
        return mac.doFinal(input);
      }
      Signature s = Signature.getInstance(alg.jcaName());
      if (alg.pssParameters() != null) {
        s.setParameter(alg.pssParameters());
      }
      s.initSign((PrivateKey) key);
      s.update(input);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
