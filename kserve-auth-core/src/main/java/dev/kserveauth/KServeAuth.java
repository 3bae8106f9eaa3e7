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

import dev.kserveauth.audit.AuditEvent;
import dev.kserveauth.audit.AuditEvents;
import dev.kserveauth.audit.AuditSink;
import dev.kserveauth.http.AmbiguousPathException;
import dev.kserveauth.http.BearerChallenge;
import dev.kserveauth.http.BearerErrorCode;
import dev.kserveauth.http.ErrorResponse;
import dev.kserveauth.http.RequestPaths;
import dev.kserveauth.http.RequestHeaders;
import dev.kserveauth.http.RequestHeadersBuilder;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.internal.policy.StringMatch;
import dev.kserveauth.metrics.AuthMetrics;
import dev.kserveauth.policy.AccessRequest;
import dev.kserveauth.policy.Decision;
import dev.kserveauth.policy.Effect;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.route.KServeRoute;
import dev.kserveauth.route.KServeRoutes;
import dev.kserveauth.authn.AuthenticationOutcome;
import dev.kserveauth.authn.KeySource;
import dev.kserveauth.authn.KeysUnavailableException;
import dev.kserveauth.authn.Principal;
import dev.kserveauth.authn.RequestAuthenticator;
import dev.kserveauth.authn.TokenException;
import dev.kserveauth.authn.TokenLocation;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry point both adapters call: authenticates a request (Istio {@code RequestAuthentication}
 * semantics), decides it with the policy engine, records one audit event and the metrics, and says
 * what the adapter must do ({@link AuthResult}). Thread-safe; build once, share.
 *
 * <pre>{@code
 * KServeAuth auth = KServeAuth.builder()
 *     .authenticator(requestAuthenticator)
 *     .policyEngine(policyEngine)
 *     .publicPaths("/health", "/metrics")
 *     .build();
 * AuthResult result = auth.authorize(requestView);          // servlet threads
 * auth.authorizeAsync(requestView).thenAccept(this::apply); // event loops: never blocks
 * }</pre>
 *
 * <p>Order of checks: a method that is not an upper-case token is refused (400, as Istio does); the
 * path is normalized ({@link RequestPaths}; ambiguous → 400) and parsed into its KServe route, with
 * an OpenAI-compatible body read once by one strict parser (a route spelled with a trailing
 * {@code /}, or a body that is not one JSON object naming its model once → 400); a public path
 * (matched as policy {@code paths} are) goes on untouched; a CORS preflight is decided as an
 * anonymous request, its token not looked at (Istio's semantics; {@link KServeAuthBuilder#skipCorsPreflight}
 * opts out of the decision); the token is authenticated (none → anonymous;
 * invalid → 401 {@code invalid_token}, malformed credentials → 400 {@code invalid_request}, both
 * before any policy runs, as in Istio); the engine decides. A denied request without a verified
 * principal gets 401 with {@code WWW-Authenticate: Bearer realm="..."}, a denied principal 403. Any
 * unexpected exception denies; only a missing policy set (misconfiguration) answers 500. No response
 * carries a stack trace or token content.
 *
 * @since 0.1
 */
