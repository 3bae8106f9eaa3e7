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

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kserveauth.AuthResult;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.audit.AuditSink;
import dev.kserveauth.http.ErrorResponse;
import dev.kserveauth.http.RequestParsing;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.policy.AccessRequest;
import dev.kserveauth.policy.Decision;
import dev.kserveauth.policy.ExplainLevel;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.policy.PolicyException;
import dev.kserveauth.policy.PolicySet;
import dev.kserveauth.route.KServeRoute;
import dev.kserveauth.authn.AuthenticationOutcome;
import dev.kserveauth.authn.JwtRule;
import dev.kserveauth.authn.KeysUnavailableException;
import dev.kserveauth.authn.Principal;
import dev.kserveauth.authn.RequestAuthenticator;
import dev.kserveauth.authn.TokenAuthenticator;
import dev.kserveauth.authn.TokenException;
import dev.kserveauth.authn.TokenLocation;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * {@code explain}: decides one request against policies, exactly as the server would, and prints
 * the decision with its evidence as one JSON object. The request goes through the server's own
 * facade ({@link KServeAuth#explain}): the same method and path checks, normalization, route and
 * body parsing, preflight and public-path handling, output-header handling and policies.
 */
final class ExplainCommand implements Command {
  private final Clock clock;

  ExplainCommand() {
    this(Clock.systemUTC());
  }

  ExplainCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "explain";
  }

  @Override
  public String summary() {
    return "decide one request against policies and say why (decision, status, policy, rule, reasons)";
  }

  @Override
  public String usage() {
    return """
        usage: kserve-auth explain --policy FILE... --method M --path P [--host H] [--port N]
                                   [--header K:V]... [--source-ip IP] [--remote-ip IP]
                                   [--token T [--config ISSUERS] | --claims JSON] [--time ISO-8601]
                                   [--body JSON|@FILE] [--provider-result NAME=allow|deny]...
          --policy FILE...   AuthorizationPolicy / AccessPolicy YAML files or folders (repeatable;
                             several files may follow one --policy)
          --method, --path   the request (the path as sent; it is normalized as the server does)
          --host, --port     Host header and destination port (default port 80)
          --header K:V       a request header (repeatable)
          --source-ip, --remote-ip   peer and original client addresses
          --token T          a JWT ('-' reads stdin); with --config (RequestAuthentication or
                             IssuerConfig YAML) it is verified first, and an invalid token is a 401;
                             without --config its claims are used unverified (debugging only)
          --claims JSON      an already verified payload, e.g. '{"iss":"https://idp","sub":"u","role":"admin"}'
          --time ISO-8601    decide as of this instant (time-window policies); default now
          --body JSON|@FILE  the request body; OpenAI-compatible routes (/openai/v1/chat/completions...)
                             name their model in it, as the server reads it
          --provider-result NAME=allow|deny
                             what the external authorizer NAME (a CUSTOM policy's provider) answers,
                             simulated offline (repeatable); without it a provider that would be
                             asked is assumed to deny
        Prints {"decision","status","policy","rule","reasons","explanation",...}.
        Exit codes: 0 allow, 1 deny, 2 usage or configuration error.
        """;
  }

  @Override
  public int run(List<String> argv, Io io) throws UsageException {
    List<String> policies = new ArrayList<>();
    List<String> headers = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    Map<String, Boolean> providerResults = new LinkedHashMap<>();
    for (int i = 0; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.equals("--provider-result") || a.startsWith("--provider-result=")) {
        String v;
        if (a.equals("--provider-result")) {
          if (i + 1 >= argv.size()) {
            throw new UsageException("--provider-result needs NAME=allow|deny");
          }
          v = argv.get(++i);
        } else {
          v = a.substring("--provider-result=".length());
        }
        int eq = v.lastIndexOf('=');
        String answer = eq < 0 ? "" : v.substring(eq + 1);
        if (eq <= 0 || !answer.equals("allow") && !answer.equals("deny")) {
          throw new UsageException("--provider-result must be NAME=allow or NAME=deny, got '" + v + "'");
        }
        providerResults.put(v.substring(0, eq), answer.equals("allow"));
      } else if (a.equals("--policy")) {
        if (i + 1 >= argv.size() || argv.get(i + 1).startsWith("--")) {
          throw new UsageException("--policy needs a FILE");
        }
        while (i + 1 < argv.size() && !argv.get(i + 1).startsWith("--")) {
          policies.add(argv.get(++i));
        }
      } else if (a.startsWith("--policy=")) {
        policies.add(a.substring("--policy=".length()));
      } else if (a.equals("--header")) {
        if (i + 1 >= argv.size()) {
          throw new UsageException("--header needs K:V");
        }
        headers.add(argv.get(++i));
      } else if (a.startsWith("--header=")) {
        headers.add(a.substring("--header=".length()));
      } else {
        rest.add(a);
      }
    }
    Args args = Args.parse(rest, Set.of("method", "path", "host", "port", "source-ip", "remote-ip", "token", "config",
        "claims", "time", "body"), Set.of());
    if (!args.positionals().isEmpty()) {
      throw new UsageException("unexpected argument '" + args.positionals().get(0) + "'");
    }
    if (policies.isEmpty()) {
      throw new UsageException("--policy FILE is required");
    }
    // as sent: the server answers a lower-case method with 400, as Istio does
    String method = required(args, "method");
    String path = required(args, "path");
    if (!path.startsWith("/")) {
      throw new UsageException("--path must start with /");
    }
    if (args.option("token") != null && args.option("claims") != null) {
      throw new UsageException("give --token or --claims, not both");
    }
    if (args.option("config") != null && args.option("token") == null) {
      throw new UsageException("--config only goes with --token");
    }
    int port = 80;
    if (args.option("port") != null) {
      try {
        port = Integer.parseInt(args.option("port"));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 0 || port > 65535) {
        throw new UsageException("--port must be a number 0-65535");
      }
    }
    Instant time = clock.instant();
    if (args.option("time") != null) {
      try {
        time = Instant.parse(args.option("time"));
      } catch (DateTimeParseException e) {
        throw new UsageException("--time must be an ISO-8601 instant such as 2026-01-07T09:00:00Z");
      }
    }
    Map<String, List<String>> headerMap = new LinkedHashMap<>();
    for (String h : headers) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new UsageException("--header must be K:V, got '" + h + "'");
      }
      headerMap.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(h.substring(colon + 1).trim());
    }

    byte[] body = null;
    if (args.option("body") != null) {
      body = body(args.option("body"));
    }

    PolicyEngine engine;
    PolicySet set;
    try {
      set = PolicySet.load(policies.stream().map(Path::of).toArray(Path[]::new));
      PolicyEngine full = PolicyEngine.builder().policies(set).explain(ExplainLevel.FULL).build();
      String remoteIp = args.option("remote-ip");
      // remote.ip is what a trusted proxy reported; the in-process server has none to read, so the
      // flag stands in for it
      engine = remoteIp == null ? full : new WithRemoteIp(full, remoteIp);
    } catch (PolicyException e) {
      io.err().println("error: " + e.getMessage());
      return USAGE;
    }
    for (String note : set.skipped()) {
      io.err().println("note: " + note);
    }
    if (set.size() == 0) {
      io.err().println("warning: no AuthorizationPolicy or AccessPolicy was loaded; with no policy every request is "
          + "allowed (Istio semantics), and a server refuses to start with these files unless allow-all is set "
          + "(allowAllWithoutPolicy). Run 'kserve-auth lint' on these files.");
    } else if (set.enforcingSize() == 0) {
      io.err().println("warning: every policy loaded is dry-run or AUDIT, so every request is allowed (Istio "
          + "semantics), and a server refuses to start with these files unless allow-all is set "
          + "(allowAllWithoutPolicy). Run 'kserve-auth lint' on these files.");
    }

    Map<String, Object> out = new LinkedHashMap<>();
    AuthenticationOutcome outcome = new AuthenticationOutcome.Anonymous();
    Set<String> outputHeaderNames = new java.util.HashSet<>();
    if (args.option("claims") != null) {
      outcome = taken(principalFromJson(args.option("claims"), "--claims"));
      out.put("principalSource", "claims (taken as verified)");
    } else if (args.option("token") != null) {
      String token = Args.token(args.option("token"), io.in());
      if (args.option("config") != null) {
        outcome = verify(token, args.option("config"), time, io, outputHeaderNames);
        if (outcome == null) {
          return USAGE;
        }
        out.put("principalSource", "token (verified)");
      } else {
        outcome = taken(principalFromJson(unverifiedPayload(token), "--token payload"));
        out.put("principalSource", "token (NOT verified: no --config given)");
      }
    }

    // the request as an adapter hands it to the server's facade: the same normalization, route and
    // body parsing, preflight and public-path handling, authentication outcome and policies
    int q = path.indexOf('?');
    String rawPath = q < 0 ? path : path.substring(0, q);
    // CUSTOM policies' providers: answered as --provider-result says (assumed deny without it)
    Map<String, Object> providerOut = new LinkedHashMap<>();
    Map<String, dev.kserveauth.authz.ExternalAuthorizer> simulated = new LinkedHashMap<>();
    for (String name : engine.providers()) {
      Boolean allow = providerResults.get(name);
      providerOut.put("name", name);
      providerOut.put("asked", false);
      providerOut.put("simulatedResult", allow == null ? "deny (assumed: no --provider-result " + name + "=...)"
          : allow ? "allow" : "deny");
      simulated.put(name, check -> {
        providerOut.put("asked", true);
        providerOut.put("askedBecause", check.rule() + " matched");
        return CompletableFuture.completedFuture(allow != null && allow ? dev.kserveauth.authz.ExternalDecision.allow()
            : dev.kserveauth.authz.ExternalDecision.deny(403, allow == null
                ? "no --provider-result " + name + "=allow|deny given: assumed deny" : "simulated deny"));
      });
    }
    for (String name : providerResults.keySet()) {
      if (!simulated.containsKey(name)) {
        io.err().println("warning: --provider-result " + name + ": no CUSTOM policy names provider '" + name + "'");
      }
    }
    KServeAuth auth = KServeAuth.builder()
        .authorizers(simulated)
        .authenticator(new Fixed(outcome, outputHeaderNames))
        .policyEngine(engine)
        .clock(Clock.fixed(time, ZoneOffset.UTC))
        .auditSink(AuditSink.none())
        .allowAllWithoutPolicy(true) // explain what such a set would decide; the warning above says a server refuses it
        .build();
    boolean needsBody = auth.needsBody(method, rawPath);
    if (needsBody && body == null) {
      io.err().println("note: this route names its model in the JSON body; without --body the model is unknown");
    }
    RequestView view = new RequestView(method, rawPath, args.option("host"), headerMap,
        q < 0 ? Map.of() : RequestParsing.parseQuery(path.substring(q + 1)), Map.of(), args.option("source-ip"), port,
        needsBody ? (body == null ? new byte[0] : body) : null);
    KServeAuth.Explanation explained = auth.explain(view);
    AuthResult r = explained.result();
    Decision d = r.decision();
    int status = r instanceof AuthResult.Reject reject ? reject.status() : 200;
    if (r.authentication() instanceof AuthenticationOutcome.Failed f) {
      // Istio rejects an invalid token at authentication, before any policy: 401
      TokenException e = f.error();
      out.put("decision", "DENY");
      out.put("status", status);
      out.put("policy", null);
      out.put("rule", null);
      if (e instanceof KeysUnavailableException ku) { // the server's 503: not the token's fault, no bearer error
        out.put("reasons", List.of("token not checked: " + e.getMessage()));
        out.put("error", null);
        out.put("retryAfterSeconds", ErrorResponse.retryAfterSeconds(ku.retryAfter()));
      } else {
        out.put("reasons", List.of("token rejected: " + e.getMessage()));
        out.put("error", e.bearerError().code());
      }
      io.out().println(Json.write(out));
      return NEGATIVE;
    }
    if (status == 400) {
      // the server answers 400 before any policy runs
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("decision", "DENY");
      result.put("status", 400);
      result.put("policy", null);
      result.put("rule", null);
      result.put("reasons", d.reasons().stream().map(x -> "request rejected: " + x).toList());
      io.out().println(Json.write(result));
      return NEGATIVE;
    }
    KServeRoute route = explained.route();
    Principal principal = r.principal() != null ? r.principal()
        : outcome instanceof AuthenticationOutcome.Authenticated a ? a.principal() : null;
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("decision", d.effect().name());
    result.put("status", status);
    result.put("policy", d.policy());
    result.put("rule", d.rule());
    result.put("reasons", d.reasons());
    result.put("explanation", d.explanation());
    if (!d.shadow().isEmpty()) {
      result.put("shadow", d.shadow());
    }
    if (!providerOut.isEmpty()) {
      result.put("provider", providerOut);
    }
    Map<String, Object> req = new LinkedHashMap<>();
    req.put("method", method);
    req.put("path", r.path());
    req.put("time", time.toString());
    req.put("protocol", route.protocol().name());
    req.put("verb", route.verb().id());
    req.put("model", route.model());
    result.put("request", req);
    if (principal != null) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("requestPrincipal", principal.requestPrincipal());
      p.put("roles", principal.roles());
      result.put("principal", p);
    }
    result.putAll(out);
    io.out().println(Json.write(result));
    return r.allowed() ? OK : NEGATIVE;
  }

  /** The engine with {@code remote.ip} from the flag: a trusted proxy's report the in-process server has none of. */
  private record WithRemoteIp(PolicyEngine full, String remoteIp) implements PolicyEngine {
    private AccessRequest with(AccessRequest r) {
      return new AccessRequest(r.principal(), r.method(), r.path(), r.host(), r.port(), r.headers(), r.sourceIp(),
          remoteIp, r.route(), r.time());
    }

    @Override
    public Decision decide(AccessRequest r) {
      return full.decide(with(r));
    }

    @Override
    public dev.kserveauth.policy.CustomCheck custom(AccessRequest r) {
      return full.custom(with(r));
    }

    @Override
    public Set<String> providers() {
      return full.providers();
    }

    @Override
    public Map<String, String> providerLocations() {
      return full.providerLocations();
    }

    @Override
    public boolean dependsOnModel() {
      return full.dependsOnModel();
    }

    @Override
    public boolean enforcing() {
      return full.enforcing();
    }
  }

  /** A principal the caller vouches for (--claims, or an unverified --token), as if its token had been verified. */
  private static AuthenticationOutcome taken(Principal principal) {
    return new AuthenticationOutcome.Authenticated(principal, new TokenLocation(TokenLocation.Kind.HEADER,
        "authorization"), true, Map.of());
  }

  /** The authentication outcome decided up front (from --token/--config or --claims), for every request. */
  private record Fixed(AuthenticationOutcome outcome, Set<String> outputHeaderNames) implements RequestAuthenticator {
    @Override
    public AuthenticationOutcome authenticate(RequestView request) {
      return outcome;
    }

    @Override
    public CompletionStage<AuthenticationOutcome> authenticateAsync(RequestView request) {
      return CompletableFuture.completedFuture(outcome);
    }
  }

  private static byte[] body(String value) throws UsageException {
    if (!value.startsWith("@")) {
      return value.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Files.readAllBytes(Path.of(value.substring(1)));
    } catch (java.io.IOException | RuntimeException e) {
      throw new UsageException("--body " + value + ": cannot read file");
    }
  }

  private static String required(Args args, String name) throws UsageException {
    String v = args.option(name);
    if (v == null || v.isEmpty()) {
      throw new UsageException("--" + name + " is required");
    }
    return v;
  }

  private static Principal principalFromJson(String json, String what) throws UsageException {
    Object parsed;
    try {
      parsed = Json.MAPPER.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new UsageException(what + " is not JSON: " + e.getOriginalMessage());
    }
    if (!(parsed instanceof Map<?, ?> m)) {
      throw new UsageException(what + " must be a JSON object of claims");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> claims = (Map<String, Object>) m;
    try {
      return Principal.fromClaims(claims);
    } catch (IllegalArgumentException e) {
      throw new UsageException(what + ": " + e.getMessage());
    }
  }

  private static String unverifiedPayload(String token) throws UsageException {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new UsageException("--token is not a compact JWS (three dot-separated parts)");
    }
    try {
      return new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--token payload is not base64url");
    }
  }

  private AuthenticationOutcome verify(String token, String config, Instant time, Io io, Set<String> outputHeaderNames) {
    if (!Files.isReadable(Path.of(config))) {
      io.err().println("error: " + config + ": cannot read");
      return null;
    }
    List<JwtRule> rules = IssuerConfigFiles.load(config, io);
    if (rules == null) {
      return null;
    }
    try {
      TokenAuthenticator auth = RequestAuthenticator.builder().rules(rules)
          .clock(Clock.fixed(time, ZoneOffset.UTC)).build();
      outputHeaderNames.addAll(auth.outputHeaderNames());
      return auth.authenticateToken(token).toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      io.err().println("error: " + e.getMessage());
      return null;
    } catch (Exception e) {
      return new AuthenticationOutcome.Failed(new TokenException("the token could not be verified in time"));
    }
  }
}
