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

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code decode TOKEN}: header and claims as JSON, times also human-readable; never verifies. */
final class DecodeCommand implements Command {
  private static final List<String> TIME_CLAIMS = List.of("iat", "nbf", "exp", "auth_time");
  private final Clock clock;

  DecodeCommand() {
    this(Clock.systemUTC());
  }

  DecodeCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "decode";
  }

  @Override
  public String summary() {
    return "print a token's header and claims (no verification)";
  }

  @Override
  public String usage() {
    return """
        usage: kserve-auth decode TOKEN
          TOKEN   a compact JWT; '-' reads it from stdin (keeps it out of shell history)
        Prints {"header", "claims", "times", "signature"} as JSON. The signature is NOT verified:
        use 'verify' for that.
        """;
  }

  @Override
  public int run(List<String> argv, Io io) throws UsageException {
    Args args = Args.parse(argv, Set.of(), Set.of());
    String token = Args.token(args.single("TOKEN"), io.in());
    String[] parts = token.split("\\.", -1);
    if (parts.length == 5) {
      io.out().println("not decodable: this is a JWE (encrypted token, 5 parts); kserve-auth accepts signed JWTs only");
      return NEGATIVE;
    }
    if (parts.length != 3) {
      io.out().println("not a JWT: expected 3 dot-separated parts, found " + parts.length
          + (parts.length == 1 ? " (an opaque/reference token? ask the IdP for a JWT access token)" : ""));
      return NEGATIVE;
    }
    Map<String, Object> header;
    Map<String, Object> claims;
    try {
      header = object(parts[0], "header");
      claims = object(parts[1], "payload");
    } catch (IllegalArgumentException e) {
      io.out().println("not a JWT: " + e.getMessage());
      return NEGATIVE;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("header", header);
    out.put("claims", claims);
    Map<String, Object> times = new LinkedHashMap<>();
    for (String c : TIME_CLAIMS) {
      if (claims.get(c) instanceof Number n) {
        times.put(c, human(n));
      }
    }
    if (claims.get("kubernetes.io") instanceof Map<?, ?> k8s && k8s.get("warnafter") instanceof Number n) {
      times.put("kubernetes.io.warnafter", human(n));
    }
    if (claims.get("exp") instanceof Number n) {
      Instant exp = epochSeconds(n);
      times.put("expired", exp == null ? "exp is out of range (never accepted)" : (Object) exp.isBefore(clock.instant()));
    } else {
      times.put("expired", "no exp claim (rejected unless the issuer allows legacy Kubernetes tokens)");
    }
    out.put("times", times);
    int sigBytes;
    try {
      sigBytes = Base64.getUrlDecoder().decode(parts[2]).length;
    } catch (IllegalArgumentException e) {
      sigBytes = -1;
    }
    out.put("signature", sigBytes < 0 ? "not base64url" : sigBytes == 0 ? "none (unsigned token: never accepted)"
        : sigBytes + " bytes, NOT verified");
    io.out().println(Json.write(out));
    return OK;
  }

  private String human(Number n) {
    Instant t = epochSeconds(n);
    return t == null ? "out of range: " + n : Json.human(t, clock);
  }

  /** A NumericDate as an instant, or null when it is not a representable time (1e300, 10^23...). */
  static Instant epochSeconds(Number n) {
    double d = n.doubleValue();
    if (Double.isNaN(d) || Math.abs(d) > 1e15) {
      return null;
    }
    return Instant.ofEpochSecond((long) Math.floor(d));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(String segment, String what) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(segment);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the " + what + " is not base64url");
    }
    try {
      Object v = Json.MAPPER.readValue(new String(bytes, StandardCharsets.UTF_8), Object.class);
      if (v instanceof Map<?, ?> m) {
        return (Map<String, Object>) m;
      }
    } catch (Exception e) {
      String detail = e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
          ? "it has a duplicate member name" : e.getClass().getSimpleName();
      throw new IllegalArgumentException("the " + what + " is not a JSON object (" + detail + ")");
    }
    throw new IllegalArgumentException("the " + what + " is not a JSON object");
  }
}
