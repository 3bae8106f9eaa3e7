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

import dev.kserveauth.audit.AuditSink;
import dev.kserveauth.internal.policy.StringMatch;
import dev.kserveauth.metrics.AuthMetrics;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.authn.RequestAuthenticator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link KServeAuth}; get one from {@link KServeAuth#builder()}. Setting a value twice throws {@link IllegalStateException}.
 *
 * @since 0.1
 */
public final class KServeAuthBuilder {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KServeAuth.class);

  RequestAuthenticator authenticator;
  Supplier<PolicyEngine> engineSupplier;
  String realm;
  final List<String> publicPaths = new ArrayList<>();
  boolean skipCorsPreflight;
  Clock clock;
  AuditSink audit;
  final List<String> auditClaims = new ArrayList<>();
  final Set<String> redactedClaims = new LinkedHashSet<>();
  AuthMetrics metrics;
  int maxBodyBytes = 1 << 20;
  java.time.Duration bodyTimeout = java.time.Duration.ofSeconds(10);
  List<java.nio.file.Path> policyFiles = List.of();
  PolicyReloader.Loaded loadedPolicies;
  boolean allowAllWithoutPolicy;
  java.time.Duration watchInterval;
  java.nio.file.Path requestAuthenticationFile;
  List<dev.kserveauth.authn.JwtRule> requestAuthenticationRules;
  final java.util.Map<String, dev.kserveauth.authz.ExternalAuthorizer> authorizers = new java.util.LinkedHashMap<>();
  java.time.Duration authorizerTimeout;

  KServeAuthBuilder() {}

  /**
   * Registers an external authorizer under a name, the in-process equivalent of an Istio
   * MeshConfig extension provider: an {@code AuthorizationPolicy} with {@code action: CUSTOM} and
   * {@code provider: {name: <name>}} asks it. A CUSTOM policy naming a provider that is not
   * registered is a load error.
   *
   * <pre>{@code
   * KServeAuth.builder()
   *     .policies(Path.of("policies/"))
   *     .authorizer("kubernetes-rbac", sarAuthorizer)
   *     .build();
   * }</pre>
   *
   * @param name the provider name, as policies write it
   * @param authorizer the authorizer
   * @return this builder
   * @throws IllegalStateException when the name is already registered
   * @throws IllegalArgumentException when the name is blank
   * @since 0.1
   */
  public KServeAuthBuilder authorizer(String name, dev.kserveauth.authz.ExternalAuthorizer authorizer) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(authorizer, "authorizer");
    if (name.isBlank()) {
      throw new IllegalArgumentException("authorizer name must not be blank");
    }
    if (authorizers.putIfAbsent(name, authorizer) != null) {
      throw new IllegalStateException("an authorizer named '" + name + "' was already registered");
    }
    return this;
  }

  /**
   * Registers several external authorizers by name (e.g. those {@code EnvoyExtAuthzHttp.load} reads
   * from a MeshConfig's {@code extensionProviders}).
   *
   * @param byName provider name to authorizer
   * @return this builder
   * @since 0.1
   */
  public KServeAuthBuilder authorizers(java.util.Map<String, ? extends dev.kserveauth.authz.ExternalAuthorizer> byName) {
    byName.forEach(this::authorizer);
    return this;
  }

  /**
   * The longest the facade waits for an external authorizer's answer (default 10 seconds), on top of
   * any timeout the provider has itself; a later answer fails closed (403).
   *
   * @param timeout a positive duration
   * @return this builder
   * @since 0.1
   */
  public KServeAuthBuilder authorizerTimeout(java.time.Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("authorizerTimeout must be positive");
    }
    this.authorizerTimeout = timeout;
    return this;
  }

  /**
   * How tokens are found and verified (required).
   *
   * @param authenticator the request authenticator
   * @return this builder
   * @throws IllegalStateException if an authenticator or {@link #requestAuthentication} was already set
   */
  public KServeAuthBuilder authenticator(RequestAuthenticator authenticator) {
    once(this.authenticator, "authenticator");
    once(this.requestAuthenticationFile, "requestAuthentication");
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    return this;
  }

  /**
   * The policy engine (required, or {@link #policyEngine(Supplier)}).
   *
   * @param engine the engine every request is decided by
   * @return this builder
   * @throws IllegalStateException if a policy engine or {@link #policies} was already set
   */
  public KServeAuthBuilder policyEngine(PolicyEngine engine) {
    Objects.requireNonNull(engine, "engine");
    return policyEngine(() -> engine);
  }

  /**
   * A supplier of the current policy engine, read once per request: lets a reloading policy set swap
   * engines atomically. A {@code null} engine answers 500 (misconfiguration).
   *
   * @param engine supplies the engine in force
   * @return this builder
   * @throws IllegalStateException if a policy engine or {@link #policies} was already set
   */
  public KServeAuthBuilder policyEngine(Supplier<PolicyEngine> engine) {
    once(this.engineSupplier, "policyEngine");
    this.engineSupplier = Objects.requireNonNull(engine, "engine");
    return this;
  }

  /**
   * Reads the token rules from a {@code RequestAuthentication} (or kserve-auth {@code IssuerConfig})
   * YAML file, as {@code RequestAuthenticator.builder().rulesFrom(file).build()} does.
   *
   * @param file the YAML file
   * @return this builder
   * @throws dev.kserveauth.authn.JwtConfigException naming {@code file:line} when the file is invalid
   * @throws IllegalStateException if an authenticator was already set
   */
  public KServeAuthBuilder requestAuthentication(java.nio.file.Path file) {
    once(this.authenticator, "authenticator");
    once(this.requestAuthenticationFile, "requestAuthentication");
    this.requestAuthenticationFile = Objects.requireNonNull(file, "file");
    this.requestAuthenticationRules = dev.kserveauth.authn.JwtRules.load(file); // fail fast, naming file:line
    return this;
  }

  /**
   * Loads policies from files and/or directories (Istio {@code AuthorizationPolicy} or the compact
   * format, multi-document YAML) and decides with them. Fails fast: an invalid file throws a
   * {@link dev.kserveauth.policy.PolicyException} naming {@code file:line}.
   *
   * @param filesOrDirectories where the policies are
   * @return this builder
   * @throws IllegalArgumentException if no file or directory is given
   * @throws IllegalStateException if a policy engine was already set
   */
  public KServeAuthBuilder policies(java.nio.file.Path... filesOrDirectories) {
    if (filesOrDirectories.length == 0) {
      throw new IllegalArgumentException("policies needs at least one file or directory");
    }
    once(this.engineSupplier, "policyEngine");
    // the fingerprint the reloader starts from is taken with this load, so an edit made before
    // build() is reloaded like any later one
    this.loadedPolicies = PolicyReloader.load(filesOrDirectories);
    this.policyFiles = List.of(filesOrDirectories);
    this.engineSupplier = () -> null; // replaced by the reloader's engine in build()
    return this;
  }

  /**
   * Whether a start with no enforcing policy is meant (default false). With no enforcing policy (no
   * policy at all, or only dry-run and AUDIT ones) every request, anonymous ones included, is
   * allowed: Istio's meaning of "no policy". Because that is far more often a mistake (a policy
   * folder holding only the RequestAuthentication, a path to the wrong folder) than an intent,
   * {@link #build()} refuses it unless this says {@code true}; then a WARN is logged at startup.
   *
   * @param allowAll true when an allow-all server is intended
   * @return this builder
   */
  public KServeAuthBuilder allowAllWithoutPolicy(boolean allowAll) {
    this.allowAllWithoutPolicy = allowAll;
    return this;
  }

  /**
   * Reloads the {@link #policies(java.nio.file.Path...)} files when they change, checking every
   * {@code interval}. A changed file is loaded once it has stayed unchanged for one more interval; a
   * file that fails to load leaves the previous policy set in force (logged with {@code file:line}).
   * Call {@link KServeAuth#close()} to stop watching.
   *
   * @param interval how often to look (e.g. 2 seconds)
   * @return this builder
   * @throws IllegalArgumentException if {@code interval} is {@code null}, zero or negative
   */
  public KServeAuthBuilder watchPolicies(java.time.Duration interval) {
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("watch interval must be positive");
    }
    this.watchInterval = interval;
    return this;
  }

  /**
   * The realm of every challenge (default {@code kserve}).
   *
   * @param realm the {@code realm} parameter of {@code WWW-Authenticate}
   * @return this builder
   * @throws IllegalStateException if the realm was already set
   */
  public KServeAuthBuilder realm(String realm) {
    once(this.realm, "realm");
    this.realm = Objects.requireNonNull(realm, "realm");
    return this;
  }

  /**
   * Paths that skip authentication and authorization entirely, matched on the normalized path by
   * the very matcher an {@code AuthorizationPolicy}'s {@code paths} uses (Istio's): exact,
   * {@code prefix*}, {@code *suffix}, {@code *}, or a {@code {*}} / {@code {**}} template. As in
   * Istio, a {@code *} anywhere else is a literal ({@code *foo*} is the suffix {@code foo*}).
   *
   * @param patterns the public path patterns, added to any given before
   * @return this builder
   * @throws IllegalArgumentException for a blank pattern or a bad template
   */
  public KServeAuthBuilder publicPaths(String... patterns) {
    for (String p : patterns) {
      String t = Objects.requireNonNull(p, "public path").trim();
      if (t.isEmpty()) {
        throw new IllegalArgumentException("public path must not be blank");
      }
      StringMatch.pathPattern(t); // fail fast on a bad template
      publicPaths.add(t);
    }
    return this;
  }

  /**
   * Whether CORS preflights ({@code OPTIONS} + {@code Origin} + {@code Access-Control-Request-Method})
   * skip authorization entirely (default {@code false}).
   *
   * <p>By default a preflight is treated as Istio treats it: its JWT is not authenticated (a
   * browser never sends credentials on a preflight), and the policies decide it as an anonymous
   * request. Allow preflights explicitly, e.g. an ALLOW rule with {@code methods: ["OPTIONS"]} and
   * no {@code from}. With {@code true}, every preflight reaches the application undecided: an
   * application route that does not restrict its method then runs for anyone who sends the two
   * headers. Only for applications that answer {@code OPTIONS} themselves on every route; the
   * facade logs a warning when it is built so.
   *
   * @param skip whether preflights bypass the policies
   * @return this builder
   */
  public KServeAuthBuilder skipCorsPreflight(boolean skip) {
    this.skipCorsPreflight = skip;
    return this;
  }

  /**
   * The clock decisions ({@code request.time} conditions) and audit timestamps use (default UTC
   * system clock). Token lifetimes are checked with the authenticator's own clock (the system clock
   * unless {@code RequestAuthenticator.builder().clock(...)} says otherwise), so a clock set here to
   * replay a moment of the day does not make real tokens expired.
   *
   * @param clock the clock
   * @return this builder
   * @throws IllegalStateException if the clock was already set
   */
  public KServeAuthBuilder clock(Clock clock) {
    once(this.clock, "clock");
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Where audit events go (default {@link AuditSink#slf4j()}).
   *
   * @param sink the audit sink
   * @return this builder
   * @throws IllegalStateException if the audit sink was already set
   */
  public KServeAuthBuilder auditSink(AuditSink sink) {
    once(this.audit, "auditSink");
    this.audit = Objects.requireNonNull(sink, "sink");
    return this;
  }

  /**
   * Claims (dotted paths) copied into every audit event, e.g. {@code team}, {@code email}. None by default.
   *
   * @param claims claim paths, added to any given before
   * @return this builder
   */
  public KServeAuthBuilder auditClaims(String... claims) {
    auditClaims.addAll(List.of(claims));
    return this;
  }

  /**
   * Audited claims whose value is replaced by {@code [REDACTED]}.
   *
   * @param claims claim paths among the audited ones, added to any given before
   * @return this builder
   */
  public KServeAuthBuilder redactClaims(String... claims) {
    redactedClaims.addAll(List.of(claims));
    return this;
  }

  /**
   * Where metrics go (default {@link AuthMetrics#noop()}).
   *
   * @param metrics the metrics sink
   * @return this builder
   * @throws IllegalStateException if the metrics were already set
   */
  public KServeAuthBuilder metrics(AuthMetrics metrics) {
    once(this.metrics, "metrics");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    return this;
  }

  /**
   * The largest body buffered for OpenAI routes (default 1 MiB); larger bodies get 413.
   *
   * @param max the limit in bytes, positive
   * @return this builder
   * @throws IllegalArgumentException if {@code max} is zero or negative
   */
  public KServeAuthBuilder maxBodyBytes(int max) {
    if (max <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, was " + max);
    }
    this.maxBodyBytes = max;
    return this;
  }

  /**
   * How long an adapter waits for an OpenAI-route body that the decision needs (default 10 seconds);
   * a slower body gets 408. Bodies are read only after authentication, and only when a policy reads
   * {@code kserve.model}.
   *
   * @param timeout the wait, positive
   * @return this builder
   * @throws IllegalArgumentException if {@code timeout} is {@code null}, zero or negative
   */
  public KServeAuthBuilder bodyTimeout(java.time.Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("bodyTimeout must be positive");
    }
    this.bodyTimeout = timeout;
    return this;
  }

  /**
   * Builds the facade.
   *
   * @return the facade, ready to use
   * @throws IllegalStateException when the authenticator or the policy engine is missing, or the engine
   *     has no enforcing policy and {@link #allowAllWithoutPolicy(boolean)} is not set
   * @throws dev.kserveauth.policy.PolicyException when the {@link #policies} files hold no enforcing
   *     policy and {@link #allowAllWithoutPolicy(boolean)} is not set, or when a CUSTOM policy names a
   *     provider not registered with {@link #authorizer}
   */
  public KServeAuth build() {
    if (requestAuthenticationFile != null) {
      dev.kserveauth.authn.RequestAuthenticatorBuilder rb = RequestAuthenticator.builder()
          .rules(requestAuthenticationRules); // parsed once, in requestAuthentication(file)
      if (metrics != null) {
        rb.metrics(metrics); // JWKS fetches and token-cache lookups
      }
      authenticator = rb.build();
    }
    if (authenticator == null) {
      throw new IllegalStateException("authenticator is required");
    }
    if (engineSupplier == null) {
      throw new IllegalStateException("policyEngine (or policies) is required");
    }
    if (watchInterval != null && policyFiles.isEmpty()) {
      throw new IllegalStateException("watchPolicies needs policies(...) files to watch");
    }
    checkEnforcement();
    if (loadedPolicies == null) { // from policy files the reloader's engine factory checks them, reloads too
      ExternalAuthorization.checkProviders(engineSupplier.get(), authorizers.keySet());
    }
    if (skipCorsPreflight) {
      LOG.warn("skipCorsPreflight is on: every CORS preflight (OPTIONS + Origin + Access-Control-Request-Method) "
          + "reaches the application without a policy decision; make sure no route runs a model for OPTIONS");
    }
    return new KServeAuth(this);
  }

  /**
   * Fails closed at startup: no enforcing policy is an error unless allow-all was asked for. From
   * policy files that is a {@link dev.kserveauth.policy.PolicyException} naming them (a configuration
   * error, like an invalid file); with an engine given in code an {@link IllegalStateException}.
   */
  void checkEnforcement() {
    String consequence = ": every request, anonymous ones included, would be allowed. Add an ALLOW or DENY "
        + "policy, or set allowAllWithoutPolicy(true) if allowing everything is meant";
    if (loadedPolicies != null) {
      dev.kserveauth.policy.PolicySet set = loadedPolicies.set();
      if (set.enforcingSize() > 0) {
        return;
      }
      String where = policyFiles.stream().map(p -> p.getFileName() == null ? p.toString() : p.getFileName().toString())
          .collect(java.util.stream.Collectors.joining(", "));
      String what = "the policy sources hold " + set.size() + " policies, none enforcing (skipped: " + set.skipped()
          + ")";
      if (!allowAllWithoutPolicy) {
        throw new dev.kserveauth.policy.PolicyException(where, what + consequence);
      }
      LOG.warn("{}: {}: every request, anonymous ones included, is allowed (allowAllWithoutPolicy is set)", where,
          what);
      return;
    }
    PolicyEngine e = engineSupplier.get();
    if (e == null || e.enforcing()) {
      return; // null: every request answers 500 until an engine is there
    }
    if (!allowAllWithoutPolicy) {
      throw new IllegalStateException("the policy engine has no enforcing policy" + consequence);
    }
    LOG.warn("the policy engine has no enforcing policy: every request, anonymous ones included, is allowed "
        + "(allowAllWithoutPolicy is set)");
  }

  static void once(Object current, String name) {
    if (current != null) {
      throw new IllegalStateException(name + " was already set");
    }
  }
}
