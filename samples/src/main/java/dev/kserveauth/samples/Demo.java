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

import dev.kserveauth.samples.DemoMatrix.Row;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The one-command demo: a demo issuer, the toy predictor behind the servlet filter (Jetty) and
 * behind the Vert.x handler, and every row of {@code expected-decisions.md} called with a token per
 * role, for every policy format. Prints a table and tells whether every row came out as expected.
 *
 * <pre>{@code
 * java -jar samples/target/kserve-auth-samples.jar demo
 * }</pre>
 */
public final class Demo {

  private Demo() {}

  /** A policy format the demo ships a policy set for, as a jar resource. */
  public record PolicyFormat(String name, String resource) {
    /** The resource's file name, used as the source name in policy ids ({@code demo-policies.yaml#...}). */
    String fileName() {
      return resource.substring(resource.lastIndexOf('/') + 1);
    }

    /** The policy text with the demo issuer's JWKS URL filled in. */
    String load(String jwksUri) throws IOException {
      try (InputStream in = Demo.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("demo policy resource " + resource + " is missing from the jar");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${DEMO_JWKS_URI}", jwksUri);
      }
    }
  }

  /** The formats the demo runs, each over the whole matrix. */
  public static List<PolicyFormat> formats() {
    return List.of(
        new PolicyFormat("istio", "/demo-policies/istio/demo-policies.yaml"),
        new PolicyFormat("compact", "/demo-policies/compact/demo-policies.yaml"));
  }

  /** The protection of both demo predictors, built from one policy set. */
  public interface Protection {
    /** The servlet filter for the Jetty predictor. */
    Filter servletFilter();

    /** The route handler for the Vert.x predictor. */
    Handler<RoutingContext> vertxHandler();

    /**
     * The decision behind the last response (determining policy and rule, or the 401 reason), for
     * the table; {@code null} when none was recorded.
     */
    String lastDecision();

    /**
     * The gRPC interceptor on the same facade, for the matrix over gRPC; {@code null} (the default)
     * skips it.
     */
    default io.grpc.ServerInterceptor grpcInterceptor() {
      return null;
    }
  }

  /** Builds a {@link Protection} from policy text (RequestAuthentication + policies). */
  @FunctionalInterface
  public interface ProtectionFactory {
    Protection create(PolicyFormat format, String policyText, Clock clock, PrometheusMeterRegistry registry)
        throws Exception;
  }

