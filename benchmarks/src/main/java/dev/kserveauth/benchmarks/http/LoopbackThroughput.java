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
package dev.kserveauth.benchmarks.http;

import dev.kserveauth.benchmarks.Medians;
import com.sun.net.httpserver.HttpServer;
import dev.kserveauth.KServeAuth;
import dev.kserveauth.audit.AuditSink;
import dev.kserveauth.policy.PolicyEngine;
import dev.kserveauth.policy.PolicySet;
import dev.kserveauth.servlet.KServeAuthFilter;
import dev.kserveauth.authn.JwtRule;
import dev.kserveauth.authn.RequestAuthenticator;
import dev.kserveauth.vertx.KServeAuthHandler;
import io.jsonwebtoken.Jwts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authorization.PermissionBasedAuthorization;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.auth.jwt.authorization.JWTAuthorization;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.AuthorizationHandler;
import io.vertx.ext.web.handler.JWTAuthHandler;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Loopback throughput of a trivial KServe V1 predict served by Jetty 12 and by Vert.x, with and
 * without kserve-auth in front, and Vert.x with vertx-auth-jwt's {@code JWTAuthHandler} +
 * {@code AuthorizationHandler} doing the same check (RS256 token, issuer + audience, permission
 * {@code model:predict}). Not JMH: a bounded closed-loop load (keep-alive HTTP/1.1 connections,
 * one request in flight each, the same token every time), all scenarios in one JVM run.
 *
 * <p>All five servers run for the whole measurement and are loaded in turn, in short slices, round
 * after round (after {@code -DwarmUpSeconds=5} of warm-up each): on a shared, noisy machine a slow
 * spell then hits every scenario alike instead of the one that happens to run during it. Each
 * scenario's ratio to its no-auth server is taken per round (adjacent slices), and the median over
 * the rounds is reported.
 *
 * <pre>
 * mvn -B -q -DskipTests package -pl benchmarks -am
 * java -cp benchmarks/target/benchmarks.jar dev.kserveauth.benchmarks.http.LoopbackThroughput [seconds=2] [connections=8] [rounds=15]
 * </pre>
 */
public final class LoopbackThroughput {
  static final String ISSUER = "https://auth.company.com";
  static final byte[] PREDICTION = "{\"predictions\":[1]}".getBytes(StandardCharsets.UTF_8);
  static final String BODY = "{\"instances\":[[1,2,3,4]]}";

