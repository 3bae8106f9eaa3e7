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
package dev.kserveauth.kubernetes;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds a {@link SubjectAccessReviewAuthorizer}.
 *
 * @since 0.1
 */
public final class SubjectAccessReviewAuthorizerBuilder {
  final KubernetesApi api;
  KubeRbacProxyConfig config;
  String namespace;
  String verb;
  Duration allowTtl = SubjectAccessReviewAuthorizer.DEFAULT_ALLOW_TTL;
  Duration denyTtl = SubjectAccessReviewAuthorizer.DEFAULT_DENY_TTL;
  long maxEntries = 10_000;
  Clock clock = Clock.systemUTC();

  SubjectAccessReviewAuthorizerBuilder(KubernetesApi api) {
    this.api = Objects.requireNonNull(api, "api");
  }

  /**
   * kube-rbac-proxy's configuration; without it KServe's defaults apply.
   *
   * @param config the configuration
   * @return this builder
   */
  public SubjectAccessReviewAuthorizerBuilder config(KubeRbacProxyConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    return this;
  }

  /**
   * Loads kube-rbac-proxy's configuration file.
   *
   * @param file the file
   * @return this builder
   * @throws java.io.UncheckedIOException when it cannot be read
   * @throws IllegalArgumentException naming file:line when it is invalid
   */
  public SubjectAccessReviewAuthorizerBuilder configFile(Path file) {
    try {
      return config(KubeRbacProxyConfig.load(file));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The namespace of KServe's defaults; default the API's (the service-account mount's).
   *
   * @param namespace the namespace
   * @return this builder
   */
  public SubjectAccessReviewAuthorizerBuilder namespace(String namespace) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    return this;
  }

  /**
   * A static verb for every review (KServe's defaults use {@code get}); {@code null} derives it from
   * the HTTP method as kube-rbac-proxy does.
   *
   * @param verb the verb or {@code null}
   * @return this builder
   */
  public SubjectAccessReviewAuthorizerBuilder verb(String verb) {
    this.verb = verb;
    return this;
  }

  /**
   * How long allowed and denied answers are kept (defaults 5 min and 30 s); zero disables caching of that kind.
   *
   * @param allow for allowed answers
   * @param deny for denied answers
   * @return this builder
   */
  public SubjectAccessReviewAuthorizerBuilder cacheTtl(Duration allow, Duration deny) {
    if (allow.isNegative() || deny.isNegative()) {
      throw new IllegalArgumentException("cache TTLs must not be negative");
    }
    this.allowTtl = allow;
    this.denyTtl = deny;
    return this;
  }

  /**
   * The most entries the cache keeps (default 10,000).
   *
   * @param max positive
   * @return this builder
   */
  public SubjectAccessReviewAuthorizerBuilder maxCacheEntries(long max) {
    if (max <= 0) {
      throw new IllegalArgumentException("maxCacheEntries must be positive");
    }
    this.maxEntries = max;
    return this;
  }

  /**
   * The clock of cache lifetimes and token expiry (tests).
   *
   * @param clock the clock
   * @return this builder
   */
  public SubjectAccessReviewAuthorizerBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Builds the authorizer.
   *
   * @return the authorizer
   * @throws IllegalStateException when KServe's defaults apply and no namespace is known
   */
  public SubjectAccessReviewAuthorizer build() {
    return new SubjectAccessReviewAuthorizer(this);
  }
}
