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

import dev.kserveauth.authn.AuthenticationOutcome;
import dev.kserveauth.authn.JwtRule;
import dev.kserveauth.authn.KeysUnavailableException;
import dev.kserveauth.authn.KubernetesIdentity;
import dev.kserveauth.authn.Principal;
import dev.kserveauth.authn.RequestAuthenticator;
import dev.kserveauth.authn.TokenAuthenticator;
import dev.kserveauth.authn.TokenException;
import dev.kserveauth.http.ErrorResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code verify --config FILE [--jwks FILE_OR_URL] [--now INSTANT] TOKEN}: verifies a token exactly as
 * the server would with the same configuration; prints the principal (exit 0) or the reason (exit 1).
 */
final class VerifyCommand implements Command {
  private final Clock clock;

  VerifyCommand() {
    this(Clock.systemUTC());
  }

  VerifyCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "verify";
  }

  @Override
  public String summary() {
    return "verify a token against a RequestAuthentication or IssuerConfig file";
  }

  @Override
  public String usage() {
    return """
        usage: kserve-auth verify --config FILE [--jwks FILE_OR_URL] [--now INSTANT] TOKEN
          --config FILE        Istio RequestAuthentication YAML (security.istio.io/v1, v1beta1) or a
                               kserve-auth/v1 IssuerConfig; other documents in the file are ignored
          --jwks FILE_OR_URL   use this JWKS (a file or an http(s) URL) for every rule instead of the
                               configured key source
          --now INSTANT        verify as of this time (ISO-8601, e.g. 2026-01-01T00:00:00Z)
          TOKEN                the compact JWT; '-' reads it from stdin
        Exit codes: 0 valid (prints the principal as JSON), 1 invalid (prints the reason, then
        every other claim the token fails as "also:" lines),
        2 usage or configuration error (YAML errors name file:line).
        """;
  }

  @Override
  public int run(List<String> argv, Io io) throws UsageException {
    Args args = Args.parse(argv, Set.of("config", "jwks", "now"), Set.of());
    String config = args.option("config");
    if (config == null) {
      throw new UsageException("--config FILE is required");
    }
    String token = Args.token(args.single("TOKEN"), io.in());
    Clock at = clock;
    if (args.option("now") != null) {
      try {
        at = Clock.fixed(Instant.parse(args.option("now")), ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw new UsageException("--now must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
      }
    }
    List<JwtRule> rules = IssuerConfigFiles.load(config, io);
    if (rules == null) {
      return USAGE;
    }
    if (args.option("jwks") != null) {
      JwtRule.Keys keys = jwksOverride(args.option("jwks"));
      if (keys == null) {
        io.err().println("error: --jwks " + args.option("jwks") + ": cannot read file");
        return USAGE;
      }
      List<JwtRule> replaced = new ArrayList<>(rules.size());
      for (JwtRule r : rules) {
        replaced.add(new JwtRule(r.issuer(), r.audiences(), keys, r.fromHeaders(), r.fromParams(), r.fromCookies(),
            r.outputClaimToHeaders(), r.outputPayloadToHeader(), r.forwardOriginalToken(), r.timeout(), r.validation(),
            r.origin()));
      }
      rules = replaced;
    }
    TokenAuthenticator auth;
    try {
      auth = RequestAuthenticator.builder().rules(rules).clock(at).build();
    } catch (RuntimeException e) {
      io.err().println("error: " + e.getMessage());
      return USAGE;
    }
    AuthenticationOutcome outcome;
    try {
      outcome = auth.authenticateToken(token).toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      io.out().println("invalid: token could not be verified in time");
      return NEGATIVE;
    }
    if (outcome instanceof AuthenticationOutcome.Authenticated ok) {
      io.out().println(Json.write(describe(ok, at)));
      return OK;
    }
    TokenException error = ((AuthenticationOutcome.Failed) outcome).error();
    if (error instanceof KeysUnavailableException ku) {
      // not the token's fault: the server answers 503 and the client retries the same token
      io.out().println("not verified: " + error.getMessage());
      io.out().println("error: none (HTTP 503, Retry-After: " + ErrorResponse.retryAfterSeconds(ku.retryAfter())
          + "); the token itself was not checked");
      return NEGATIVE;
    }
    io.out().println("invalid: " + error.getMessage());
    io.out().println("error: " + error.bearerError().code() + " (HTTP " + error.bearerError().httpStatus() + ")");
    List<TokenException> all = auth.allFailures(token);
    // the same first failure (its message may differ only in the "now" it quotes)
    if (all.size() > 1 && error.getClass() == all.get(0).getClass()) {
      for (TokenException also : all.subList(1, all.size())) {
        io.out().println("also: " + also.getMessage());
      }
    }
    String iss = unverifiedIssuer(token);
    if (iss != null && rules.stream().noneMatch(r -> r.issuer().equals(iss))) {
      io.out().println("hint: the token's iss is '" + iss + "'; configured issuers: "
          + rules.stream().map(JwtRule::issuer).distinct().toList());
    }
    return NEGATIVE;
  }

  private static JwtRule.Keys jwksOverride(String value) {
    if (value.startsWith("http://") || value.startsWith("https://")) {
      return new JwtRule.Keys.JwksUri(value);
    }
    try {
      return new JwtRule.Keys.InlineJwks(Files.readString(Path.of(value), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return null;
    }
  }

  private static Map<String, Object> describe(AuthenticationOutcome.Authenticated ok, Clock clock) {
    Principal p = ok.principal();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("valid", true);
    out.put("issuer", p.issuer());
    out.put("subject", p.subject());
    out.put("requestPrincipal", p.requestPrincipal());
    out.put("audiences", p.audiences());
    out.put("roles", p.roles());
    out.put("permissions", p.permissions());
    out.put("expiresAt", p.expiresAt() == null ? null : Json.human(p.expiresAt(), clock));
    KubernetesIdentity k = p.kubernetes();
    if (k != null) {
      Map<String, Object> km = new LinkedHashMap<>();
      km.put("username", k.username());
      km.put("namespace", k.namespace());
      km.put("serviceAccount", k.serviceAccount());
      km.put("pod", k.pod());
      km.put("node", k.node());
      km.put("legacy", k.legacy());
      out.put("kubernetes", km);
    }
    if (!ok.outputHeaders().isEmpty()) {
      out.put("outputHeaders", ok.outputHeaders());
    }
    out.put("claims", p.claims());
    return out;
  }

  private static String unverifiedIssuer(String token) {
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      return null;
    }
    try {
      Object v = Json.MAPPER.readValue(Base64.getUrlDecoder().decode(parts[1]), Object.class);
      return v instanceof Map<?, ?> m && m.get("iss") instanceof String s ? s : null;
    } catch (Exception e) {
      return null;
    }
  }
}