  private LoopbackThroughput() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair keys = g.generateKeyPair();
    HttpServer jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] jwksJson = jwks(keys).getBytes(StandardCharsets.UTF_8);
    jwks.createContext("/jwks", ex -> {
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, jwksJson.length);
      ex.getResponseBody().write(jwksJson);
      ex.close();
    });
    jwks.start();
    String jwksUri = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks";
    String token = Jwts.builder().header().keyId("k1").and().issuer(ISSUER).subject("user123")
        .audience().add("kserve-api").and().claim("role", "data-scientist")
        .claim("permissions", List.of("model:predict")).issuedAt(new Date())
        .expiration(Date.from(Instant.now().plus(Duration.ofHours(2)))).signWith(keys.getPrivate(), Jwts.SIG.RS256)
        .compact();
    KServeAuth auth = KServeAuth.builder()
        .authenticator(RequestAuthenticator.builder()
            .rule(JwtRule.builder(ISSUER).jwksUri(jwksUri).audiences("kserve-api").build()).prefetchKeys(true).build())
        .policyEngine(PolicyEngine.builder().policies(PolicySet.parse(POLICY, "bench.yaml")).build())
        .auditSink(AuditSink.none())
        .build();
    byte[] request = ("POST /v1/models/sklearn-iris:predict HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
        + token + "\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY)
        .getBytes(StandardCharsets.ISO_8859_1);

    Vertx vertx = Vertx.vertx();
    JWTAuth vertxJwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(pem(keys)))
        .setJWTOptions(new JWTOptions().setIssuer(ISSUER).setAudience(List.of("kserve-api"))));
    // every server runs for the whole measurement; the load visits them in turn
    Map<String, Running> servers = new LinkedHashMap<>();
    Map<String, String> baselineOf = new LinkedHashMap<>();
    servers.put("jetty, no auth", jetty(null));
    servers.put("jetty + KServeAuthFilter", jetty(new KServeAuthFilter(auth)));
    baselineOf.put("jetty + KServeAuthFilter", "jetty, no auth");
    servers.put("vert.x, no auth", vertx(vertx, r -> {}));
    servers.put("vert.x + KServeAuthHandler", vertx(vertx, r -> r.route().handler(KServeAuthHandler.create(auth))));
    baselineOf.put("vert.x + KServeAuthHandler", "vert.x, no auth");
    servers.put("vert.x + JWTAuthHandler + AuthorizationHandler", vertx(vertx, r -> {
      r.route().handler(JWTAuthHandler.create(vertxJwt));
      r.route().handler(AuthorizationHandler.create(PermissionBasedAuthorization.create("model:predict"))
          .addAuthorizationProvider(JWTAuthorization.create("permissions")));
    }));
    baselineOf.put("vert.x + JWTAuthHandler + AuthorizationHandler", "vert.x, no auth");
    try {
      for (Map.Entry<String, Running> e : servers.entrySet()) {
        check(e.getValue().port(), request);
        load(e.getValue().port(), request, WARM_UP_SECONDS, connections);
      }
      Map<String, List<Double>> results = new LinkedHashMap<>();
      for (int round = 0; round < rounds; round++) {
        for (Map.Entry<String, Running> e : servers.entrySet()) {
          double rps = load(e.getValue().port(), request, seconds, connections);
          results.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(rps);
        }
        System.out.printf("round %d/%d done%n", round + 1, rounds);
      }
      System.out.printf("%n%d connections, %d s per scenario per round, %d interleaved rounds%n", connections, seconds,
          rounds);
      System.out.printf("| %-46s | %13s | %11s | %26s |%n", "scenario", "median req/s", "best req/s",
          "× no-auth (median of rounds)");
      System.out.println("|---|---:|---:|---:|");
      for (Map.Entry<String, List<Double>> e : results.entrySet()) {
        String base = baselineOf.get(e.getKey());
        String ratio = "";
        if (base != null) {
          List<Double> pairs = new ArrayList<>();
          for (int r = 0; r < rounds; r++) {
            pairs.add(e.getValue().get(r) / results.get(base).get(r));
          }
          ratio = String.format(java.util.Locale.ROOT, "%.2f", Medians.of(pairs));
        }
        System.out.printf(java.util.Locale.ROOT, "| %-46s | %,13.0f | %,11.0f | %26s |%n", e.getKey(),
            Medians.of(e.getValue()), e.getValue().stream().mapToDouble(d -> d).max().orElse(0), ratio);
      }
    } finally {
      for (Running r : servers.values()) {
        r.close();
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      jwks.stop(0);
    }
  }

  private static final int WARM_UP_SECONDS = Integer.getInteger("warmUpSeconds", 5);

  static final String POLICY = """
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: predictors, namespace: bench}
      spec:
        action: ALLOW
        rules:
        - from:
          - source:
              requestPrincipals: ["https://auth.company.com/*"]
          when:
          - key: request.auth.claims[permissions]
            values: ["model:predict"]
          - key: kserve.verb
            values: ["predict"]
      """;

  interface Running extends AutoCloseable {
    int port();
  }

  static Running jetty(jakarta.servlet.Filter filter) throws Exception {
    Server server = new Server();
    ServerConnector c = new ServerConnector(server);
    c.setHost("127.0.0.1");
    c.setPort(0);
    server.addConnector(c);
    ServletContextHandler ctx = new ServletContextHandler("/");
    if (filter != null) {
      ctx.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
    }
    ctx.addServlet(new ServletHolder(new HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        req.getInputStream().readAllBytes();
        res.setContentType("application/json");
        res.setContentLength(PREDICTION.length);
        res.getOutputStream().write(PREDICTION);
      }
    }), "/*");
    server.setHandler(ctx);
    server.start();
    return new Running() {
      public int port() {
        return c.getLocalPort();
      }

      public void close() throws Exception {
        server.stop();
      }
    };
  }

  private static final java.util.concurrent.atomic.AtomicInteger SHARED_PORT_IDS = new java.util.concurrent.atomic.AtomicInteger();

  static Running vertx(Vertx vertx, java.util.function.Consumer<Router> auth) throws Exception {
    // a negative port is an id: the servers that listen with the same one share one random port
    int sharedPortId = -SHARED_PORT_IDS.incrementAndGet();
    Router router = Router.router(vertx);
    auth.accept(router);
    router.post("/v1/models/:name").handler(ctx -> ctx.request().body().onSuccess(b ->
        ctx.response().putHeader("Content-Type", "application/json").end(io.vertx.core.buffer.Buffer.buffer(PREDICTION))));
    List<io.vertx.core.http.HttpServer> servers = new ArrayList<>();
    int port = 0;
    for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
      // one server per event loop, all on this scenario's port
      io.vertx.core.http.HttpServer s = vertx.createHttpServer().requestHandler(router).listen(sharedPortId, "127.0.0.1")
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      port = s.actualPort();
      servers.add(s);
    }
    int p = port;
    return new Running() {
      public int port() {
        return p;
      }

      public void close() throws Exception {
        for (io.vertx.core.http.HttpServer s : servers) {
          s.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
      }
    };
  }

  static void check(int port, byte[] request) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.getOutputStream().write(request);
      String head = readResponse(s.getInputStream());
      if (!head.startsWith("HTTP/1.1 200")) {
        throw new IllegalStateException("scenario does not answer 200: " + head);
      }
    }
  }

  static double load(int port, byte[] request, int seconds, int connections) throws Exception {
    LongAdder done = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Thread t = new Thread(() -> {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
          s.setTcpNoDelay(true);
          OutputStream out = s.getOutputStream();
          InputStream in = new java.io.BufferedInputStream(s.getInputStream(), 8192);
          while (!stop.get()) {
            out.write(request);
            out.flush();
            readResponse(in);
            done.increment();
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      t.setDaemon(true);
      threads.add(t);
    }
    long start = System.nanoTime();
    threads.forEach(Thread::start);
    Thread.sleep(seconds * 1000L);
    long n = done.sum();
    long elapsed = System.nanoTime() - start;
    stop.set(true);
    for (Thread t : threads) {
      t.join(5000);
    }
    return n / (elapsed / 1e9);
  }

  /** Reads one response (head + Content-Length body); returns the head. */
  static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder(256);
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed");
      }
      head.append((char) b);
      state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
    }
    String h = head.toString();
    int cl = 0;
    for (String line : h.split("\r\n")) {
      if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
        cl = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(cl);
    return h;
  }

  static String jwks(KeyPair keys) {
    RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
    return new JsonObject().put("keys", List.of(Map.of("kty", "RSA", "kid", "k1", "use", "sig", "alg", "RS256",
        "n", b64(pub.getModulus()), "e", b64(pub.getPublicExponent())))).encode();
  }

  static String b64(BigInteger v) {
    byte[] b = v.toByteArray();
    if (b.length > 1 && b[0] == 0) {
      b = java.util.Arrays.copyOfRange(b, 1, b.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String pem(KeyPair keys) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }
}
