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

import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.KServeAuth;
import dev.kserveauth.audit.AuditEvent;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.policy.PolicySet;
import dev.kserveauth.authn.JwtRules;
import dev.kserveauth.authn.RequestAuthenticator;
import dev.kserveauth.samples.DemoMatrix.Row;
import dev.kserveauth.samples.DemoMatrix.Token;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One policy set, two transports: for every row of the demo matrix the gRPC service can express,
 * and for one row per RPC and token, the gRPC decision (status, principal, policy and rule) equals
 * the REST decision of the same logical call: {@code ModelInfer(m)} is {@code POST /v2/models/m/infer},
 * {@code ModelReady(m)} {@code GET /v2/models/m/ready}, {@code ModelMetadata(m)}
 * {@code GET /v2/models/m}, {@code ServerMetadata} {@code GET /v2}, {@code ServerLive} and
 * {@code ServerReady} {@code GET /v2/health/live|ready}. A real Jetty server behind the servlet
 * filter and a real grpc-java server behind the interceptor share one facade; tokens are minted by
 * the demo issuer, whose JWKS is fetched over HTTP.
 *
 * <p>The policies are the demo's, with health made public by {@code kserve.verb} rather than by
 * path: a path-based rule is transport-specific (as in Istio), so it is the one thing written
 * differently for a transport-neutral set.
 */
class CrossTransportConformanceTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  record Call(String rpc, String model, String restMethod, String restPath, String body) {}

  static List<Call> calls() {
    List<Call> out = new ArrayList<>();
    for (String m : DemoMatrix.MODELS) {
      out.add(new Call("ModelInfer", m, "POST", "/v2/models/" + m + "/infer", DemoMatrix.V2_BODY));
      out.add(new Call("ModelReady", m, "GET", "/v2/models/" + m + "/ready", null));
      out.add(new Call("ModelMetadata", m, "GET", "/v2/models/" + m, null));
    }
    out.add(new Call("ServerMetadata", null, "GET", "/v2", null));
    out.add(new Call("ServerLive", null, "GET", "/v2/health/live", null));
    out.add(new Call("ServerReady", null, "GET", "/v2/health/ready", null));
    return out;
  }

  /** What both transports must agree on. */
  record Decided(int status, String principal, String policy, String rule) {
    static Decided of(int status, AuditEvent e) {
      return new Decided(status, e == null ? null : e.userId(), e == null ? null : e.policy(),
          e == null ? null : e.rule());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"istio", "compact"})
  void grpcDecidesEveryCallAsRestDoes(String formatName) throws Exception {
    Demo.PolicyFormat format = Demo.formats().stream().filter(f -> f.name().equals(formatName)).findFirst()
        .orElseThrow();
    DemoClock clock = new DemoClock(DemoMatrix.WEEKDAY_10_00);
    AtomicReference<AuditEvent> last = new AtomicReference<>();
    List<String> table = new ArrayList<>();
    int compared = 0;
    try (DemoIssuer issuer = DemoIssuer.start()) {
      String text = neutral(format.load(issuer.jwksUri()), formatName);
      KServeAuth auth = KServeAuth.builder()
          .authenticator(RequestAuthenticator.builder().rules(JwtRules.parse(text, format.fileName())).clock(clock)
              .build())
          .policyEngine(PolicyEngine.builder().policies(PolicySet.parse(text, format.fileName())).build())
          .clock(clock).auditSink(last::set).build();
      ModelServer restModels = new ModelServer(DemoMatrix.MODELS, () -> "");
      ModelServer grpcModels = new ModelServer(DemoMatrix.MODELS, () -> "");
      try (ServletPredictor rest = ServletPredictor.start("127.0.0.1", 0, auth, restModels);
          GrpcPredictor grpc = GrpcPredictor.start("127.0.0.1", 0, auth, grpcModels);
          DemoGrpc.Caller caller = new DemoGrpc.Caller(grpc.port())) {
        List<Row> rows = new ArrayList<>();
        // every demo row the gRPC service expresses: its token and time, on its model's infer
        for (Row r : DemoMatrix.rows()) {
          DemoGrpc.GrpcRow g = DemoGrpc.of(r);
          if (g != null && g.rpc().equals("ModelInfer")) {
            rows.add(r);
          }
        }
        for (Row r : rows) {
          DemoGrpc.GrpcRow g = DemoGrpc.of(r);
          compared += compare(new Call("ModelInfer", g.model(), "POST", "/v2/models/" + g.model() + "/infer",
              DemoMatrix.V2_BODY), r.token(), r.at(), "row " + r.number(), issuer, clock, last, rest, caller, table,
              restModels, grpcModels);
        }
        // every RPC, for every token, in and out of business hours
        for (Call c : calls()) {
          for (Token t : Token.values()) {
            for (java.time.Instant at : List.of(DemoMatrix.WEEKDAY_10_00, DemoMatrix.WEEKDAY_22_00)) {
              compared += compare(c, t, at, c.rpc(), issuer, clock, last, rest, caller, table, restModels,
                  grpcModels);
            }
          }
        }
      } finally {
        auth.close();
      }
    }
    System.out.println(String.join("\n", table));
    assertThat(compared).isEqualTo(DemoGrpc.rows().stream().filter(g -> g.rpc().equals("ModelInfer")
        && g.row().number() <= 13).count() + (long) calls().size() * Token.values().length * 2);
  }

  private static int compare(Call c, Token token, java.time.Instant at, String label, DemoIssuer issuer,
      DemoClock clock, AtomicReference<AuditEvent> last, ServletPredictor rest, DemoGrpc.Caller caller,
      List<String> table, ModelServer restModels, ModelServer grpcModels) throws Exception {
    clock.set(at);
    restModels.reset();
    grpcModels.reset();
    String jwt = token.mint(issuer, at);
    last.set(null);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest.port() + c.restPath()))
        .timeout(Duration.ofSeconds(20)).method(c.restMethod(), c.body() == null
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(c.body()));
    if (jwt != null) {
      b.header("Authorization", "Bearer " + jwt);
    }
    int restStatus = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    Decided viaRest = Decided.of(restStatus, last.getAndSet(null));
    Row grpcRow = new Row(0, "POST", DemoGrpc.SERVICE + c.rpc(), c.body(), token, at,
        new DemoMatrix.Expected(200, null, false, null, null));
    DemoCaller.Response r = caller.call(new DemoGrpc.GrpcRow(grpcRow, c.rpc(), c.model()), jwt);
    Decided viaGrpc = Decided.of(r.status(), last.getAndSet(null));
    String line = String.format(Locale.ROOT, "%-10s %-30s %-18s %-6s REST %s | gRPC %s", label,
        c.rpc() + (c.model() == null ? "" : "(" + c.model() + ")"), token.label(),
        at.equals(DemoMatrix.WEEKDAY_10_00) ? "10:00" : "22:00", viaRest, viaGrpc);
    table.add(line);
    assertThat(viaGrpc).as(line).isEqualTo(viaRest);
    assertThat(viaRest.policy() != null || viaRest.status() == 401 || viaRest.status() == 403).as(line).isTrue();
    return 1;
  }

  /** The demo set with health public by verb (transport-neutral) instead of by path. */
  static String neutral(String text, String format) {
    String out = format.equals("istio")
        ? text.replace("        paths: [\"/health\", \"/metrics\"]\n",
            "        paths: [\"/health\", \"/metrics\"]\n  - when:\n    - key: kserve.verb\n      values: [\"health\"]\n")
        : text.replace("      paths: [/health, /metrics]\n", "      paths: [/health, /metrics]\n    - verbs: [health]\n");
    assertThat(out).as("health made public by verb").isNotEqualTo(text);
    return out;
  }
}
