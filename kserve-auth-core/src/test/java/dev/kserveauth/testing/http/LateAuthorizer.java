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
package dev.kserveauth.testing.http;

import dev.kserveauth.KServeAuth;
import dev.kserveauth.authz.ExternalAuthorizer;
import dev.kserveauth.authz.ExternalDecision;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.policy.PolicySet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A facade whose decisions complete after the adapter's call returned, for the adapters' async
 * continuation tests: an Istio CUSTOM policy asks the provider {@code later}, which answers on another
 * thread after a delay (allow, except for paths under {@code /deny}), and a DENY on
 * {@code kserve.model: production-*}, so an OpenAI body is read too. Callers: {@code Bearer ds}
 * (subject {@code user123}, role {@code data-scientist}; {@link TableAuthenticator}).
 */
public final class LateAuthorizer {
  private LateAuthorizer() {}

  public static final String POLICIES = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: ext-authz, namespace: istio-system}
      spec:
        action: CUSTOM
        provider: {name: later}
        rules: [{}]
      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: no-production, namespace: istio-system}
      spec:
        action: DENY
        rules:
        - when:
          - key: kserve.model
            values: ["production-*"]
      """;

  /** Answers after {@code delayMillis} on another thread, counting each question in {@code asked}. */
  public static ExternalAuthorizer later(long delayMillis, AtomicInteger asked) {
    return req -> {
      asked.incrementAndGet();
      return CompletableFuture.supplyAsync(
          () -> req.path().startsWith("/deny") ? ExternalDecision.deny(403, "not you") : ExternalDecision.allow(),
          CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
    };
  }

  /** The facade: {@link #POLICIES} with {@code authorizer} as {@code later}. */
  public static KServeAuth auth(ExternalAuthorizer authorizer) {
    return KServeAuth.builder()
        .authenticator(new TableAuthenticator(Map.of("ds",
            TableAuthenticator.principal("user123", "data-scientist", "ml-platform"))))
        .policyEngine(PolicyEngine.builder().policies(PolicySet.parse(POLICIES, "policies.yaml")).build())
        .authorizer("later", authorizer)
        .build();
  }
}
