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
package dev.kserveauth.samples;

import dev.kserveauth.KServeAuth;
import dev.kserveauth.audit.AuditEvent;
import dev.kserveauth.metrics.MicrometerAuthMetrics;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.policy.PolicySet;
import dev.kserveauth.servlet.KServeAuthFilter;
import dev.kserveauth.authn.JwtRules;
import dev.kserveauth.authn.RequestAuthenticator;
import dev.kserveauth.vertx.KServeAuthHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import jakarta.servlet.Filter;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How the demo builds its protection from one policy text: a {@link RequestAuthenticator} from the
 * {@code RequestAuthentication} documents, a {@link PolicyEngine} from the policies, one
 * {@link KServeAuth} facade on the demo clock with Micrometer metrics, and from it the servlet filter
 * and the Vert.x handler, so both stacks decide with the very same facade. Every decision's audit
 * event is kept for the table.
 */
final class DemoProtection implements Demo.Protection {

  private final KServeAuthFilter filter;
  private final Handler<RoutingContext> handler;
  private final io.grpc.ServerInterceptor interceptor;
  private final AtomicReference<AuditEvent> last = new AtomicReference<>();

  private DemoProtection(String policyText, String sourceName, Clock clock, MeterRegistry registry) {
    RequestAuthenticator authenticator = RequestAuthenticator.builder()
        .rules(JwtRules.parse(policyText, sourceName))
        .clock(clock)
        .build();
    PolicyEngine engine = PolicyEngine.builder()
        .policies(PolicySet.parse(policyText, sourceName))
        .build();
    KServeAuth auth = KServeAuth.builder()
        .authenticator(authenticator)
        .policyEngine(engine)
        .clock(clock)
        .metrics(MicrometerAuthMetrics.create(registry))
        .auditSink(last::set)
        .build();
    this.filter = new KServeAuthFilter(auth);
    this.interceptor = dev.kserveauth.grpc.KServeAuthInterceptor.create(auth);
    this.handler = KServeAuthHandler.create(auth);
  }

  /** A {@link Demo.ProtectionFactory}. */
  static Demo.Protection create(Demo.PolicyFormat format, String policyText, Clock clock, MeterRegistry registry) {
    return new DemoProtection(policyText, format.fileName(), clock, registry);
  }

  @Override
  public Filter servletFilter() {
    return filter;
  }

  @Override
  public Handler<RoutingContext> vertxHandler() {
    return handler;
  }

  @Override
  public io.grpc.ServerInterceptor grpcInterceptor() {
    return interceptor;
  }

  @Override
  public String lastDecision() {
    AuditEvent e = last.getAndSet(null);
    if (e == null) {
      return null;
    }
    String verdict = e.allowed() ? "allow" : "deny";
    if (e.rule() != null || e.policy() != null) {
      return verdict + ": " + (e.rule() != null ? e.rule() : e.policy());
    }
    if (e.event().equals("authentication_failed")) {
      return "invalid token: " + e.reason();
    }
    return verdict + (e.reason() == null ? "" : ": " + e.reason());
  }
}
