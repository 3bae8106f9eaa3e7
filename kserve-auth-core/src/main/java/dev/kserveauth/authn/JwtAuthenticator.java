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

import dev.kserveauth.http.RequestView;
import dev.kserveauth.internal.jws.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Istio {@code RequestAuthentication} semantics over {@link TokenValidator}s, one per rule:
 * no token at any location is {@link AuthenticationOutcome.Anonymous}; every token found must verify
 * (any failure is {@link AuthenticationOutcome.Failed}); a token is verified by the rules that declared
 * the location it was found at and whose issuer is its {@code iss} (accepted if any of them accepts);
 * a token whose {@code iss} no such rule names is rejected. Nothing escapes as an exception.
 */
final class JwtAuthenticator implements TokenAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);
  private static final long SYNC_LIMIT_SECONDS = 30;

  /** One rule and its validator. */
  public record Binding(JwtRule rule, TokenValidator validator, dev.kserveauth.authn.KeySource keys) {}

  private final List<Binding> bindings;
  private final TokenExtractor extractor;
  private final Set<String> outputHeaders;
  private static final long UNKNOWN_ISSUER_WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
  private final java.util.concurrent.atomic.AtomicLong nextUnknownIssuerWarning = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

  public JwtAuthenticator(List<Binding> bindings) {
    this.bindings = List.copyOf(bindings);
    this.extractor = new TokenExtractor(this.bindings.stream().map(Binding::rule).toList());
    Set<String> names = new LinkedHashSet<>();
    this.bindings.forEach(b -> names.addAll(b.rule().outputHeaderNames()));
    this.outputHeaders = Collections.unmodifiableSet(names);
  }

  @Override
  public AuthenticationOutcome authenticate(RequestView request) {
    CompletableFuture<AuthenticationOutcome> f = authenticateAsync(request).toCompletableFuture();
    try {
      return f.get(SYNC_LIMIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(new TokenException("interrupted while verifying the token"));
    } catch (ExecutionException | TimeoutException e) {
      return failed(new TokenException("token could not be verified in time"));
    }
  }

  @Override
  public CompletionStage<AuthenticationOutcome> authenticateAsync(RequestView request) {
    try {
      TokenExtractor.Result found = extractor.extract(request);
      if (found.malformed()) {
        return CompletableFuture.completedFuture(failed(new InvalidRequestException(found.problem())));
      }
      List<TokenExtractor.Found> tokens = found.tokens();
      if (tokens.isEmpty()) {
        return CompletableFuture.completedFuture(new AuthenticationOutcome.Anonymous());
      }
      if (tokens.size() == 1) {
        CompletableFuture<Verified> v = verify(tokens.get(0));
        if (v.isDone() && !v.isCompletedExceptionally()) {
          return CompletableFuture.completedFuture(authenticated(List.of(v.getNow(null))));
        }
        return v.handle((ok, err) -> err != null ? failed(unwrap(err)) : authenticated(List.of(ok)));
      }
      List<CompletableFuture<Verified>> all = new ArrayList<>(tokens.size());
      for (TokenExtractor.Found t : tokens) {
        all.add(verify(t));
      }
      return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((v, ignored) -> {
        List<Verified> ok = new ArrayList<>(all.size());
        for (CompletableFuture<Verified> f : all) {
          if (f.isCompletedExceptionally()) {
            return failed(unwrap(f.handle((x, e) -> e).join()));
          }
          ok.add(f.join());
        }
        return authenticated(ok);
      });
    } catch (RuntimeException e) {
      LOG.warn("authentication failed unexpectedly ({}); rejecting the request", e.getClass().getName());
      return CompletableFuture.completedFuture(failed(new TokenException("token could not be verified")));
    }
  }

  /**
   * Verifies one token against every rule, as if it had been found at a location all rules read
   * (used by the CLI, which has a token but no request). Never completes exceptionally.
   */
  @Override
  public CompletionStage<AuthenticationOutcome> authenticateToken(String token) {
    try {
      List<Integer> all = new ArrayList<>(bindings.size());
      for (int i = 0; i < bindings.size(); i++) {
        all.add(i);
      }
      TokenExtractor.Found f = new TokenExtractor.Found(bindings.get(0).rule().locations().get(0), token.strip(), all);
      return verify(f).handle((ok, err) -> err != null ? failed(unwrap(err)) : authenticated(List.of(ok)));
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(failed(new TokenException("token could not be verified")));
    }
  }

  /**
   * Every reason the first rule for the token's (unverified) issuer rejects it, from
   * {@link TokenValidator#validate(String)}: used by the CLI to show all claim failures at once. Empty
   * when no rule names that issuer or the token is accepted. May block on a key fetch.
   */
  @Override
  public List<TokenException> allFailures(String token) {
    String t = token.strip();
    String iss = peekIssuer(t);
    for (Binding b : bindings) {
      if (b.rule().issuer().equals(iss)) {
        return b.validator().validate(t).errors();
      }
    }
    return List.of();
  }

  @Override
  public Map<String, dev.kserveauth.authn.KeySource> keySources() {
    Map<String, dev.kserveauth.authn.KeySource> out = new LinkedHashMap<>();
    for (Binding b : bindings) {
      out.putIfAbsent(b.rule().issuer(), b.keys());
    }
    return out;
  }

  @Override
  public Map<String, dev.kserveauth.metrics.KeySourceStats> keySourceStats() {
    Map<String, dev.kserveauth.metrics.KeySourceStats> out = new LinkedHashMap<>();
    for (Binding b : bindings) {
      out.putIfAbsent(b.rule().issuer(), b.keys().stats());
    }
    return out;
  }

  @Override
  public Set<String> outputHeaderNames() {
    return outputHeaders;
  }

  /** A token verified by one rule. */
  private record Verified(TokenExtractor.Found found, Binding binding, Principal principal) {}

  private CompletableFuture<Verified> verify(TokenExtractor.Found t) {
    CompletableFuture<Verified> v = verifyByRules(t);
    if (v.isDone() && !v.isCompletedExceptionally()) {
      return v;
    }
    return v.whenComplete((ok, err) -> {
      if (err != null && unwrap(err) instanceof InvalidClaimException) {
        noteUnknownIssuer(t.token());
      }
    });
  }

  /**
   * Names the token's {@code iss} in the log when no rule has it: the 401 cannot (the caller chose
   * it), and a trailing {@code /} or an http/https mix-up is otherwise hard to see. WARN at most once
   * a minute, DEBUG for every token; the value is shortened and stripped of control characters.
   */
  private void noteUnknownIssuer(String token) {
    String iss = peekIssuer(token);
    if (iss == null || bindings.stream().anyMatch(b -> b.rule().issuer().equals(iss))) {
      return;
    }
    long now = System.nanoTime();
    long next = nextUnknownIssuerWarning.get();
    boolean warn = now - next >= 0 && nextUnknownIssuerWarning.compareAndSet(next, now + UNKNOWN_ISSUER_WARN_EVERY_NANOS);
    if (warn || LOG.isDebugEnabled()) {
      String msg = "token refused: its issuer '{}' is not configured (configured: {}); issuers are compared exactly,"
          + " a trailing '/' included";
      List<String> configured = bindings.stream().map(b -> b.rule().issuer()).distinct().toList();
      if (warn) {
        LOG.warn(msg + " (logged at most once a minute; DEBUG logs each)", printable(iss), configured);
      } else {
        LOG.debug(msg, printable(iss), configured);
      }
    }
  }

  /** At most 200 characters, control and non-ASCII characters as {@code ?}: a caller-chosen value in a log line. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), 201));
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return s.length() > 200 ? b.append('…').toString() : b.toString();
  }

  private CompletableFuture<Verified> verifyByRules(TokenExtractor.Found t) {
    List<Integer> candidates = t.rules();
    if (candidates.size() > 1) {
      String iss = peekIssuer(t.token());
      if (iss != null) {
        List<Integer> matching = new ArrayList<>(candidates.size());
        for (int i : candidates) {
          if (bindings.get(i).rule().issuer().equals(iss)) {
            matching.add(i);
          }
        }
        if (matching.isEmpty()) {
          return CompletableFuture.failedFuture(new InvalidClaimException(
              "token issuer is not configured for the " + describe(t) + " (Jwt issuer is not configured)"));
        }
        candidates = matching;
      }
    }
    return tryRules(t, candidates, 0, null);
  }

  /** Tries the candidate rules in order; the first that accepts wins, else the first failure is reported. */
  private CompletableFuture<Verified> tryRules(TokenExtractor.Found t, List<Integer> candidates, int i, TokenException first) {
    Binding b = bindings.get(candidates.get(i));
    CompletableFuture<Principal> p;
    try {
      p = b.validator().verifyAsync(t.token()).toCompletableFuture();
    } catch (RuntimeException e) {
      p = CompletableFuture.failedFuture(e);
    }
    if (first == null && candidates.size() == 1) {
      if (p.isDone() && !p.isCompletedExceptionally()) {
        return CompletableFuture.completedFuture(new Verified(t, b, p.getNow(null))); // the common case
      }
      return p.thenApply(principal -> new Verified(t, b, principal));
    }
    return p.handle((principal, err) -> {
      if (err == null) {
        return CompletableFuture.completedFuture(new Verified(t, b, principal));
      }
      TokenException failure = first != null ? first : unwrap(err);
      if (i + 1 < candidates.size()) {
        return tryRules(t, candidates, i + 1, failure);
      }
      return CompletableFuture.<Verified>failedFuture(failure);
    }).thenCompose(x -> x);
  }

  private static String describe(TokenExtractor.Found t) {
    return switch (t.location().kind()) {
      case HEADER -> t.location().name() + " header";
      case QUERY_PARAM -> "'" + t.location().name() + "' query parameter";
      case COOKIE -> "'" + t.location().name() + "' cookie";
    };
  }

  /** The unverified {@code iss}, only to pick among rules; {@code null} when it cannot be read (the validator then reports why). */
  private static String peekIssuer(String token) {
    try {
      CompactJws jws = CompactJws.parse(token, 1 << 20);
      return Json.parseObject(jws.payload).get("iss") instanceof String s ? s : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private AuthenticationOutcome authenticated(List<Verified> all) {
    Verified first = all.get(0);
    Map<String, String> headers = new LinkedHashMap<>();
    for (Verified v : all) {
      JwtRule r = v.binding().rule();
      for (JwtRule.ClaimToHeader c : r.outputClaimToHeaders()) {
        String value = headerValue(v.principal(), c.claim());
        if (value != null) {
          headers.putIfAbsent(c.header(), value);
        }
      }
      if (r.outputPayloadToHeader() != null && !r.outputPayloadToHeader().isEmpty()) {
        String token = v.found().token();
        int d1 = token.indexOf('.');
        int d2 = token.indexOf('.', d1 + 1);
        // the verified payload segment: base64url of the JSON exactly as signed, unpadded
        headers.putIfAbsent(r.outputPayloadToHeader().toLowerCase(java.util.Locale.ROOT), token.substring(d1 + 1, d2));
      }
    }
    return new AuthenticationOutcome.Authenticated(first.principal(), first.found().location(),
        first.binding().rule().forwardOriginalToken(), headers);
  }

  /** String, number and boolean claims become header values (Envoy {@code claim_to_headers}); others are skipped. */
  static String headerValue(Principal p, String claimPath) {
    Object v = p.claimPath(claimPath).orElse(null);
    if (v instanceof String s) {
      return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 ? null : s;
    }
    if (v instanceof Boolean b) {
      return b.toString();
    }
    if (v instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    if (v instanceof Number n) {
      return n.toString();
    }
    return null;
  }

  private static TokenException unwrap(Throwable err) {
    Throwable t = err;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof TokenException te) {
      return te;
    }
    LOG.warn("token verification failed unexpectedly ({}); rejecting the token", t.getClass().getName());
    return new TokenException("token could not be verified");
  }

  private static AuthenticationOutcome failed(TokenException e) {
    return new AuthenticationOutcome.Failed(e);
  }
}
