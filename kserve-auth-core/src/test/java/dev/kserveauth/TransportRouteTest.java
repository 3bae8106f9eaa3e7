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

import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.audit.AuditEvent;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.policy.Decision;
import dev.kserveauth.policy.Effect;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.route.KServeRoute;
import dev.kserveauth.route.KServeRoute.Protocol;
import dev.kserveauth.route.KServeRoute.Verb;
import dev.kserveauth.testing.http.TableAuthenticator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link KServeAuth#authorizeAsync(RequestView, KServeRoute)}: a transport (gRPC) supplies the route. */
class TransportRouteTest {

  /** Allows only infer on model iris: the decision can come from nothing but the route. */
  static final PolicyEngine ENGINE = new PolicyEngine() {
    @Override
    public Decision decide(dev.kserveauth.policy.AccessRequest r) {
      boolean ok = r.route().verb() == Verb.INFER && "iris".equals(r.route().model());
      return new Decision(ok ? Effect.ALLOW : Effect.DENY, ok ? "ns/iris" : null, null,
          List.of(ok ? "allowed" : "no ALLOW policy matched"), List.of(), List.of());
    }

    @Override
    public boolean dependsOnModel() {
      return true;
    }
  };

  final List<AuditEvent> events = new CopyOnWriteArrayList<>();
  final KServeAuth auth = KServeAuth.builder()
      .authenticator(new TableAuthenticator(Map.of("ds", KServeAuthTest.DS)))
      .policyEngine(ENGINE).auditSink(events::add).build();

  static RequestView grpc(String method) {
    return new RequestView("POST", "/inference.GRPCInferenceService/" + method, "localhost:9000",
        Map.of("authorization", List.of("Bearer ds")), Map.of(), Map.of(), "127.0.0.1", 9000, null);
  }

  AuthResult decide(String method, KServeRoute route) {
    return auth.authorizeAsync(grpc(method), route).toCompletableFuture().join();
  }

  @Test
  void auditEventsAndTheDecisionMeterAreMarkedWithTheTransport() {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry reg = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    List<AuditEvent> seen = new CopyOnWriteArrayList<>();
    KServeAuth a = KServeAuth.builder()
        .authenticator(new TableAuthenticator(Map.of("ds", KServeAuthTest.DS)))
        .policyEngine(ENGINE).auditSink(seen::add)
        .metrics(dev.kserveauth.metrics.MicrometerAuthMetrics.create(reg)).build();
    RequestView g = grpc("ModelInfer");
    RequestView overGrpc = new RequestView(g.method(), g.rawPath(), g.host(), g.headers(), g.queryParams(),
        g.cookies(), g.remoteAddress(), g.localPort(), null, dev.kserveauth.http.Transport.GRPC);
    KServeRoute iris = new KServeRoute(Protocol.V2, Verb.INFER, "iris", null);
    a.authorizeAsync(overGrpc, iris).toCompletableFuture().join();
    a.authorizeAsync(overGrpc, new KServeRoute(Protocol.V2, Verb.INFER, "other", null)).toCompletableFuture().join();
    a.authorizeAsync(g, iris).toCompletableFuture().join(); // the nine-component view: HTTP

    assertThat(seen).extracting(AuditEvent::transport).containsExactly("grpc", "grpc", "http");
    assertThat(dev.kserveauth.audit.AuditSink.toJson(seen.get(0))).contains("\"transport\":\"grpc\"");
    assertThat(reg.get("rbac_authorization").tag("decision", "allow").tag("transport", "grpc").counter().count())
        .isEqualTo(1);
    assertThat(reg.get("rbac_authorization").tag("decision", "deny").tag("transport", "grpc").counter().count())
        .isEqualTo(1);
    assertThat(reg.get("rbac_authorization").tag("decision", "allow").tag("transport", "http").counter().count())
        .isEqualTo(1);
    assertThat(reg.get("rbac_authorization").tag("decision", "deny").tag("transport", "http").counter().count())
        .isZero();
  }

  @Test
  void theGivenRouteIsDecidedAndAuditedNotThePath() {
    AuthResult r = decide("ModelInfer", new KServeRoute(Protocol.V2, Verb.INFER, "iris", null));
    assertThat(r).isInstanceOf(AuthResult.Proceed.class);
    assertThat(r.decision().policy()).isEqualTo("ns/iris");
    assertThat(events).last().satisfies(e -> {
      assertThat(e.model()).isEqualTo("iris");
      assertThat(e.verb()).isEqualTo("infer");
      assertThat(e.path()).isEqualTo("/inference.GRPCInferenceService/ModelInfer");
    });
    assertThat(decide("ModelInfer", new KServeRoute(Protocol.V2, Verb.INFER, "other", null)).allowed()).isFalse();
    assertThat(decide("ModelReady", new KServeRoute(Protocol.V2, Verb.READY, "iris", null)).allowed()).isFalse();
  }

  @Test
  void withoutARouteThePathIsParsedAsBefore() {
    // the gRPC path is no KServe REST route: verb OTHER, denied
    assertThat(decide("ModelInfer", null).allowed()).isFalse();
    assertThat(events).last().extracting(AuditEvent::verb).isEqualTo("other");
  }

  @Test
  void anEmptyModelIs400LikeAnEmptyModelSegment() {
    AuthResult r = decide("ModelInfer", new KServeRoute(Protocol.V2, Verb.INFER, "", null));
    assertThat(r).isInstanceOfSatisfying(AuthResult.Reject.class, rej -> {
      assertThat(rej.status()).isEqualTo(400);
      assertThat(rej.bodyText()).isEqualTo("{\"error\":\"empty model name\"}");
    });
  }

  @Test
  void aGivenRouteNeverAsksForABody() {
    AuthResult r = auth.authorizeAsync(new RequestView("POST", "/openai/v1/completions", "h",
        Map.of("authorization", List.of("Bearer ds")), Map.of(), Map.of(), "127.0.0.1", 1, null),
        new KServeRoute(Protocol.OPENAI, Verb.INFER, "iris", null)).toCompletableFuture().join();
    assertThat(r).isInstanceOf(AuthResult.Proceed.class);
  }
}
