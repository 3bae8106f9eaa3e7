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
package dev.kserveauth;

import dev.kserveauth.authz.CheckRequest;
import dev.kserveauth.authz.ExternalAuthorizer;
import dev.kserveauth.authz.ExternalDecision;
import dev.kserveauth.http.RequestHeaders;
import dev.kserveauth.http.RequestHeadersBuilder;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.metrics.AuthMetrics;
import dev.kserveauth.policy.AccessRequest;
import dev.kserveauth.policy.CustomCheck;
import dev.kserveauth.policy.Decision;
import dev.kserveauth.policy.Effect;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.policy.PolicyException;
import dev.kserveauth.route.KServeRoute;
import dev.kserveauth.authn.AuthenticationOutcome;
import dev.kserveauth.authn.Principal;
import dev.kserveauth.authn.RequestAuthenticator;
import dev.kserveauth.authn.TokenException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CUSTOM step of {@link KServeAuth}: asks the external authorizer a matching CUSTOM policy names,
 * and turns its answer into the result (Istio's order CUSTOM → DENY → ALLOW). A provider deny
 * answers the caller with the provider's status, headers and body; a provider allow goes on to the
 * DENY and ALLOW policies, with the provider's headers (and, when it set any, after authenticating
 * the request again with them: Envoy's {@code jwt_authn} runs after {@code ext_authz}). Anything
 * unexpected fails closed with 403.
 */
final class ExternalAuthorization {

  private static final Logger LOG = LoggerFactory.getLogger(KServeAuth.class);
  /** Headers that frame the message: never taken from a provider. */
  private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection", "keep-alive",
      "upgrade", "te", "trailer", "proxy-connection", "host");
  private static final AtomicLong LAST_WARN = new AtomicLong();

  /**
   * A CUSTOM policy matched: its provider must answer before the decision. It keeps what the first
   * pass computed (the policy engine of that moment, the access request) so that the DENY and ALLOW
   * step after an allow continues from there instead of starting over.
   */
  record Ask(RequestView request, KServeAuth.Prepared.Decide p, AuthenticationOutcome outcome, Principal principal,
      CustomCheck check, AccessRequest access, PolicyEngine engine, long start) {}

  /** The provider allowed: the decision goes on with this. */
  record Asked(String provider, String policy, ExternalDecision.Allow allow, List<String> notes) {
    String summary() {
      return provider + ": allow (" + policy + ")";
    }
  }

  /** Decide again with a request the provider changed (its upstream headers), authenticated anew. */
  private record ReAuth(RequestView view, Asked asked) {}

  private final KServeAuth facade;
  private final RequestAuthenticator authenticator;
  private final AuthMetrics metrics;
  private final Map<String, ExternalAuthorizer> authorizers;
  private final Duration timeout;

  /** One per facade: it decides through the facade's package-private steps. */
  ExternalAuthorization(KServeAuth facade, RequestAuthenticator authenticator, AuthMetrics metrics,
      Map<String, ExternalAuthorizer> authorizers, Duration timeout) {
    this.facade = facade;
    this.authenticator = authenticator;
    this.metrics = metrics;
    this.authorizers = authorizers;
    this.timeout = timeout;
  }

  /**
   * Fails loading when a CUSTOM policy names a provider that is not registered (as Istio turns such
   * rules into DENY, we refuse the set instead: a typo would otherwise deny everything it matches).
   *
   * @return the engine
   * @throws PolicyException naming where the provider is named and the registered ones
   */
  static PolicyEngine checkProviders(PolicyEngine engine, Set<String> registered) {
    if (engine == null) {
      return null;
    }
    for (String name : engine.providers()) {
      if (!registered.contains(name)) {
        String where = engine.providerLocations().getOrDefault(name, "policies");
        throw new PolicyException(where, "CUSTOM policy names provider '" + name + "', which is not registered "
            + "(registered: " + new TreeSet<>(registered) + "); register it with KServeAuth.builder().authorizer(\""
            + name + "\", ...)");
      }
    }
    return engine;
  }

  /** The sync path: waits for the provider (bounded by the timeout), then decides. */
  AuthResult awaitAndDecide(Ask a) {
    long t0 = System.nanoTime();
    ExternalDecision d = null;
    Throwable err = null;
    try {
      d = call(a).get(timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err = e;
    } catch (ExecutionException e) {
      err = e.getCause() == null ? e : e.getCause();
    } catch (TimeoutException | RuntimeException e) {
      err = e;
    }
    try {
      Object next = answered(a, d, err, System.nanoTime() - t0);
      if (next instanceof ReAuth r) {
        AuthenticationOutcome o;
        try {
          o = authenticator.authenticate(r.view());
        } catch (RuntimeException e) {
          o = null;
        }
        return (AuthResult) facade.evaluate(r.view(), a.p(), o == null ? failedToken() : o, a.start(), r.asked());
      }
      return (AuthResult) next;
    } catch (RuntimeException e) {
      return facade.internalError(a.request(), e, a.start());
    }
  }

  /** The async path: the stage completes with the decision; it never completes exceptionally. */
  CompletionStage<AuthResult> decideAsync(Ask a) {
    long t0 = System.nanoTime();
    return call(a)
        .handle((d, err) -> answered(a, d, err, System.nanoTime() - t0))
        .thenCompose(next -> {
          if (!(next instanceof ReAuth r)) {
            return CompletableFuture.completedFuture((AuthResult) next);
          }
          CompletionStage<AuthenticationOutcome> auth;
          try {
            auth = authenticator.authenticateAsync(r.view());
          } catch (RuntimeException e) {
            auth = CompletableFuture.completedFuture(failedToken());
          }
          return auth.handle((o, e) -> (AuthResult) facade.evaluate(r.view(), a.p(),
              e != null || o == null ? failedToken() : o, a.start(), r.asked()));
        })
        .exceptionally(e -> facade.internalError(a.request(), e instanceof RuntimeException re ? re
            : new CompletionException(e), a.start()));
  }

  /** Asks the provider; the future is our own (a provider's shared future is never completed by us). */
  private CompletableFuture<ExternalDecision> call(Ask a) {
    String name = a.check().provider();
    ExternalAuthorizer z = authorizers.get(name);
    CompletableFuture<ExternalDecision> mine = new CompletableFuture<>();
    if (z == null) {
      mine.completeExceptionally(new IllegalStateException("provider '" + name + "' is not registered"));
      return mine;
    }
    CompletionStage<ExternalDecision> stage;
    try {
      stage = z.check(checkRequest(a));
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      return mine;
    }
    if (stage == null) {
      mine.completeExceptionally(new NullPointerException("check returned null"));
      return mine;
    }
    if (stage instanceof CompletableFuture<ExternalDecision> done && done.isDone()) {
      // the common case (an answer from the provider's cache): no timeout timer, no hop
      try {
        mine.complete(done.getNow(null));
      } catch (CompletionException | java.util.concurrent.CancellationException e) {
        mine.completeExceptionally(e.getCause() == null ? e : e.getCause());
      }
      return mine;
    }
    stage.whenComplete((d, e) -> {
      if (e != null) {
        mine.completeExceptionally(e);
      } else {
        mine.complete(d);
      }
    });
    return mine.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static CheckRequest checkRequest(Ask a) {
    RequestView r = a.request();
    return new CheckRequest(a.check().provider(), a.check().policy(), a.check().rule(), r.method(), a.p().path(),
        query(r.queryParams()), r.host(), a.access().headers(), r.remoteAddress(), r.localPort(), a.principal(),
        a.p().route(), r.body());
  }

  /** The query string, percent-encoded again from the decoded parameters the server reads. */
  static String query(Map<String, List<String>> params) {
    if (params.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    params.forEach((k, values) -> {
      for (String v : values.isEmpty() ? List.of("") : values) {
        if (b.length() > 0) {
          b.append('&');
        }
        b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8));
      }
    });
    return b.toString();
  }

  /** A final result (provider deny or failure, or the decision after an allow), or a {@link ReAuth}. */
  private Object answered(Ask a, ExternalDecision d, Throwable err, long nanos) {
    String provider = a.check().provider();
    if (err != null || d == null) {
      metrics.externalAuthorization(provider, "error", nanos);
      return failClosed(a, err);
    }
    if (d instanceof ExternalDecision.Deny deny) {
      metrics.externalAuthorization(provider, "deny", nanos);
      return denied(a, deny);
    }
    metrics.externalAuthorization(provider, "allow", nanos);
    ExternalDecision.Allow allow = (ExternalDecision.Allow) d;
    Asked asked = new Asked(provider, a.check().policy(), allow, a.check().explanation());
    if (!allow.upstreamHeaders().isEmpty() && !a.p().preflight()) {
      return new ReAuth(withHeaders(a.request(), allow.upstreamHeaders()), asked);
    }
    return facade.afterCustomAllow(a, asked);
  }

  private AuthResult.Reject denied(Ask a, ExternalDecision.Deny deny) {
    CustomCheck c = a.check();
    String reason = "denied by external authorizer '" + c.provider() + "' (CUSTOM policy " + c.policy() + "): "
        + deny.reason();
    List<String> notes = new ArrayList<>(c.explanation());
    if (!notes.isEmpty()) {
      notes.add("provider '" + c.provider() + "' answered deny " + deny.status() + ": " + deny.reason());
    }
    Decision decision = new Decision(Effect.DENY, c.policy(), c.rule(), List.of(reason), notes,
        List.of());
    AuthResult.Reject r = new AuthResult.Reject(a.outcome(), decision, a.p().path(), deny.status(),
        joined(deny.headers()), deny.body());
    facade.audit("authorization", a.request(), r, a.principal(), a.p().route(), a.start(),
        c.provider() + ": deny " + deny.status() + " (" + c.policy() + ")");
    return r;
  }

  private AuthResult.Reject failClosed(Ask a, Throwable err) {
    CustomCheck c = a.check();
    Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    String why = cause instanceof TimeoutException ? "no answer within " + timeout.toMillis() + " ms"
        : cause == null ? "no decision" : cause.getClass().getSimpleName();
    long now = System.nanoTime();
    long last = LAST_WARN.get();
    if (now - last > TimeUnit.SECONDS.toNanos(1) && LAST_WARN.compareAndSet(last, now)) {
      LOG.warn("external authorizer '{}' failed ({}) for {} {}; denying (fail closed)", c.provider(), why,
          a.request().method(), a.p().path());
    }
    String reason = "external authorizer '" + c.provider() + "' failed: " + why + "; denied (fail closed)";
    List<String> notes = new ArrayList<>(c.explanation());
    if (!notes.isEmpty()) {
      notes.add(reason);
    }
    Decision decision = new Decision(Effect.DENY, c.policy(), c.rule(), List.of(reason), notes, List.of());
    AuthResult.Reject r = new AuthResult.Reject(a.outcome(), decision, a.p().path(),
        dev.kserveauth.http.ErrorResponse.plain(403, "access denied"));
    facade.audit("authorization", a.request(), r, a.principal(), a.p().route(), a.start(),
        c.provider() + ": error " + why + " (" + c.policy() + ")");
    return r;
  }

  private static AuthenticationOutcome failedToken() {
    return new AuthenticationOutcome.Failed(new TokenException("token could not be verified"));
  }

  /** The request with the provider's headers in place of any incoming ones of those names. */
  private static RequestView withHeaders(RequestView r, Map<String, List<String>> upstream) {
    RequestHeadersBuilder h = RequestHeaders.builder();
    r.headers().forEach((k, values) -> {
      if (!upstream.containsKey(k)) {
        for (String v : values) {
          h.add(k, v);
        }
      }
    });
    upstream.forEach((k, values) -> {
      if (!FRAMING.contains(k)) {
        for (String v : values) {
          h.add(k, v);
        }
      }
    });
    return new RequestView(r.method(), r.rawPath(), r.host(), h.build(), r.queryParams(), r.cookies(),
        r.remoteAddress(), r.localPort(), r.body(), r.transport());
  }

  /**
   * The headers the application gets: the provider's, except those the token's rule removes or sets
   * (Envoy's {@code jwt_authn} runs after {@code ext_authz}, so its headers win), plus the token's.
   */
  static Map<String, String> upstream(Map<String, String> fromToken, Map<String, List<String>> fromProvider,
      Set<String> removedForToken) {
    Map<String, String> out = new LinkedHashMap<>();
    joined(fromProvider).forEach((k, v) -> {
      if (!removedForToken.contains(k)) {
        out.put(k, v);
      }
    });
    fromToken.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v));
    return out;
  }

  static Set<String> plus(Set<String> a, Set<String> b) {
    if (b.isEmpty()) {
      return a;
    }
    Set<String> s = new LinkedHashSet<>(a);
    s.addAll(b);
    return s;
  }

  /**
   * One value per name, as {@code AuthResult} carries them: several values joined with {@code ", "}
   * (RFC 9110 5.3), except {@code set-cookie}, which cannot be joined: its first value is kept.
   * Framing headers ({@code content-length}, {@code transfer-encoding}, ...) are dropped: the adapter
   * frames the message.
   */
  static Map<String, String> joined(Map<String, List<String>> headers) {
    if (headers.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    headers.forEach((k, values) -> {
      if (FRAMING.contains(k) || values.isEmpty()) {
        return;
      }
      out.put(k, k.equals("set-cookie") ? values.get(0) : String.join(", ", values));
    });
    return out;
  }

  /** The decision with the CUSTOM step's notes first and the provider's allow among the reasons. */
  static Decision withCustomStep(Decision d, Asked asked, List<String> notes) {
    List<String> reasons = d.reasons();
    List<String> explanation = d.explanation();
    if (asked != null) {
      reasons = new ArrayList<>(reasons);
      reasons.add("allowed by external authorizer '" + asked.provider() + "' (CUSTOM policy " + asked.policy() + ")");
    }
    if (!notes.isEmpty()) {
      List<String> e = new ArrayList<>(notes);
      if (asked != null) {
        e.add("provider '" + asked.provider() + "' answered allow");
      }
      e.addAll(explanation);
      explanation = e;
    }
    return new Decision(d.effect(), d.policy(), d.rule(), reasons, explanation, d.shadow());
  }
}