public final class KServeAuth implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KServeAuth.class);
  private static final AuthenticationOutcome ANONYMOUS = new AuthenticationOutcome.Anonymous();

  private final RequestAuthenticator authenticator;
  private final Supplier<PolicyEngine> engine;
  private final String realm;
  private final List<StringMatch> publicPaths;
  private final boolean skipCorsPreflight;
  private final Clock clock;
  private final AuditSink audit;
  private final AuditEvents auditEvents;
  private final AuthMetrics metrics;
  private final int maxBodyBytes;
  private final java.time.Duration bodyTimeout;
  private final java.util.concurrent.ConcurrentMap<String, Set<String>> removeWithTokenHeader;
  private final Set<String> outputHeaderNames;
  private final PolicyReloader reloader;
  private final Map<String, dev.kserveauth.authz.ExternalAuthorizer> authorizers;
  private final java.time.Duration authorizerTimeout;
  private final boolean authorizerWantsBody;
  private final ExternalAuthorization external;
  private volatile KServeAuth quiet;

  KServeAuth(KServeAuthBuilder b) {
    this.authenticator = b.authenticator;
    this.metrics = b.metrics == null ? AuthMetrics.noop() : b.metrics;
    if (b.loadedPolicies != null) {
      AuthMetrics m = this.metrics;
      Set<String> registered = Set.copyOf(b.authorizers.keySet());
      this.reloader = new PolicyReloader(b.policyFiles,
          set -> ExternalAuthorization.checkProviders(PolicyEngine.builder().policies(set).build(), registered),
          b.loadedPolicies, b.watchInterval, m::policyReloaded);
      this.engine = reloader::engine;
    } else {
      this.reloader = null;
      this.engine = b.engineSupplier;
    }
    this.realm = b.realm == null ? "kserve" : b.realm;
    this.publicPaths = b.publicPaths.stream().map(StringMatch::pathPattern).toList();
    this.skipCorsPreflight = b.skipCorsPreflight;
    this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
    this.audit = b.audit == null ? AuditSink.slf4j() : b.audit;
    this.auditEvents = new AuditEvents(clock, b.auditClaims, b.redactedClaims);
    this.maxBodyBytes = b.maxBodyBytes;
    this.bodyTimeout = b.bodyTimeout;
    Set<String> names = new LinkedHashSet<>();
    for (String n : authenticator.outputHeaderNames()) {
      names.add(n.toLowerCase(Locale.ROOT));
    }
    this.outputHeaderNames = Set.copyOf(names);
    this.removeWithTokenHeader = new java.util.concurrent.ConcurrentHashMap<>();
    this.authorizers = Map.copyOf(b.authorizers);
    this.authorizerTimeout = b.authorizerTimeout == null ? java.time.Duration.ofSeconds(10) : b.authorizerTimeout;
    this.authorizerWantsBody = authorizers.values().stream().anyMatch(dev.kserveauth.authz.ExternalAuthorizer::wantsBody);
    this.external = new ExternalAuthorization(this, authenticator, metrics, authorizers, authorizerTimeout);
  }

  /** The same facade without audit sink and metrics ({@link #explain}); shares the (reloaded) policy engine. */
  private KServeAuth(KServeAuth base) {
    this.authenticator = base.authenticator;
    this.metrics = AuthMetrics.noop();
    this.reloader = null;
    this.engine = base.engine;
    this.realm = base.realm;
    this.publicPaths = base.publicPaths;
    this.skipCorsPreflight = base.skipCorsPreflight;
    this.clock = base.clock;
    this.audit = AuditSink.none();
    this.auditEvents = new AuditEvents(clock, List.of(), Set.of());
    this.maxBodyBytes = base.maxBodyBytes;
    this.bodyTimeout = base.bodyTimeout;
    this.outputHeaderNames = base.outputHeaderNames;
    this.removeWithTokenHeader = base.removeWithTokenHeader;
    this.authorizers = base.authorizers;
    this.authorizerTimeout = base.authorizerTimeout;
    this.authorizerWantsBody = base.authorizerWantsBody;
    this.external = new ExternalAuthorization(this, authenticator, metrics, authorizers, authorizerTimeout);
    this.quiet = this;
  }

  /**
   * A new builder.
   *
   * @return a new builder
   */
  public static KServeAuthBuilder builder() {
    return new KServeAuthBuilder();
  }

  /**
   * Authenticates and decides on the calling thread (may block on a first JWKS fetch, bounded by the
   * key source's timeouts). Never throws.
   *
   * @param request the adapter's view of the request
   * @return what the adapter must do
   */
  public AuthResult authorize(RequestView request) {
    long start = System.nanoTime();
    try {
      Prepared p = prepare(request, start);
      return p instanceof Prepared.Done done ? done.result() : decide(request, (Prepared.Decide) p, start);
    } catch (RuntimeException e) {
      return internalError(request, e, start);
    }
  }

  /**
   * What {@link #authorize} would answer for this request, with the route it was decided as, but
   * without recording it: no audit event, no metric. It takes the very same steps (method and path
   * checks, normalization, route and body parsing, CORS preflight, public paths, authentication,
   * policies), so a tool that explains a decision cannot drift from the server that makes it; the
   * {@code kserve-auth explain} command is built on it. The decision's
   * {@link Decision#explanation()} is as detailed as the engine's {@code ExplainLevel}.
   *
   * <pre>{@code
   * KServeAuth.Explanation e = auth.explain(view);
   * e.route().verb();              // e.g. PREDICT
   * e.result().decision().reasons();
   * }</pre>
   *
   * @param request the request, as an adapter would build it
   * @return the result and the route
   */
  public Explanation explain(RequestView request) {
    KServeAuth q = quiet();
    long start = System.nanoTime();
    try {
      Prepared p = q.prepare(request, start);
      return new Explanation(p instanceof Prepared.Done done ? done.result() : q.decide(request, (Prepared.Decide) p, start),
          p.route());
    } catch (RuntimeException e) {
      return new Explanation(q.internalError(request, e, start), KServeRoute.other());
    }
  }

  /**
   * The outcome of {@link #explain}.
   *
   * @param result what the adapter would do
   * @param route the route the request was decided as ({@link KServeRoute#other()} when it was refused before parsing)
   */
  public record Explanation(AuthResult result, KServeRoute route) {
    /**
     * Checks the components.
     *
     * @param result what the adapter would do
     * @param route the route the request was decided as ({@link KServeRoute#other()} when it was refused before parsing)
     * @throws NullPointerException if {@code result} or {@code route} is {@code null}
     */
    public Explanation {
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(route, "route");
    }
  }

  private AuthResult decide(RequestView request, Prepared.Decide p, long start) {
    if (p.preflight()) { // Istio: a CORS preflight bypasses JWT authentication, not authorization
      return finishOrReadBody(request, p, ANONYMOUS, start);
    }
    AuthenticationOutcome outcome;
    try {
      outcome = Objects.requireNonNull(authenticator.authenticate(request), "authentication outcome");
    } catch (RuntimeException e) {
      outcome = authenticationError(e);
    }
    return finishOrReadBody(request, p, outcome, start);
  }

  /** This facade without its audit sink and metrics, for {@link #explain}. */
  private KServeAuth quiet() {
    KServeAuth q = quiet;
    if (q == null) {
      q = new KServeAuth(this);
      quiet = q;
    }
    return q;
  }

  /**
   * Authenticates and decides without blocking the calling thread (JWKS fetches go through the key
   * source's async path). The stage never completes exceptionally.
   *
   * @param request the adapter's view of the request
   * @return a stage with what the adapter must do
   */
  public CompletionStage<AuthResult> authorizeAsync(RequestView request) {
    return authorizeAsync(request, null);
  }

  /**
   * As {@link #authorizeAsync(RequestView)}, for a transport whose request names its route elsewhere
   * than in the path: gRPC names the verb in the method and the model in the request message. The
   * method and path are checked and normalized as for any request (public paths apply to the path);
   * {@code route} replaces what the path would parse to, so a policy on {@code kserve.verb} /
   * {@code kserve.model} decides the call as it decides the same REST call. A route naming an empty
   * model is refused (400), as a REST path with an empty model segment is. The request carries no
   * body and none is asked for ({@link AuthResult.NeedsBody} is never answered).
   *
   * <pre>{@code
   * KServeRoute route = new KServeRoute(Protocol.V2, Verb.INFER, request.getModelName(), null);
   * auth.authorizeAsync(view, route).thenAccept(result -> ...);
   * }</pre>
   *
   * @param request the adapter's view of the request, without body
   * @param route what the request is about, or {@code null} to parse it from the path
   * @return a stage with what the adapter must do; it never completes exceptionally
   */
  public CompletionStage<AuthResult> authorizeAsync(RequestView request, KServeRoute route) {
    long start = System.nanoTime();
    try {
      Prepared prepared = prepare(request, start, route);
      if (prepared instanceof Prepared.Done done) {
        return CompletableFuture.completedFuture(done.result());
      }
      Prepared.Decide p = (Prepared.Decide) prepared;
      if (p.preflight()) { // Istio: a CORS preflight bypasses JWT authentication, not authorization
        return finishOrReadBodyAsync(request, p, ANONYMOUS, start);
      }
      CompletionStage<AuthenticationOutcome> stage;
      try {
        stage = Objects.requireNonNull(authenticator.authenticateAsync(request), "authentication stage");
      } catch (RuntimeException e) {
        stage = CompletableFuture.completedFuture(authenticationError(e));
      }
      CompletableFuture<AuthenticationOutcome> f = stage.toCompletableFuture();
      if (f.isDone() && !f.isCompletedExceptionally()) {
        // the common case (validated-token cache hit, keys in memory): no stage chaining
        AuthenticationOutcome outcome = f.getNow(null);
        return finishOrReadBodyAsync(request, p, outcome == null ? authenticationError(null) : outcome, start);
      }
      return stage
          .<CompletionStage<AuthResult>>handle((outcome, err) -> {
            AuthenticationOutcome o = err != null || outcome == null ? authenticationError(err) : outcome;
            try {
              return finishOrReadBodyAsync(request, p, o, start);
            } catch (RuntimeException e) {
              return CompletableFuture.completedFuture(internalError(request, e, start));
            }
          })
          .thenCompose(x -> x);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(internalError(request, e, start));
    }
  }

  /**
   * Whether a decision may need the request body: true for the OpenAI-compatible routes, whose model
   * is named in the JSON body. Adapters need not buffer the body up front: {@link #authorize} without
   * a body answers {@link AuthResult.NeedsBody} when, after authentication, the decision does need it.
   *
   * @param method the HTTP method
   * @param rawPath the raw path
   * @return whether the decision needs the body
   */
  public boolean needsBody(String method, String rawPath) {
    if (!"POST".equals(method)) {
      return false; // every body-routed endpoint is a POST; spare other requests the path work
    }
    try {
      return KServeRoutes.needsBody(method, RequestPaths.normalize(rawPath));
    } catch (AmbiguousPathException e) {
      return false; // rejected by authorize() anyway
    }
  }

  /**
   * The largest body an adapter buffers for {@link #needsBody}; a larger one gets 413.
   *
   * @return the limit in bytes
   */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * How long an adapter waits for a body it must read for the decision; a slower one gets 408.
   *
   * @return the longest wait for the body
   */
  public java.time.Duration bodyTimeout() {
    return bodyTimeout;
  }

  /**
   * Decides a request that {@link #authorize} answered with {@link AuthResult.NeedsBody}, now with the
   * body the adapter read (at most {@link AuthResult.NeedsBody#maxBytes()} bytes). Authentication is
   * not repeated. Does no I/O; never throws.
   *
   * <pre>{@code
   * AuthResult r = auth.authorize(view);                        // no body read yet
   * if (r instanceof AuthResult.NeedsBody nb) {
   *   byte[] body = readAtMost(nb.maxBytes(), nb.timeout());    // without blocking a thread
   *   r = auth.authorizeWithBody(nb, body);
   * }
   * }</pre>
   *
   * @param pending what {@code authorize} answered
   * @param body the whole request body
   * @return what the adapter must do (never another {@code NeedsBody})
   */
  public AuthResult authorizeWithBody(AuthResult.NeedsBody pending, byte[] body) {
    RequestView request = withBody(pending, body);
    try {
      Prepared p = prepare(request, pending.start);
      return p instanceof Prepared.Done done ? done.result()
          : finish(request, (Prepared.Decide) p, pending.authentication(), pending.start);
    } catch (RuntimeException e) {
      return internalError(request, e, pending.start);
    }
  }

  private static RequestView withBody(AuthResult.NeedsBody pending, byte[] body) {
    RequestView r = Objects.requireNonNull(pending, "pending").request();
    return new RequestView(r.method(), r.rawPath(), r.host(), r.headers(), r.queryParams(), r.cookies(),
        r.remoteAddress(), r.localPort(), body == null ? new byte[0] : body, r.transport());
  }

  /**
   * {@link #authorizeWithBody} without blocking the calling thread: an external authorizer a CUSTOM
   * policy asks is awaited asynchronously. The stage never completes exceptionally.
   *
   * <pre>{@code
   * auth.authorizeWithBodyAsync(needsBody, body).thenAccept(this::apply); // on an event loop
   * }</pre>
   *
   * @param pending what {@code authorize} or {@code authorizeAsync} answered
   * @param body the whole request body
   * @return a stage with what the adapter must do (never another {@code NeedsBody})
   * @since 0.1
   */
  public CompletionStage<AuthResult> authorizeWithBodyAsync(AuthResult.NeedsBody pending, byte[] body) {
    RequestView request = withBody(pending, body);
    try {
      Prepared p = prepare(request, pending.start);
      return p instanceof Prepared.Done done ? CompletableFuture.completedFuture(done.result())
          : finishAsync(request, (Prepared.Decide) p, pending.authentication(), pending.start);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(internalError(request, e, pending.start));
    }
  }

  /**
   * The names of the external authorizers registered on the builder. Adapters decide with
   * {@link #authorizeAsync} when there are any, so that a provider's answer is awaited without holding
   * a thread.
   *
   * @return the names; empty without any
   * @since 0.1
   */
  public Set<String> authorizerNames() {
    return authorizers.keySet();
  }

  /**
   * The lower-case names of every header the authenticator may set; adapters always strip incoming copies.
   *
   * @return the lower-case header names, possibly empty
   */
  public Set<String> outputHeaderNames() {
    return outputHeaderNames;
  }

  /**
   * Reloads the policy files now (when built with {@link KServeAuthBuilder#policies(java.nio.file.Path...)}).
   *
   * @return true when the new set is in force; false when loading failed and the old set stays
   * @throws IllegalStateException when this instance was not built from policy files
   */
  public boolean reloadPolicies() {
    if (reloader == null) {
      throw new IllegalStateException("not built from policy files");
    }
    return reloader.reloadNow();
  }

  /**
   * What a health endpoint needs to know (cheap, no I/O): whether a policy set is loaded and
   * enforcing, and for every issuer whether its signing keys are usable and how old they are.
   *
   * <pre>{@code
   * Readiness r = auth.readiness();
   * if (!r.ready()) { respond(503, r.toString()); }
   * }</pre>
   *
   * @return a snapshot
   */
  public Readiness readiness() {
    PolicyEngine e = engine.get();
    Map<String, Readiness.IssuerKeys> issuers = new LinkedHashMap<>();
    for (Map.Entry<String, KeySource> k : authenticator.keySources().entrySet()) {
      dev.kserveauth.metrics.KeySourceStats st = k.getValue().stats();
      issuers.put(k.getKey(), new Readiness.IssuerKeys(k.getValue().available(), st.keys(), st.lastSuccessAge(),
          st.stale(), st.source()));
    }
    return new Readiness(e != null, e != null && e.enforcing(), issuers);
  }

  /** Stops watching policy files; decisions keep working with the last loaded set. */
  @Override
  public void close() {
    if (reloader != null) {
      reloader.close();
    }
  }

  /**
   * The realm of every {@code WWW-Authenticate} challenge.
   *
   * @return the realm, {@code kserve} unless the builder set another
   */
  public String realm() {
    return realm;
  }

  /**
   * The reject an adapter sends for a request body over {@link #maxBodyBytes()} (413). Audited.
   *
   * @param request the request (without body)
   * @return the reject
   */
  public AuthResult.Reject bodyTooLarge(RequestView request) {
    return bodyReject(request, 413, "request body too large");
  }

  /**
   * The reject an adapter sends when a body the decision needs did not arrive within
   * {@link #bodyTimeout()} (408). Audited.
   *
   * @param request the request (without body)
   * @return the reject
   */
  public AuthResult.Reject bodyTimeout(RequestView request) {
    return bodyReject(request, 408, "request body not received in time");
  }

  private AuthResult.Reject bodyReject(RequestView request, int status, String msg) {
    long start = System.nanoTime();
    AuthResult.Reject r = reject(ANONYMOUS, deny(msg), request.rawPath(), status, null, null, msg);
    audit("request_rejected", request, r, null, KServeRoute.other(), start);
    return r;
  }

  /**
   * The reject an adapter sends when it failed unexpectedly before the application (fail closed: 403
   * with a fixed body, no detail). Not audited here: the adapter logs the failure.
   *
   * @return the reject
   */
  public AuthResult.Reject internalError() {
    return reject(ANONYMOUS, deny("internal error"), "", 403, null, null, "access denied");
  }

  /**
   * The reject an adapter sends when the server's own view of the path differs from the one
   * kserve-auth decided on (400). Audited.
   *
   * @param request the request
   * @return the reject
   */
  public AuthResult.Reject pathMismatch(RequestView request) {
    return badRequest(request, "ambiguous request path");
  }

  /**
   * The request is decided exactly as it is routed: {@code proceed} when the path the server routes on
   * ({@code routedPath}, e.g. the servlet's context + servlet path + path info or Vert.x's normalized
   * path) is the path decided on, else the 400 of {@link #pathMismatch}. A server that cannot say how it
   * routes (an ambiguous URI) passes {@code null}, which is a mismatch. Adapters call it before they
   * hand a request to the application.
   *
   * @param proceed the result that lets the request through
   * @param routedPath the server's own path of the request, or {@code null}
   * @param request the request
   * @return {@code proceed}, or the reject to send
   * @since 0.1
   */
  public AuthResult checkRouted(AuthResult.Proceed proceed, String routedPath, RequestView request) {
    return routedPath != null && RequestPaths.sameAs(proceed.path(), routedPath) ? proceed : pathMismatch(request);
  }

  /**
   * The body-size limit ({@link KServeAuthBuilder#maxBodyBytes}) for a body the adapter has (or whose length
   * it was told): the 413 of {@link #bodyTooLarge} when {@code bytes} exceed it, else {@code null}.
   *
   * @param request the request
   * @param bytes the body's length, read or declared ({@code -1}: unknown)
   * @return the reject to send, or {@code null} when the body is within the limit
   * @since 0.1
   */
  public AuthResult.Reject checkBodySize(RequestView request, long bytes) {
    return bytes > maxBodyBytes ? bodyTooLarge(request) : null;
  }

  private AuthResult.Reject badRequest(RequestView request, String msg) {
    long start = System.nanoTime();
    AuthResult.Reject r = reject(ANONYMOUS, deny(msg), request.rawPath(), 400, null, null, msg);
    audit("request_rejected", request, r, null, KServeRoute.other(), start);
    return r;
  }

  /**
   * The reject an adapter sends when the request-target's authority (HTTP/1.1 absolute form) differs
   * from the authority it routes and decides on (400, see
   * {@link dev.kserveauth.http.RequestParsing#absoluteFormDiffers}). Audited.
   *
   * @param request the request
   * @return the reject
   */
  public AuthResult.Reject authorityMismatch(RequestView request) {
    return badRequest(request, "ambiguous request authority");
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The decided path and route, whether it is a CORS preflight (decided as anonymous, its token not
   * looked at), whether the route names its model in a body the adapter has not read yet, and the
   * final result when the request ends before authentication.
   */
  sealed interface Prepared permits Prepared.Done, Prepared.Decide {
    KServeRoute route();

    /** The request ends before authentication: this is its result. */
    record Done(AuthResult result, KServeRoute route) implements Prepared {}

    /** The request goes on to authentication and the policy decision. */
    record Decide(String path, KServeRoute route, boolean preflight, boolean bodyMissing) implements Prepared {}
  }

  /** Checks, normalizes and parses; the final result (400, preflight, public path, 500) or what to decide. */
  private Prepared prepare(RequestView request, long start) {
    return prepare(request, start, null);
  }

  /** As above; a {@code given} route (a transport's, see {@link #authorizeAsync(RequestView, KServeRoute)}) is not parsed from the path. */
  private Prepared prepare(RequestView request, long start, KServeRoute given) {
    String path;
    KServeRoute route;
    try {
      checkMethod(request.method());
      checkHost(request);
      path = RequestPaths.normalize(request.rawPath());
      if (given != null && given.model() != null && given.model().isEmpty()) {
        throw new AmbiguousPathException("empty model name");
      }
      // the one parse of the route and of an OpenAI body (strict), before the public paths: a body
      // two parsers could read differently is refused everywhere
      route = given != null ? given : KServeRoutes.parse(request.method(), path, request.body());
    } catch (AmbiguousPathException e) {
      AuthResult.Reject r = reject(ANONYMOUS, deny(e.getMessage()), request.rawPath(), 400,
          null, null, e.getMessage());
      audit("request_rejected", request, r, null, KServeRoute.other(), start);
      return new Prepared.Done(r, KServeRoute.other());
    }
    boolean preflight = isCorsPreflight(request);
    if (preflight && skipCorsPreflight) {
      return new Prepared.Done(skipped(request, path, route, "CORS preflight", start), route);
    }
    for (StringMatch pattern : publicPaths) {
      if (pattern.test(path)) {
        return new Prepared.Done(skipped(request, path, route, "public path", start), route);
      }
    }
    // without a body: authenticate first; finishOrReadBody asks for it only if the decision needs it
    boolean bodyMissing = given == null && request.body() == null && (KServeRoutes.needsBody(request.method(), path)
        || authorizerWantsBody && (request.header("content-length") != null && !"0".equals(request.header("content-length"))
            || request.header("transfer-encoding") != null));
    return new Prepared.Decide(path, route, preflight, bodyMissing);
  }

  /**
   * As Istio (Envoy) answers: a method that is not an upper-case token is a 400, so a server that
   * reads {@code post} as {@code POST} (or as some other method) never acts on a decision made for
   * another method.
   */
  private static void checkMethod(String method) {
    if (method.isEmpty()) {
      throw new AmbiguousPathException("invalid request method");
    }
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      if (c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
        continue;
      }
      if (c >= 'a' && c <= 'z') {
        throw new AmbiguousPathException("request method must be upper case");
      }
      if ("!#$%&'*+-.^_`|~".indexOf(c) < 0) {
        throw new AmbiguousPathException("invalid request method");
      }
    }
  }

  /**
   * More than one {@code Host} header is a 400, as RFC 9112 section 3.2 requires and Jetty answers before
   * the filter runs: a server or application that reads another of them than the first would route or
   * log a host that was never decided.
   */
  private static void checkHost(RequestView request) {
    List<String> hosts = request.headers().get("host");
    if (hosts != null && hosts.size() > 1) {
      throw new AmbiguousPathException("more than one Host header");
    }
  }

  private AuthResult skipped(RequestView request, String path, KServeRoute route, String why, long start) {
    Decision d = new Decision(Effect.ALLOW, null, null, List.of(why), List.of(), List.of());
    AuthResult.Proceed p = new AuthResult.Proceed(ANONYMOUS, d, path, outputHeaderNames, Map.of(), Set.of());
    audit("skipped", request, p, null, route == null ? KServeRoute.other() : route, start);
    return p;
  }

  private static final Decision BODY_NEEDED = new Decision(Effect.DENY, null, null,
      List.of("the decision needs the request body"), List.of(), List.of());

  /**
   * Decides now, or, when the route names its model in a body not read yet and the policies may
   * read {@code kserve.model}, asks the adapter for the body. A failed token is answered at once:
   * nobody's body is read before their token is known good (or absent).
   */
  private AuthResult finishOrReadBody(RequestView request, Prepared.Decide p, AuthenticationOutcome outcome, long start) {
    if (p.bodyMissing() && !(outcome instanceof AuthenticationOutcome.Failed)) {
      PolicyEngine e = engine.get();
      if (e != null && (e.dependsOnModel() || authorizerWantsBody)) {
        return new AuthResult.NeedsBody(outcome, BODY_NEEDED, p.path(), request, maxBodyBytes, bodyTimeout, start);
      }
    }
    return finish(request, p, outcome, start);
  }

  /** {@link #finishOrReadBody}, awaiting an external authorizer without blocking. */
  private CompletionStage<AuthResult> finishOrReadBodyAsync(RequestView request, Prepared.Decide p,
      AuthenticationOutcome outcome, long start) {
    if (p.bodyMissing() && !(outcome instanceof AuthenticationOutcome.Failed)) {
      PolicyEngine e = engine.get();
      if (e != null && (e.dependsOnModel() || authorizerWantsBody)) {
        return CompletableFuture.completedFuture(
            new AuthResult.NeedsBody(outcome, BODY_NEEDED, p.path(), request, maxBodyBytes, bodyTimeout, start));
      }
    }
    return finishAsync(request, p, outcome, start);
  }

  /** Decides; when a CUSTOM policy asks an external authorizer, waits for it (bounded by authorizerTimeout). */
  private AuthResult finish(RequestView request, Prepared.Decide p, AuthenticationOutcome outcome, long start) {
    Object r = evaluate(request, p, outcome, start, null);
    return r instanceof ExternalAuthorization.Ask ask ? external.awaitAndDecide(ask) : (AuthResult) r;
  }

  /** Decides; when a CUSTOM policy asks an external authorizer, the stage completes with its answer. */
  private CompletionStage<AuthResult> finishAsync(RequestView request, Prepared.Decide p, AuthenticationOutcome outcome,
      long start) {
    Object r = evaluate(request, p, outcome, start, null);
    return r instanceof ExternalAuthorization.Ask ask ? external.decideAsync(ask)
        : CompletableFuture.completedFuture((AuthResult) r);
  }

  /**
   * Authentication outcome, CUSTOM step, DENY and ALLOW: the result, or an {@link ExternalAuthorization.Ask}
   * when a CUSTOM policy's rule matches and its provider has not answered yet (the provider's allow then
   * continues with {@link #afterCustomAllow}). With {@code asked}, the provider allowed and changed the
   * request's headers, so it is authenticated and decided again: the CUSTOM step is not repeated and the
   * token metrics, recorded by the first pass, are not recorded twice.
   */
  Object evaluate(RequestView request, Prepared.Decide p, AuthenticationOutcome outcome, long start,
      ExternalAuthorization.Asked asked) {
    long authNanos = System.nanoTime() - start;
    Instant now = clock.instant();
    AuthMetrics tokenMetrics = asked == null ? metrics : AuthMetrics.noop();
    if (outcome instanceof AuthenticationOutcome.Failed f) {
      TokenException e = f.error();
      tokenMetrics.tokenRejected(e.metricTag(), authNanos);
      if (e instanceof KeysUnavailableException ku) {
        return keysUnavailable(request, p, outcome, ku, start);
      }
      BearerErrorCode code = e.bearerError() == null ? BearerErrorCode.INVALID_TOKEN : e.bearerError();
      String msg = e.getMessage() == null || e.getMessage().isBlank() ? BearerChallenge.fallback(code) : e.getMessage();
      int status = code.httpStatus();
      AuthResult.Reject r = reject(outcome, deny(msg), p.path(), status, code, msg, msg);
      audit("authentication_failed", request, r, null, p.route(), start);
      return r;
    }
    Principal principal = null;
    if (outcome instanceof AuthenticationOutcome.Authenticated a) {
      principal = a.principal();
      Long ttl = principal.expiresAt() == null ? null : principal.expiresAt().getEpochSecond() - now.getEpochSecond();
      tokenMetrics.tokenValidated(AuthMetrics.TokenStatus.VALID, authNanos, ttl);
    } else {
      tokenMetrics.tokenValidated(AuthMetrics.TokenStatus.ABSENT, authNanos, null);
    }
    PolicyEngine e = engine.get();
    if (e == null) {
      String msg = "authorization is not configured";
      LOG.error("kserve-auth has no policy set loaded; answering 500 for {} {}", request.method(), p.path());
      AuthResult.Reject r = reject(outcome, deny(msg), p.path(), 500, null, null, msg);
      audit("error", request, r, principal, p.route(), start);
      return r;
    }
    AccessRequest ar = new AccessRequest(principal, request.method(), p.path(), request.host(), request.localPort(),
        policyHeaders(request, outcome), request.remoteAddress(), null, p.route(), now);
    List<String> customNotes = List.of();
    if (asked == null) { // engines without CUSTOM policies answer null at once; an unregistered provider fails closed
      dev.kserveauth.policy.CustomCheck cc;
      try {
        cc = e.custom(ar);
      } catch (RuntimeException ex) {
        LOG.warn("CUSTOM policy evaluation failed for {} {}; denying: {}", request.method(), p.path(), ex.toString());
        cc = null;
        Decision d = deny("CUSTOM policy evaluation failed");
        AuthResult.Reject r = reject(outcome, d, p.path(), 403, null, null, "access denied");
        audit("authorization", request, r, principal, p.route(), start);
        return r;
      }
      if (cc != null) {
        if (cc.asks()) {
          return new ExternalAuthorization.Ask(request, p, outcome, principal, cc, ar, e, start);
        }
        customNotes = cc.explanation();
      }
    } else {
      customNotes = asked.notes();
    }
    return decidePolicies(request, p, outcome, principal, e, ar, start, asked, customNotes);
  }

  /** The provider allowed an {@link ExternalAuthorization.Ask}: DENY and ALLOW decide, on the first pass's state. */
  AuthResult afterCustomAllow(ExternalAuthorization.Ask a, ExternalAuthorization.Asked asked) {
    return decidePolicies(a.request(), a.p(), a.outcome(), a.principal(), a.engine(), a.access(), a.start(), asked,
        asked.notes());
  }

  /** DENY and ALLOW (after the CUSTOM step, if any) and the result the adapter acts on. */
  private AuthResult decidePolicies(RequestView request, Prepared.Decide p, AuthenticationOutcome outcome,
      Principal principal, PolicyEngine e, AccessRequest ar, long start, ExternalAuthorization.Asked asked,
      List<String> customNotes) {
    long t0 = System.nanoTime();
    Decision decision;
    try {
      decision = Objects.requireNonNull(e.decide(ar), "decision");
    } catch (RuntimeException ex) {
      LOG.warn("policy evaluation failed for {} {}; denying: {}", request.method(), p.path(), ex.toString());
      decision = deny("policy evaluation failed");
    }
    long evalNanos = System.nanoTime() - t0;
    if (asked != null || !customNotes.isEmpty()) {
      decision = ExternalAuthorization.withCustomStep(decision, asked, customNotes);
    }
    metrics.authorized(decision.allowed(), evalNanos, principal == null ? Set.of() : principal.roles(),
        request.transport());
    AuthResult result;
    if (decision.allowed()) {
      Set<String> remove = outputHeaderNames;
      Map<String, String> set = Map.of();
      Set<String> params = Set.of();
      if (outcome instanceof AuthenticationOutcome.Authenticated a) {
        set = a.outputHeaders();
        if (!a.forwardOriginalToken()) {
          TokenLocation loc = a.location();
          if (loc.kind() == TokenLocation.Kind.HEADER) {
            remove = headersToRemoveWith(loc.name());
          } else if (loc.kind() == TokenLocation.Kind.QUERY_PARAM) {
            params = Set.of(loc.name());
          }
        }
      }
      if (asked != null) { // the provider's headers, unless the token's rule removes or sets that header
        set = ExternalAuthorization.upstream(set, asked.allow().upstreamHeaders(), remove);
        remove = ExternalAuthorization.plus(remove, set.keySet());
      }
      result = new AuthResult.Proceed(outcome, decision, p.path(), remove, set, params,
          asked == null ? Map.of() : ExternalAuthorization.joined(asked.allow().downstreamHeaders()));
    } else if (AuthResult.statusOf(decision, principal != null) == 401) {
      result = reject(outcome, decision, p.path(), 401, null, null, "authentication required");
    } else {
      result = reject(outcome, decision, p.path(), 403, BearerErrorCode.INSUFFICIENT_SCOPE, "access denied",
          "access denied");
    }
    if (audit.isEnabled()) { // the provider's summary is text built per request: only for a sink that records it
      audit("authorization", request, result, principal, p.route(), start, asked == null ? null : asked.summary());
    }
    return result;
  }

  /**
   * The token's issuer has no usable keys: not the caller's fault, so 503 with {@code Retry-After} and
   * no Bearer challenge (a 401 {@code invalid_token} would make clients refresh a good token).
   */
  private AuthResult keysUnavailable(RequestView request, Prepared.Decide p, AuthenticationOutcome outcome,
      KeysUnavailableException e, long start) {
    String msg = "the signing keys of the token's issuer are unavailable; retry later";
    Decision d = deny(e.getMessage() == null ? msg : e.getMessage());
    AuthResult.Reject r = new AuthResult.Reject(outcome, d, p.path(),
        ErrorResponse.retryLater(ErrorResponse.retryAfterSeconds(e.retryAfter()), msg));
    audit("authentication_failed", request, r, null, p.route(), start);
    return r;
  }

  /** The output headers plus one token header, built once per header name (rules name only a few). */
  private Set<String> headersToRemoveWith(String tokenHeader) {
    return removeWithTokenHeader.computeIfAbsent(tokenHeader, name -> {
      Set<String> s = new LinkedHashSet<>(outputHeaderNames);
      s.add(name.toLowerCase(Locale.ROOT));
      return Set.copyOf(s);
    });
  }

  private static AuthenticationOutcome authenticationError(Throwable e) {
    if (e != null) {
      Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof TokenException te) {
        return new AuthenticationOutcome.Failed(te);
      }
      LOG.warn("authentication failed unexpectedly; rejecting the token: {}", cause.toString());
    }
    return new AuthenticationOutcome.Failed(new TokenException("token could not be verified"));
  }

  /**
   * The headers the policies see. As Envoy's jwt_authn does before RBAC runs, the headers a rule
   * outputs ({@code outputClaimToHeaders}, {@code outputPayloadToHeader}) are removed from the
   * incoming request and, for a verified token, set from it: otherwise a caller could send
   * {@code kubeflow-userid: admin} itself and satisfy {@code request.headers[kubeflow-userid]}.
   */
  private Map<String, List<String>> policyHeaders(RequestView request, AuthenticationOutcome outcome) {
    if (outputHeaderNames.isEmpty()) {
      return request.headers();
    }
    RequestHeadersBuilder h = RequestHeaders.builder();
    request.headers().forEach((k, values) -> {
      if (!outputHeaderNames.contains(k)) {
        for (String v : values) {
          h.add(k, v);
        }
      }
    });
    if (outcome instanceof AuthenticationOutcome.Authenticated a) {
      // one value per output header, the last one set winning (as before, when they were put into a map)
      Map<String, String> set = new LinkedHashMap<>();
      a.outputHeaders().forEach((k, v) -> set.put(k.toLowerCase(Locale.ROOT), v));
      set.forEach(h::add);
    }
    return h.build();
  }

  AuthResult.Reject internalError(RequestView request, RuntimeException e, long start) {
    LOG.error("kserve-auth internal error for {}; denying", request, e);
    String msg = "access denied";
    AuthResult.Reject r = reject(ANONYMOUS, deny("internal error"), request.rawPath(), 403, null,
        null, msg);
    try {
      audit("error", request, r, null, KServeRoute.other(), start);
    } catch (RuntimeException ignored) {
      // the decision stands
    }
    return r;
  }

  private static Decision deny(String reason) {
    return new Decision(Effect.DENY, null, null, List.of(reason), List.of(), List.of());
  }

  private AuthResult.Reject reject(AuthenticationOutcome outcome, Decision d, String path, int status,
      BearerErrorCode code, String description, String bodyMessage) {
    return new AuthResult.Reject(outcome, d, path, ErrorResponse.bearer(realm, status, code, description, bodyMessage));
  }

  private static boolean isCorsPreflight(RequestView r) {
    return "OPTIONS".equals(r.method()) && r.header("origin") != null
        && r.header("access-control-request-method") != null;
  }

  /** Whether a public-path pattern matches a normalized path: the policies' {@code paths} matcher (Istio's). */
  static boolean matches(String pattern, String path) {
    return StringMatch.pathPattern(pattern).test(path);
  }

  private void audit(String event, RequestView request, AuthResult result, Principal principal, KServeRoute route,
      long start) {
    audit(event, request, result, principal, route, start, null);
  }

  /** One audit event; {@code authorizer} says what an external authorizer answered, or is {@code null}. */
  void audit(String event, RequestView request, AuthResult result, Principal principal, KServeRoute route,
      long start, String authorizer) {
    try {
      if (!audit.isEnabled()) {
        return;
      }
      int status = result instanceof AuthResult.Reject r ? r.status() : 200;
      AuditEvent ev = auditEvents.of(event, request, result.path(), route, principal, result.decision(),
          result.allowed(), status, System.nanoTime() - start, authorizer);
      audit.record(ev);
    } catch (RuntimeException e) {
      LOG.warn("audit sink failed: {}", e.toString());
    }
  }
}
