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
package dev.kserveauth.samples.load;

import dev.kserveauth.KServeAuth;
import dev.kserveauth.audit.AuditSink;
import dev.kserveauth.metrics.AuthMetrics;
import dev.kserveauth.samples.ModelServer;
import dev.kserveauth.samples.ServletPredictor;
import dev.kserveauth.samples.VertxPredictor;
import dev.kserveauth.servlet.KServeAuthFilter;
import dev.kserveauth.authn.JwtRules;
import dev.kserveauth.metrics.KeySourceStats;
import dev.kserveauth.authn.RequestAuthenticator;
import dev.kserveauth.vertx.KServeAuthHandler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The sample predictor wired as the {@code predictor} command wires it (token rules from the
 * RequestAuthentication in the policy folder, keys prefetched, policies from the folder and watched,
 * {@code /health} and {@code /metrics} public, the servlet or the Vert.x stack), in this JVM so the
 * test can read its heap, its key-source statistics and its reload counters, and give it a
 * {@link ShiftableClock}.
 */
final class LoadTarget implements AutoCloseable {

  enum Stack { SERVLET, VERTX }

  /** Counts what kserve-auth reports about key fetches, reloads and decisions. */
  static final class Counters implements AuthMetrics {
    final LongAdder jwksOk = new LongAdder();
    final LongAdder jwksFailed = new LongAdder();
    final LongAdder reloadOk = new LongAdder();
    final LongAdder reloadFailed = new LongAdder();
    final LongAdder allowed = new LongAdder();
    final LongAdder denied = new LongAdder();
    final LongAdder auditEvents = new LongAdder();
    final LongAdder auditBytes = new LongAdder();

    @Override
    public void tokenValidated(TokenStatus status, long nanos, Long secondsToExpiry) {}

    @Override
    public void authorized(boolean ok, long nanos, java.util.Set<String> roles) {
      (ok ? allowed : denied).increment();
    }

    @Override
    public void jwksFetched(String issuer, boolean success) {
      (success ? jwksOk : jwksFailed).increment();
    }

    @Override
    public void tokenCacheLookup(boolean hit) {}

    @Override
    public void policyReloaded(boolean success) {
      (success ? reloadOk : reloadFailed).increment();
    }

    /** The audit sink: renders every event as the default sink would, and counts it. */
    AuditSink auditSink() {
      return e -> {
        auditBytes.add(AuditSink.toJson(e).length());
        auditEvents.increment();
      };
    }
  }

  final Stack stack;
  final Counters counters;
  private final RequestAuthenticator authenticator;
  private final KServeAuth auth;
  private final AutoCloseable server;
  private final Vertx vertx;
  private final int port;

  private LoadTarget(Stack stack, Counters counters, RequestAuthenticator authenticator, KServeAuth auth,
      AutoCloseable server, Vertx vertx, int port) {
    this.stack = stack;
    this.counters = counters;
    this.authenticator = authenticator;
    this.auth = auth;
    this.server = server;
    this.vertx = vertx;
    this.port = port;
  }

  static LoadTarget start(Stack stack, Path policyDir, Path requestAuthentication, Clock clock, Duration watch,
      List<String> models) throws Exception {
    Counters c = new Counters();
    RequestAuthenticator authenticator = RequestAuthenticator.builder()
        .rules(JwtRules.load(requestAuthentication))
        .prefetchKeys(true)
        .clock(clock)
        .metrics(c)
        .build();
    KServeAuth auth = KServeAuth.builder()
        .authenticator(authenticator)
        .policies(policyDir)
        .watchPolicies(watch)
        .publicPaths("/health", "/metrics")
        .clock(clock)
        .metrics(c)
        .auditSink(c.auditSink())
        .build();
    ModelServer models0 = new ModelServer(models, null);
    try {
      if (stack == Stack.SERVLET) {
        ServletPredictor p = ServletPredictor.start("127.0.0.1", 0, new KServeAuthFilter(auth), models0);
        return new LoadTarget(stack, c, authenticator, auth, p, null, p.port());
      }
      Vertx vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(2000));
      VertxPredictor p = VertxPredictor.start(vertx, "127.0.0.1", 0, KServeAuthHandler.create(auth), models0);
      return new LoadTarget(stack, c, authenticator, auth, p, vertx, p.port());
    } catch (Exception e) {
      auth.close();
      throw e;
    }
  }

  int port() {
    return port;
  }

  /** Key-source statistics of the one issuer. */
  KeySourceStats keyStats() {
    Map<String, KeySourceStats> m = authenticator.keySourceStats();
    return m.values().iterator().next();
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      auth.close();
      if (vertx != null) {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }
}
