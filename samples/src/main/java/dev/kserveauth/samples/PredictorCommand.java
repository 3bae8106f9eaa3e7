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
import dev.kserveauth.metrics.MicrometerAuthMetrics;
import dev.kserveauth.authn.JwtRule;
import dev.kserveauth.authn.JwtRules;
import dev.kserveauth.authn.RequestAuthenticator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code predictor}: the toy KServe predictor behind your policies, on the servlet stack (Jetty 12 +
 * the kserve-auth filter) or the Vert.x stack (the kserve-auth handler).
 *
 * <p>{@code --policy} takes files and directories holding RequestAuthentication and
 * AuthorizationPolicy documents (or the compact format); policies are reloaded when they change
 * (a mounted ConfigMap directory works). {@code /health} and {@code /metrics} are public unless the
 * policies mention them, in which case the policies decide; {@code --public-paths} overrides.
 */
final class PredictorCommand {

  static final String USAGE = String.join("\n",
      "predictor --port P --policy FILE... [--stack servlet|vertx] [--models m1,m2] [--host ADDR]",
      "          [--public-paths p1,p2] [--reload-seconds N] [--allow-all-without-policy]",
      "    serves a toy KServe V1/V2 iris model protected by the policies in FILE (files or directories,",
      "    reloaded on change); /health and /metrics are public unless the policies mention them; with no",
      "    enforcing policy in FILE it refuses to start unless --allow-all-without-policy says so;",
      "    --grpc-port P also serves the Open Inference Protocol over gRPC (inference.GRPCInferenceService,",
      "    plaintext) behind the same policies",
      KubernetesMode.USAGE);

