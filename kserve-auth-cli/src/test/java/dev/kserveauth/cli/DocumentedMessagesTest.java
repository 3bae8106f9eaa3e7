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
package dev.kserveauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reasons {@code docs/troubleshooting.md} tells users to look for are the words the code says.
 * Each failure the table describes is produced for real through {@code verify}; every reason of the
 * table must match one of them, and every one of them must be in the table, so that neither the doc
 * nor the code can drift alone.
 */
class DocumentedMessagesTest {
  private static final Path DOC = Path.of("..", "docs", "troubleshooting.md");
  private static final String ISS = "https://auth.company.com";
  private static final Instant NOW = Instant.parse("2026-06-10T08:00:00Z");

  @TempDir static Path dir;
  private static KeyPair key;
  private static KeyPair other;
  private static HttpServer notFound;
  private static Path jwks;
  private static Path ra;
  private static Path cognito;

  @BeforeAll
  static void setUp() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    key = g.generateKeyPair();
    other = g.generateKeyPair();
    jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, "{\"keys\":[" + jwk(key, "k1", "sig") + "," + jwk(other, "enc-1", "enc") + "]}");
    ra = dir.resolve("ra.yaml");
    Files.writeString(ra, """
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        metadata: {name: ra, namespace: ml}
        spec:
          jwtRules:
          - issuer: https://auth.company.com
            audiences: [kserve-api]
            jwksUri: https://keys.invalid/jwks
        """);
    cognito = dir.resolve("cognito.yaml");
    Files.writeString(cognito, """
        apiVersion: kserve-auth/v1
        kind: IssuerConfig
        metadata: {name: c}
        spec:
          issuers:
          - issuer: https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123
            jwksFile: jwks.json
            cognitoClientId: true
            audiences: [client-1]
        """);
    notFound = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    notFound.createContext("/", ex -> {
      ex.sendResponseHeaders(404, -1);
      ex.close();
    });
    notFound.start();
  }

  @AfterAll
  static void tearDown() {
    notFound.stop(0);
  }

  /** Each failure the troubleshooting table covers, produced for real; the value is the CLI's reason. */
  private static Map<String, String> reasons() throws Exception {
    long now = NOW.getEpochSecond();
    Map<String, String> r = new LinkedHashMap<>();
    String jwksFile = jwks.toString();
    r.put("issuer with a trailing slash", verify(ra, jwksFile,
        token(key, "RS256", "k1", claims(ISS + "/", "kserve-api", now - 10, now + 600))));
    r.put("other audience", verify(ra, jwksFile,
        token(key, "RS256", "k1", claims(ISS, "other-api", now - 10, now + 600))));
    r.put("unknown kid", verify(ra, jwksFile,
        token(key, "RS256", "k9", claims(ISS, "kserve-api", now - 10, now + 600))));
    r.put("encryption key", verify(ra, jwksFile,
        token(other, "RS256", "enc-1", claims(ISS, "kserve-api", now - 10, now + 600))));
    r.put("forged", verify(ra, jwksFile,
        token(other, "RS256", "k1", claims(ISS, "kserve-api", now - 10, now + 600))));
    r.put("no exp", verify(ra, jwksFile,
        token(key, "RS256", "k1", "{\"iss\":\"" + ISS + "\",\"sub\":\"user123\",\"aud\":\"kserve-api\",\"iat\":" + (now - 10) + "}")));
    r.put("HS256 against RSA keys", verify(ra, jwksFile,
        token(null, "HS256", "k1", claims(ISS, "kserve-api", now - 10, now + 600))));
    r.put("expired", verify(ra, jwksFile,
        token(key, "RS256", "k1", claims(ISS, "kserve-api", now - 3600, now - 600))));
    String good = token(key, "RS256", "k1", claims(ISS, "kserve-api", now - 10, now + 600));
    r.put("key endpoint down", verify(ra, "http://127.0.0.1:1/jwks", good));
    r.put("key endpoint 404", verify(ra, "http://127.0.0.1:" + notFound.getAddress().getPort() + "/jwks", good));
    r.put("Cognito ID token", verify(cognito, null, token(key, "RS256", "k1",
        "{\"iss\":\"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123\",\"sub\":\"u\",\"client_id\":\"client-1\","
            + "\"token_use\":\"id\",\"iat\":" + (now - 10) + ",\"exp\":" + (now + 600) + "}")));
    return r;
  }

  @Test
  void everyReasonInTheTableIsWhatVerifySays() throws Exception {
    List<Pattern> documented = documentedReasons();
    assertThat(documented).as("reasons in the table of %s", DOC).hasSizeGreaterThanOrEqualTo(10);
    Map<String, String> said = reasons();
    for (Pattern p : documented) {
      assertThat(said.values()).as("the documented reason /%s/ is said for some failure: %s", p, said)
          .anyMatch(s -> p.matcher(s).lookingAt());
    }
    for (Map.Entry<String, String> e : said.entrySet()) {
      assertThat(documented).as("the reason for '%s' (\"%s\") is in the table", e.getKey(), e.getValue())
          .anyMatch(p -> p.matcher(e.getValue()).lookingAt());
    }
  }

  @Test
  void theTablePatternCanFail() throws Exception {
    Pattern p = toPattern("token expired at ... (now ..., clock skew 60s)");
    assertThat(p.matcher("token expired at 2026-01-01T00:00:00Z (now 2026-01-01T00:10:00Z, clock skew 60s)").lookingAt()).isTrue();
    assertThat(p.matcher("token expired at 2026-01-01T00:00:00Z (now 2026-01-01T00:10:00Z, skew 60s)").lookingAt()).isFalse();
  }

  /** The backticked reasons in the first column of the table under "| reason says |". */
  private static List<Pattern> documentedReasons() throws Exception {
    List<Pattern> out = new ArrayList<>();
    boolean inTable = false;
    for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
      String t = line.strip();
      if (t.startsWith("| reason says |")) {
        inTable = true;
        continue;
      }
      if (!inTable || t.startsWith("|---")) {
        continue;
      }
      if (!t.startsWith("|")) {
        break;
      }
      String first = t.substring(1, t.indexOf('|', 1));
      Matcher m = Pattern.compile("`([^`]+)`").matcher(first);
      while (m.find()) {
        out.add(toPattern(m.group(1)));
      }
    }
    return out;
  }

  /** {@code ...} stands for any text, a lone {@code X} for one word; the rest is literal. */
  static Pattern toPattern(String documented) {
    StringBuilder re = new StringBuilder();
    for (String part : documented.split("\\.\\.\\.", -1)) {
      if (re.length() > 0) {
        re.append(".*?");
      }
      String[] words = part.split("(?<= )X(?= )|^X(?= )|(?<= )X$", -1);
      for (int i = 0; i < words.length; i++) {
        if (i > 0) {
          re.append("\\S+");
        }
        re.append(Pattern.quote(words[i]));
      }
    }
    return Pattern.compile(re.toString());
  }

  private static String verify(Path config, String jwksOverride, String token) {
    List<String> args = new ArrayList<>(List.of("verify", "--config", config.toString(), "--now", NOW.toString()));
    if (jwksOverride != null) {
      args.add("--jwks");
      args.add(jwksOverride);
    }
    args.add(token);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as("verify refuses: %s %s", text, err).isEqualTo(1);
    String first = text.lines().findFirst().orElse("");
    // "not verified: " when the keys cannot be fetched (the server's 503), else "invalid: "
    String prefix = first.startsWith("not verified: ") ? "not verified: " : "invalid: ";
    assertThat(first).startsWith(prefix);
    return first.substring(prefix.length());
  }

  private static String claims(String iss, String aud, long iat, long exp) {
    return "{\"iss\":\"" + iss + "\",\"sub\":\"user123\",\"aud\":\"" + aud + "\",\"iat\":" + iat + ",\"exp\":" + exp + "}";
  }

  private static String token(KeyPair signer, String alg, String kid, String payload) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input = b64.encodeToString(("{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8))
        + "." + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    byte[] sig;
    if (signer == null) {
      sig = new byte[32];
    } else {
      PrivateKey k = signer.getPrivate();
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(k);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      sig = s.sign();
    }
    return input + "." + b64.encodeToString(sig);
  }

  private static String jwk(KeyPair k, String kid, String use) {
    RSAPublicKey pub = (RSAPublicKey) k.getPublic();
    return "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\",\"use\":\"" + use + "\",\"n\":\"" + b64(pub.getModulus())
        + "\",\"e\":\"" + b64(pub.getPublicExponent()) + "\"}";
  }

  private static String b64(BigInteger v) {
    byte[] b = v.toByteArray();
    if (b[0] == 0 && b.length > 1) {
      b = java.util.Arrays.copyOfRange(b, 1, b.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
