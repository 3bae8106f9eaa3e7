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

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * Builds a {@link RequestAuthenticator} from {@link JwtRule}s (written in code or loaded from
 * {@code RequestAuthentication} / {@code IssuerConfig} YAML). Obtain one with {@link RequestAuthenticator#builder()}.
 *
 * <pre>{@code
 * RequestAuthenticator auth = RequestAuthenticator.builder()
 *     .rules(JwtRules.load(Path.of("request-authentication.yaml")))
 *     .rule(JwtRule.builder("https://kubernetes.default.svc.cluster.local").kubernetes().audiences("kserve").build())
 *     .prefetchKeys(true)
 *     .build();
 * AuthenticationOutcome outcome = auth.authenticate(requestView);
 * if (outcome instanceof AuthenticationOutcome.Failed f) {
 *   // f.error().bearerError(): invalid_request (400) or invalid_token (401); f.error().getMessage() is caller-safe
 * } else if (outcome instanceof AuthenticationOutcome.Authenticated ok) {
 *   // ok.principal(), ok.outputHeaders()
 * } // Anonymous: no token, authorization decides
 * }</pre>
 *
 * @since 0.1
 */
public final class RequestAuthenticatorBuilder {
  private final List<JwtRule> rules = new ArrayList<>();
  private Clock clock;
  private OkHttpClient http;
  private boolean prefetch = true;
  private dev.kserveauth.metrics.AuthMetrics metrics;
  private SignatureProvider signatureProvider;

  RequestAuthenticatorBuilder() {}

  /**
   * Adds one rule.
   *
   * @param rule the rule; rules are tried in the order added
   * @return this builder
   */
  public RequestAuthenticatorBuilder rule(JwtRule rule) {
    rules.add(Objects.requireNonNull(rule, "rule"));
    return this;
  }

  /**
   * Adds rules in order.
   *
   * @param values the rules
   * @return this builder
   */
  public RequestAuthenticatorBuilder rules(List<JwtRule> values) {
    values.forEach(this::rule);
    return this;
  }

  /**
   * Adds every rule of a YAML file ({@link JwtRules#load(Path)}).
   *
   * @param yaml a {@code RequestAuthentication} (or {@code IssuerConfig}) YAML file
   * @return this builder
   * @throws JwtConfigException naming {@code file:line} when the file is invalid
   */
  public RequestAuthenticatorBuilder rulesFrom(Path yaml) {
    return rules(JwtRules.load(yaml));
  }

  /**
   * Clock for token times and key-cache timing (default: system UTC).
   *
   * @param value the clock
   * @return this builder
   * @throws IllegalStateException if the clock was already set
   */
  public RequestAuthenticatorBuilder clock(Clock value) {
    if (clock != null) {
      throw new IllegalStateException("clock was already set to " + clock);
    }
    clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /**
   * The OkHttp client remote key sources derive from (proxy, pool); redirects are always off.
   *
   * @param value the client whose configuration is reused
   * @return this builder
   * @throws IllegalStateException if a client was already set
   */
  public RequestAuthenticatorBuilder httpClient(OkHttpClient value) {
    if (http != null) {
      throw new IllegalStateException("httpClient was already set");
    }
    http = Objects.requireNonNull(value, "httpClient");
    return this;
  }

  /**
   * Whether remote keys are fetched at {@link #build()} (default true) or on the first token. A failed
   * startup fetch is logged at WARN; tokens of that issuer get 503 until keys arrive.
   *
   * @param value {@code false} to fetch on the first token instead
   * @return this builder
   */
  public RequestAuthenticatorBuilder prefetchKeys(boolean value) {
    prefetch = value;
    return this;
  }

  /**
   * Reports JWKS fetches of remote key sources ({@code jwks_fetch_total}).
   *
   * @param value the metrics sink
   * @return this builder
   * @throws IllegalStateException if the metrics were already set
   */
  public RequestAuthenticatorBuilder metrics(dev.kserveauth.metrics.AuthMetrics value) {
    if (metrics != null) {
      throw new IllegalStateException("metrics was already set to " + metrics);
    }
    metrics = Objects.requireNonNull(value, "metrics");
    return this;
  }

  /**
   * Which provider verifies signatures for every rule; default {@link SignatureProvider#auto()}
   * (ACCP when present and loadable, else the JDK).
   *
   * @param value the provider choice
   * @return this builder
   * @throws IllegalStateException if a signature provider was already set
   */
  public RequestAuthenticatorBuilder signatureProvider(SignatureProvider value) {
    if (signatureProvider != null) {
      throw new IllegalStateException("signatureProvider was already set to " + signatureProvider);
    }
    signatureProvider = Objects.requireNonNull(value, "signatureProvider");
    return this;
  }

  /**
   * @return an authenticator trying the rules in order
   * @throws IllegalStateException without rules
   * @throws IllegalArgumentException naming the rule's origin when a rule's keys or settings are unusable
   */
  public TokenAuthenticator build() {
    if (rules.isEmpty()) {
      throw new IllegalStateException("no jwtRules configured");
    }
    Clock c = clock == null ? Clock.systemUTC() : clock;
    RuleCompiler compiler = new RuleCompiler(c, http, prefetch, metrics);
    List<JwtAuthenticator.Binding> bindings = new ArrayList<>(rules.size());
    for (JwtRule r : rules) {
      IssuerSettings settings = compiler.settings(r);
      TokenValidatorBuilder tb = TokenValidator.builder().issuer(settings).clock(c)
          .signatureProvider(signatureProvider == null ? SignatureProvider.auto() : signatureProvider);
      if (metrics != null) {
        tb.metrics(metrics);
      }
      TokenValidator v = tb.build();
      bindings.add(new JwtAuthenticator.Binding(r, v, settings.keySource()));
    }
    return new JwtAuthenticator(bindings);
  }
}