  private static final String ALLOW_ALL = "allow-all-without-policy";
  private static final Set<String> OPTIONS = union(Set.of("port", "policy", "stack", "models", "host", "public-paths",
      "reload-seconds", "grpc-port"), KubernetesMode.OPTIONS);

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new java.util.HashSet<>(a);
    s.addAll(b);
    return Set.copyOf(s);
  }

  private PredictorCommand() {}

  /** A started predictor: close it to stop. */
  static final class Running implements AutoCloseable {
    private final AutoCloseable server;
    private final KServeAuth auth;
    private final Vertx vertx;
    private final int port;
    final String description;
    /** The gRPC port with {@code --grpc-port}, else -1. */
    int grpcPort = -1;

    Running(AutoCloseable server, KServeAuth auth, Vertx vertx, int port, String description) {
      this.server = server;
      this.auth = auth;
      this.vertx = vertx;
      this.port = port;
      this.description = description;
    }

    int port() {
      return port;
    }

    @Override
    public void close() throws Exception {
      server.close();
      auth.close();
      if (vertx != null) {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * The predictor could not listen on {@code --host}:{@code --port} (an unknown host, a port in use):
   * a failure of this run (exit 1), not a usage error. The message is one line and names the address.
   */
  static final class CannotListenException extends Exception {
    private static final long serialVersionUID = 1L;

    CannotListenException(String host, int port, Throwable cause) {
      super("cannot listen on " + host + ":" + port + ": " + reason(cause), cause);
    }

    /** Why the bind failed, in words: the innermost message, without exception class names. */
    private static String reason(Throwable t) {
      String message = null;
      for (Throwable c = t; c != null; c = c.getCause()) {
        if (c instanceof java.nio.channels.UnresolvedAddressException || c instanceof java.net.UnknownHostException) {
          return "unknown host (not an IP address or a name that resolves)";
        }
        if (c.getMessage() != null && !c.getMessage().isBlank()) {
          message = c.getMessage();
        }
        if (c.getCause() == c) {
          break;
        }
      }
      return message == null ? "the server did not start" : message;
    }
  }

  /** Runs until the process is stopped (Ctrl-C). */
  static int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
    Running running;
    try {
      running = start(argv);
    } catch (CannotListenException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.close();
      } catch (Exception e) {
        err.println("error while stopping: " + e);
      }
      stopped.countDown();
    }, "predictor-shutdown"));
    out.println(running.description);
    out.println("Ctrl-C stops it.");
    stopped.await();
    return 0;
  }

  /** Parses the options and starts the predictor; usage errors throw {@link Args.UsageException}. */
  static Running start(List<String> argv) throws Exception {
    Args a = Args.parse(argv, OPTIONS, union(Set.of(ALLOW_ALL), KubernetesMode.FLAGS));
    KubernetesMode kube = KubernetesMode.of(a);
    int port = a.port("port");
    List<Path> policies = a.all("policy").stream().map(Path::of).toList();
    if (policies.isEmpty()) {
      throw new Args.UsageException("--policy is required");
    }
    for (Path p : policies) {
      if (!Files.exists(p)) {
        throw new Args.UsageException("--policy " + p + " does not exist");
      }
    }
    String stack = a.orElse("stack", "servlet");
    if (!stack.equals("servlet") && !stack.equals("vertx")) {
      throw new Args.UsageException("--stack must be servlet or vertx, got '" + stack + "'");
    }
    List<String> models = split(a.orElse("models", "sklearn-iris"));
    if (models.isEmpty()) {
      throw new Args.UsageException("--models needs at least one model name");
    }
    String host = a.orElse("host", "0.0.0.0");
    if (host.isBlank()) {
      throw new Args.UsageException("--host must be an address or host name to listen on, got " + Args.quote(host));
    }
    int reload = a.positiveSeconds("reload-seconds", 2);
    List<String> givenPublicPaths = a.has("public-paths") ? split(a.one("public-paths")) : null;
    if (givenPublicPaths != null) {
      for (String p : givenPublicPaths) {
        try {
          KServeAuth.builder().publicPaths(p); // the same check the real builder makes, before anything starts
        } catch (IllegalArgumentException e) {
          throw new Args.UsageException("--public-paths " + Args.quote(p) + " is not a path pattern: "
              + e.getMessage());
        }
      }
    }
    int grpcPort = a.has("grpc-port") ? a.port("grpc-port") : -1;

    List<Path> files = yamlFiles(policies);
    List<JwtRule> rules = new ArrayList<>();
    for (Path f : files) {
      rules.addAll(JwtRules.load(f));
    }
    if (rules.isEmpty() && (kube == null || !kube.tokenReview())) {
      throw new Args.UsageException("no RequestAuthentication jwtRules (or kserve-auth IssuerConfig) in " + policies
          + ": the predictor would not know which tokens to accept");
    }
    List<String> publicPaths = givenPublicPaths != null ? givenPublicPaths
        : mentions(files, "/health", "/metrics") ? List.of() : List.of("/health", "/metrics");

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    KServeAuth auth = KServeAuth.builder()
        .authenticator(kube == null ? RequestAuthenticator.builder().rules(rules).prefetchKeys(true).build()
            : kube.authenticator(rules.isEmpty() ? null : RequestAuthenticator.builder().rules(rules).prefetchKeys(true).build()))
        .authorizers(kube == null ? java.util.Map.of() : kube.authorizers())
        .policies(policies.toArray(Path[]::new))
        .watchPolicies(Duration.ofSeconds(reload))
        .publicPaths(publicPaths.toArray(String[]::new))
        .metrics(MicrometerAuthMetrics.create(registry))
        .allowAllWithoutPolicy(a.has(ALLOW_ALL))
        .build();
    ModelServer modelServer = new ModelServer(models, registry::scrape);
    String what = " serving " + models + " on " + host + ":";
    String tail = "; policies " + policies + " (reloaded on change)"
        + (publicPaths.isEmpty() ? "" : "; public: " + publicPaths) + (kube == null ? "" : kube.describe());
    try {
      Running r;
      if (stack.equals("servlet")) {
        ServletPredictor p;
        try {
          p = ServletPredictor.start(host, port, auth, modelServer);
        } catch (Exception e) {
          throw new CannotListenException(host, port, e);
        }
        r = new Running(p, auth, null, p.port(), "servlet predictor (Jetty 12)" + what + p.port() + tail);
      } else {
        Vertx vertx = Vertx.vertx();
        VertxPredictor p;
        try {
          p = VertxPredictor.start(vertx, host, port, auth, modelServer);
        } catch (Exception e) {
          vertx.close();
          throw new CannotListenException(host, port, e);
        }
        r = new Running(p, auth, vertx, p.port(), "vertx predictor (Vert.x 4.5)" + what + p.port() + tail);
      }
      return grpcPort < 0 ? r : withGrpc(r, host, grpcPort, auth, modelServer);
    } catch (Exception e) {
      auth.close();
      throw e;
    }
  }

  /** The REST predictor plus the same model over gRPC, behind the same facade. */
  private static Running withGrpc(Running rest, String host, int port, KServeAuth auth, ModelServer models)
      throws Exception {
    GrpcPredictor g;
    try {
      g = GrpcPredictor.start(host, port, auth, models);
    } catch (IOException e) {
      rest.close();
      throw new Args.UsageException("--grpc-port " + port + ": cannot listen: " + e.getMessage());
    }
    Running r = new Running(() -> {
      g.close();
      rest.close();
    }, auth, null, rest.port(), rest.description + "; gRPC (inference.GRPCInferenceService) on " + host + ":"
        + g.port());
    r.grpcPort = g.port();
    return r;
  }

  private static List<String> split(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** The YAML files behind files and directories (a directory's *.yaml / *.yml, hidden names skipped). */
  static List<Path> yamlFiles(List<Path> paths) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(f -> {
            String n = f.getFileName().toString();
            return !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(f);
          }).sorted().forEach(out::add);
        }
      } else {
        out.add(p);
      }
    }
    return out;
  }

  private static boolean mentions(List<Path> files, String... needles) {
    for (Path f : files) {
      String text;
      try {
        text = Files.readString(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (String n : needles) {
        if (text.contains(n)) {
          return true;
        }
      }
    }
    return false;
  }
}