  /** One row on one stack: what came back and whether it is what the matrix expects. */
  public record Result(String format, String stack, Row row, int status, String detail, String decision,
      List<String> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /**
   * Runs the matrix for every format against both stacks and prints the table.
   *
   * @param out where the table goes
   * @param factory how a policy set becomes a filter and a handler
   * @return every result (two per row and format)
   * @throws Exception when a server cannot start
   */
  public static List<Result> run(PrintStream out, ProtectionFactory factory) throws Exception {
    long start = System.nanoTime();
    List<Result> all = new ArrayList<>();
    int jwksFetches;
    Vertx vertx = Vertx.vertx();
    try (DemoIssuer issuer = DemoIssuer.start()) {
      out.println("kserve-auth demo: issuer " + DemoIssuer.ISSUER + " (JWKS served at " + issuer.jwksUri() + ")");
      for (PolicyFormat format : formats()) {
        all.addAll(runFormat(out, factory, format, issuer, vertx));
      }
      jwksFetches = issuer.jwksFetches();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    long failed = all.stream().filter(r -> !r.ok()).count();
    long grpc = all.stream().filter(r -> r.stack().equals("grpc")).count() / formats().size();
    out.printf(Locale.ROOT, "%n%d of %d checks as expected (%d rows x %d stacks x %d formats%s) in %.1f s;"
        + " the JWKS was fetched %d times in all %d checks (keys are cached)%n",
        all.size() - failed, all.size(), DemoMatrix.rows().size(), 2, formats().size(),
        grpc == 0 ? "" : ", plus " + grpc + " gRPC rows x " + formats().size() + " formats",
        (System.nanoTime() - start) / 1e9, jwksFetches, all.size());
    if (failed > 0) {
      out.println("MISMATCH: " + failed + " check(s) differ from expected-decisions.md (marked FAIL above)");
    }
    return all;
  }

  private static List<Result> runFormat(PrintStream out, ProtectionFactory factory, PolicyFormat format,
      DemoIssuer issuer, Vertx vertx) throws Exception {
    DemoClock clock = new DemoClock(DemoMatrix.WEEKDAY_10_00);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Protection protection = factory.create(format, format.load(issuer.jwksUri()), clock, registry);
    ModelServer servletModels = new ModelServer(DemoMatrix.MODELS, registry::scrape);
    ModelServer vertxModels = new ModelServer(DemoMatrix.MODELS, registry::scrape);
    List<Result> results = new ArrayList<>();
    try (ServletPredictor jetty = ServletPredictor.start("127.0.0.1", 0, protection.servletFilter(), servletModels);
        VertxPredictor vx = VertxPredictor.start(vertx, "127.0.0.1", 0, protection.vertxHandler(), vertxModels);
        DemoCaller caller = new DemoCaller()) {
      out.println();
      out.println("policy format: " + format.name() + " (" + format.resource() + ")   servlet: Jetty 12 on :"
          + jetty.port() + "   vertx: Vert.x 4.5 on :" + vx.port() + "   clock: "
          + DemoMatrix.WEEKDAY_10_00.atZone(DemoMatrix.POLICY_ZONE).toLocalDateTime() + " " + DemoMatrix.POLICY_ZONE);
      Table table = new Table(out);
      table.header();
      for (Row row : DemoMatrix.rows()) {
        clock.set(row.at());
        String token = row.token().mint(issuer, row.at());
        servletModels.reset();
        vertxModels.reset();
        Result s = check(format.name(), "servlet", row, caller.call(jetty.port(), row, token), protection.lastDecision());
        Result v = check(format.name(), "vertx", row, caller.call(vx.port(), row, token), protection.lastDecision());
        results.add(s);
        results.add(v);
        table.row(row, s, v);
      }
    }
    if (protection.grpcInterceptor() != null) {
      results.addAll(runGrpc(out, format, protection, issuer, clock, registry));
    }
    return results;
  }

  /** The matrix over gRPC, on the same facade: every row the gRPC service can express, plus one per RPC. */
  private static List<Result> runGrpc(PrintStream out, PolicyFormat format, Protection protection, DemoIssuer issuer,
      DemoClock clock, PrometheusMeterRegistry registry) throws Exception {
    ModelServer models = new ModelServer(DemoMatrix.MODELS, registry::scrape);
    List<Result> results = new ArrayList<>();
    try (GrpcPredictor grpc = GrpcPredictor.start("127.0.0.1", 0, e -> protection.grpcInterceptor(), models);
        DemoGrpc.Caller caller = new DemoGrpc.Caller(grpc.port())) {
      out.println();
      out.println("policy format: " + format.name() + " over gRPC (inference.GRPCInferenceService on :" + grpc.port()
          + ", the same facade)");
      String fmt = "%-3s %-45s %-20s %-28s %-8s %s%n";
      out.printf(Locale.ROOT, fmt, "#", "rpc", "token", "expected", "grpc", "decision (policy/rule or 401 reason)");
      out.printf(Locale.ROOT, fmt, "-".repeat(3), "-".repeat(45), "-".repeat(20), "-".repeat(28), "-".repeat(8),
          "-".repeat(40));
      for (Row row : DemoMatrix.rows()) {
        if (DemoGrpc.of(row) == null) {
          out.printf(Locale.ROOT, fmt, row.number(), row.request(), row.tokenLabel(), "-", "n/a",
              "no RPC in inference.GRPCInferenceService");
        }
      }
      for (DemoGrpc.GrpcRow g : DemoGrpc.rows()) {
        Row row = g.row();
        clock.set(row.at());
        models.reset();
        String token = row.token().mint(issuer, row.at());
        Result r = check(format.name(), "grpc", row, caller.call(g, token), protection.lastDecision());
        results.add(r);
        String why = r.decision() != null ? r.decision() : r.detail();
        out.printf(Locale.ROOT, fmt, row.number(), g.request(), row.tokenLabel(), row.expected().summary(),
            r.status() + (r.ok() ? " ok" : " FAIL"), why == null ? "" : why);
        for (String p : r.problems()) {
          out.printf(Locale.ROOT, "      FAIL grpc row %d: %s (got: %s)%n", row.number(), p, r.detail());
        }
      }
    }
    return results;
  }

  static Result check(String format, String stack, Row row, DemoCaller.Response r, String decision) {
    DemoMatrix.Expected e = row.expected();
    List<String> problems = new ArrayList<>();
    if (r.status() != e.status()) {
      problems.add("status " + r.status() + ", expected " + e.status());
    }
    String challenge = r.wwwAuthenticate();
    if (e.challenge() && (challenge == null || !challenge.startsWith("Bearer"))) {
      problems.add("no WWW-Authenticate: Bearer header");
    }
    if (e.bearerError() != null && (challenge == null || !challenge.contains("error=\"" + e.bearerError() + "\""))) {
      problems.add("WWW-Authenticate does not say error=\"" + e.bearerError() + "\"");
    }
    if (e.descriptionContains() != null && (challenge == null
        || !challenge.toLowerCase(Locale.ROOT).contains(e.descriptionContains().toLowerCase(Locale.ROOT)))) {
      problems.add("error_description does not say \"" + e.descriptionContains() + "\"");
    }
    if (e.bodyContains() != null && !r.body().replace(" ", "").contains(e.bodyContains())) {
      problems.add("body lacks " + e.bodyContains());
    }
    return new Result(format, stack, row, r.status(), r.detail(), decision, List.copyOf(problems));
  }

  /** Fixed-width table, one line per row with both stacks side by side. */
  private static final class Table {
    private static final String FORMAT = "%-3s %-45s %-20s %-28s %-8s %-8s %s%n";
    private final PrintStream out;

    Table(PrintStream out) {
      this.out = out;
    }

    void header() {
      out.printf(Locale.ROOT, FORMAT, "#", "request", "token", "expected", "servlet", "vertx", "decision (policy/rule or 401 reason)");
      out.printf(Locale.ROOT, FORMAT, "-".repeat(3), "-".repeat(45), "-".repeat(20), "-".repeat(28), "-".repeat(8),
          "-".repeat(8), "-".repeat(40));
    }

    void row(Row row, Result s, Result v) {
      String why = s.decision() != null ? s.decision() : s.detail();
      out.printf(Locale.ROOT, FORMAT, row.number(), row.request(), row.tokenLabel(), row.expected().summary(),
          mark(s), mark(v), why == null ? "" : why);
      for (Result r : List.of(s, v)) {
        for (String p : r.problems()) {
          out.printf(Locale.ROOT, "      FAIL %s row %d: %s (got: %s)%n", r.stack(), row.number(), p, r.detail());
        }
      }
    }

    private static String mark(Result r) {
      return r.status() + (r.ok() ? " ok" : " FAIL");
    }
  }
}
