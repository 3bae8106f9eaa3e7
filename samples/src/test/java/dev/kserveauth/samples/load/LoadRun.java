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

import io.jsonwebtoken.Jwts;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * One bounded load run with faults against one predictor stack.
 *
 * <p>A closed-loop load generator ({@code concurrency} workers on {@link HttpClient}) sends a fixed
 * mix of requests whose right answer is known: repeated tokens that must be allowed or denied
 * (403), fresh tokens (signed per request, so never cached), anonymous, forged, expired,
 * wrong-audience and unknown-kid tokens (401), and a public {@code /health}. Meanwhile the run
 * walks through phases that break what the predictor depends on:
 *
 * <ol>
 *   <li>{@code steady}: everything works (throughput and latency baseline; heap baseline after it)
 *   <li>{@code jwks-down}: the JWKS endpoint closes its socket and the cached set expires: the last
 *       good keys must keep serving
 *   <li>{@code jwks-rotated}: it comes back publishing a new key {@code k2} beside {@code k1}; tokens
 *       signed with {@code k2} join the mix and must be accepted once the set is refetched (the
 *       rotation window, counted separately), {@code k1} tokens stay valid
 *   <li>{@code jwks-slow}: answers take longer than the fetch timeout while the set expires
 *   <li>{@code jwks-garbage}: answers 200 with garbage, a different kind per fetch
 *   <li>{@code policy-broken}: the policy file is atomically replaced with a document whose first
 *       half would grant data scientists everything and whose second half has a typo, then with a
 *       truncated file: the old set must keep serving
 *   <li>{@code policy-restored}: the original file is written back and reloads
 *   <li>{@code k1-retired}: {@code k1} leaves the JWKS; once the set is refetched (the retirement
 *       window) every {@code k1} token must be rejected, including cached ones
 * </ol>
 *
 * <p>A request is judged when it completes: allowed when it must be denied, or rejected when it must
 * be allowed, is a violation, unless the request overlapped the one key-rotation window that
 * applies to its signing key (from the switch until the key source holds a set fetched after the
 * endpoint first served the new document). Every other status than the expected one, every 5xx and
 * every I/O error is counted as an error.
 */
final class LoadRun {

  static final String ISSUER = "https://auth.load.example";
  static final String AUDIENCE = "kserve-api";
  static final String MODEL = "sklearn-iris";
  static final String PRODUCTION = "production-fraud";
  static final byte[] PREDICT_BODY = "{\"instances\": [[6.8, 2.8, 4.8, 1.4]]}".getBytes(StandardCharsets.UTF_8);

  static final String POLICY = """
      apiVersion: kserve-auth/v1
      kind: AccessPolicy
      metadata: {name: load-rbac}
      spec:
        roleClaims: [role]
        roles:
          admin: {permissions: ["*"]}
          data-scientist: {permissions: [model:list, model:ready, model:metadata, model:predict]}
        deny:
          - name: production-is-admin-only
            notRoles: [admin]
            models: ["production-*"]
      """;

  /** Loaded half-way, the first document would let data scientists do anything, production included. */
  static final String POLICY_WITH_TYPO = """
      apiVersion: kserve-auth/v1
      kind: AccessPolicy
      metadata: {name: load-rbac}
      spec:
        roleClaims: [role]
        roles:
          admin: {permissions: ["*"]}
          data-scientist: {permissions: ["*"]}
      ---
      apiVersion: kserve-auth/v1
      kind: AccessPolicy
      metadata: {name: load-deny}
      spec:
        deny:
          - name: production-is-admin-only
            notRoles: [admin]
            modles: ["production-*"]
      """;

  /** A writer that died mid-file. */
  static final String POLICY_TRUNCATED = POLICY.substring(0, POLICY.indexOf("model:ready") + 5);

  /** Settings of one run. */
  record Settings(Duration duration, int concurrency, Duration faultTimeout) {}

  /** A key-rotation window: opened at a switch, closed when the key source holds the new set. */
  static final class Window {
    volatile long openNanos = Long.MAX_VALUE;
    volatile long closeNanos = Long.MAX_VALUE;

    boolean opened() {
      return openNanos != Long.MAX_VALUE;
    }

    boolean overlaps(long start, long end) {
      return end >= openNanos && start < closeNanos;
    }

    Duration length() {
      return closeNanos == Long.MAX_VALUE || !opened() ? null : Duration.ofNanos(closeNanos - openNanos);
    }
  }

  /** The request kinds and their weights in the mix. */
  enum Kind {
    DS_K1_PREDICT(20), DS_K1_PRODUCTION(8), ADMIN_K1_PRODUCTION(6), DS_K1_METADATA(5), DS_K1_DELETE(3),
    DS_K2_PREDICT(20), DS_K2_PRODUCTION(8), ADMIN_K2_PRODUCTION(6),
    FRESH_PREDICT(5), ANONYMOUS(4), FORGED(4), EXPIRED(3), WRONG_AUDIENCE(3), UNKNOWN_KID(3), HEALTH(2);

    final int weight;

    Kind(int weight) {
      this.weight = weight;
    }

    boolean k2Only() {
      return name().contains("_K2_");
    }
  }

  /** What one request must get. */
  record Expectation(boolean allow, int denyStatuses, Window window) {
    static final int S401 = 1;
    static final int S403 = 2;
  }

  static final String[] PHASES = {"steady", "jwks-down", "jwks-rotated", "jwks-slow", "jwks-garbage",
      "policy-broken", "policy-restored", "k1-retired"};
  static final double[] SHARES = {0.20, 0.10, 0.10, 0.10, 0.15, 0.10, 0.10, 0.15};

  /** Counters of one phase. */
  static final class PhaseStats {
    final LongAdder requests = new LongAdder();
    final LongAdder latencyNanos = new LongAdder();
    final java.util.concurrent.atomic.AtomicLong maxNanos = new java.util.concurrent.atomic.AtomicLong();
    volatile long startNanos;
    volatile long endNanos;

    void record(long nanos) {
      requests.increment();
      latencyNanos.add(nanos);
      maxNanos.accumulateAndGet(nanos, Math::max);
    }
  }

  /** Latency histogram: 10 µs steps to 1 ms, 1 ms steps to 100 ms, 100 ms steps to 10 s. */
  static final class Histogram {
    final AtomicLongArray buckets = new AtomicLongArray(300);

    void record(long nanos) {
      long us = nanos / 1_000;
      int b;
      if (us < 1_000) {
        b = (int) (us / 10);
      } else if (us < 100_000) {
        b = 100 + (int) (us / 1_000) - 1;
      } else {
        b = (int) Math.min(299, 199 + us / 100_000);
      }
      buckets.incrementAndGet(b);
    }

    /** Upper bound of the bucket holding the q-quantile, in microseconds. */
    long quantileMicros(double q) {
      long total = 0;
      for (int i = 0; i < buckets.length(); i++) {
        total += buckets.get(i);
      }
      long want = (long) Math.ceil(q * total);
      long seen = 0;
      for (int i = 0; i < buckets.length(); i++) {
        seen += buckets.get(i);
        if (seen >= want && seen > 0) {
          return i < 100 ? (i + 1) * 10L : i < 199 ? (i - 99 + 1) * 1_000L : (i - 199 + 1) * 100_000L;
        }
      }
      return 0;
    }
  }

  // --- results -------------------------------------------------------------------------------
  final LongAdder total = new LongAdder();
  final LongAdder mustDenyAllowed = new LongAdder();
  final LongAdder mustAllowRejected = new LongAdder();
  final LongAdder wrongDenyStatus = new LongAdder();
  final LongAdder serverErrors = new LongAdder();
  final LongAdder unexpectedStatus = new LongAdder();
  final LongAdder ioErrors = new LongAdder();
  final LongAdder staleConnectionRetries = new LongAdder();
  final LongAdder windowRejected = new LongAdder();
  final LongAdder windowAllowed = new LongAdder();
  final LongAdder allowedOk = new LongAdder();
  final LongAdder deniedOk = new LongAdder();
  final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
  final Map<Kind, LongAdder> kinds = new ConcurrentHashMap<>();
  final Map<String, List<String>> firstProblems = new ConcurrentHashMap<>();
  final PhaseStats[] phases = new PhaseStats[PHASES.length];
  final Histogram steadyLatency = new Histogram();
  final Histogram allLatency = new Histogram();
  final Window rotationIn = new Window();
  final Window retirement = new Window();
  long heapBaseline;
  long heapEnd;
  Duration wallTime;
  final Map<String, Object> faultEvidence = new LinkedHashMap<>();

  // --- state shared with the workers --------------------------------------------------------
  private final Settings settings;
  private final LoadTarget.Stack stack;
  private final Path dir;
  private final ShiftableClock clock = new ShiftableClock();
  private final KeyPair k1 = rsa();
  private final KeyPair k2 = rsa();
  private final KeyPair forger = rsa();
  private final KeyPair stranger = rsa();
  private volatile int phase;
  private volatile boolean k2Live;
  private volatile boolean running = true;
  /** The key fresh tokens are signed with, published as one value so that kid and key never disagree. */
  private record FreshSigner(String kid, KeyPair key) {}

  private volatile FreshSigner fresh = new FreshSigner("k1", k1);
  private String dsK1;
  private String adminK1;
  private volatile String dsK2;
  private volatile String adminK2;
  private String forged;
  private String expired;
  private String wrongAudience;
  private final List<String> unknownKid = new ArrayList<>();
  private final Kind[] wheel;

  LoadRun(Settings settings, LoadTarget.Stack stack, Path dir) {
    this.settings = settings;
    this.stack = stack;
    this.dir = dir;
    for (int i = 0; i < phases.length; i++) {
      phases[i] = new PhaseStats();
    }
    List<Kind> w = new ArrayList<>();
    for (Kind k : Kind.values()) {
      for (int i = 0; i < k.weight; i++) {
        w.add(k);
      }
    }
    wheel = w.toArray(new Kind[0]);
  }

  /** Runs every phase against a fresh predictor; returns when the load has stopped and all is closed. */
  void run() throws Exception {
    Path policyDir = Files.createDirectories(dir.resolve("policies"));
    Path authn = policyDir.resolve("authn.yaml");
    Path rbac = policyDir.resolve("rbac.yaml");
    Instant t0 = clock.instant();
    dsK1 = mint(k1, "k1", "alice", Map.of("role", "data-scientist"), AUDIENCE, t0, Duration.ofHours(2));
    adminK1 = mint(k1, "k1", "root", Map.of("role", "admin"), AUDIENCE, t0, Duration.ofHours(2));
    forged = mint(forger, "k1", "mallory", Map.of("role", "admin"), AUDIENCE, t0, Duration.ofHours(2));
    expired = mint(k1, "k1", "alice", Map.of("role", "data-scientist"), AUDIENCE, t0.minus(Duration.ofHours(1)),
        Duration.ofMinutes(10));
    wrongAudience = mint(k1, "k1", "alice", Map.of("role", "admin"), "some-other-service", t0, Duration.ofHours(2));
    for (int i = 0; i < 64; i++) {
      unknownKid.add(mint(stranger, "kid-" + UUID.randomUUID(), "eve", Map.of("role", "admin"), AUDIENCE, t0,
          Duration.ofHours(2)));
    }

    try (FaultyJwksServer jwks = FaultyJwksServer.start(Map.of("k1", k1))) {
      Files.writeString(authn, """
          apiVersion: security.istio.io/v1
          kind: RequestAuthentication
          metadata: {name: load-jwt}
          spec:
            jwtRules:
            - issuer: %s
              jwksUri: %s
              audiences: [%s]
          """.formatted(ISSUER, jwks.jwksUri(), AUDIENCE));
      Files.writeString(rbac, POLICY);
      try (LoadTarget target = LoadTarget.start(stack, policyDir, authn, clock, Duration.ofMillis(250),
          List.of(MODEL, PRODUCTION))) {
        runPhases(target, jwks, rbac);
      }
    }
  }

  private void runPhases(LoadTarget target, FaultyJwksServer jwks, Path rbac) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    String base = "http://127.0.0.1:" + target.port();
    ExecutorService workers = Executors.newFixedThreadPool(settings.concurrency(), r -> {
      Thread t = new Thread(r, "load-" + stack.name().toLowerCase(Locale.ROOT));
      t.setDaemon(true);
      return t;
    });
    long runStart = System.nanoTime();
    phases[0].startNanos = runStart;
    for (int i = 0; i < settings.concurrency(); i++) {
      workers.submit(() -> work(http, base));
    }
    LoadTarget.Counters c = target.counters;
    try {
      // 0 steady
      waitPhase(0, null);
      heapBaseline = usedHeapAfterGc();

      // 1 JWKS endpoint gone, cached set expires
      begin(1);
      long failedBefore = c.jwksFailed.sum();
      jwks.mode(FaultyJwksServer.Mode.DOWN);
      clock.advance(Duration.ofSeconds(61));
      waitPhase(1, () -> c.jwksFailed.sum() > failedBefore);
      faultEvidence.put("jwks-down: failed fetches", c.jwksFailed.sum() - failedBefore);

      // 2 back with a rotated key beside the old one
      begin(2);
      jwks.publish(Map.of("k1", k1, "k2", k2));
      Instant now = clock.instant();
      dsK2 = mint(k2, "k2", "alice", Map.of("role", "data-scientist"), AUDIENCE, now, Duration.ofHours(2));
      adminK2 = mint(k2, "k2", "root", Map.of("role", "admin"), AUDIENCE, now, Duration.ofHours(2));
      rotationIn.openNanos = System.nanoTime();
      fresh = new FreshSigner("k2", k2);
      k2Live = true;
      jwks.mode(FaultyJwksServer.Mode.UP);
      clock.advance(Duration.ofSeconds(31)); // past the retry pause after failures and the unknown-kid floor
      closeWhenRefetched(rotationIn, target, 2);
      waitPhase(2, () -> rotationIn.closeNanos != Long.MAX_VALUE);
      faultEvidence.put("jwks-rotated: window until k2 usable", rotationIn.length());

      // 3 slow answers while the set expires
      begin(3);
      long failedBeforeSlow = c.jwksFailed.sum();
      jwks.mode(FaultyJwksServer.Mode.SLOW);
      clock.advance(Duration.ofSeconds(61));
      waitPhase(3, () -> c.jwksFailed.sum() > failedBeforeSlow && jwks.servedSlow() > 0);
      faultEvidence.put("jwks-slow: timed-out fetches", c.jwksFailed.sum() - failedBeforeSlow);

      // 4 garbage, a new kind on every retry
      begin(4);
      long failedBeforeGarbage = c.jwksFailed.sum();
      jwks.mode(FaultyJwksServer.Mode.GARBAGE);
      long phaseEnd = phaseDeadline(4);
      long hardEnd = System.nanoTime() + settings.faultTimeout().toNanos();
      while (running && System.nanoTime() < hardEnd
          && (System.nanoTime() < phaseEnd || jwks.servedGarbage() < FaultyJwksServer.GARBAGE.size())) {
        if (jwks.servedGarbage() < FaultyJwksServer.GARBAGE.size()) {
          clock.advance(Duration.ofSeconds(11)); // lets the next request retry the fetch
        }
        Thread.sleep(Math.max(50, (phaseEnd - System.nanoTime()) / 1_000_000 / (FaultyJwksServer.GARBAGE.size() + 1)));
      }
      require(jwks.servedGarbage() >= FaultyJwksServer.GARBAGE.size(), "every kind of garbage was served");
      faultEvidence.put("jwks-garbage: garbage answers / failed fetches", jwks.servedGarbage() + " / "
          + (c.jwksFailed.sum() - failedBeforeGarbage));

      // 5 broken policy files (the JWKS recovers first)
      begin(5);
      long okBefore = c.jwksOk.sum();
      jwks.mode(FaultyJwksServer.Mode.UP);
      clock.advance(Duration.ofSeconds(11));
      long reloadFailedBefore = c.reloadFailed.sum();
      replace(rbac, POLICY_WITH_TYPO);
      awaitOrFail(() -> c.reloadFailed.sum() > reloadFailedBefore, "the policy with a typo was rejected");
      replace(rbac, POLICY_TRUNCATED);
      awaitOrFail(() -> c.reloadFailed.sum() > reloadFailedBefore + 1, "the truncated policy was rejected");
      waitPhase(5, () -> c.jwksOk.sum() > okBefore);
      faultEvidence.put("policy-broken: rejected reloads", c.reloadFailed.sum() - reloadFailedBefore);
      faultEvidence.put("jwks recovered after garbage: good fetches", c.jwksOk.sum() - okBefore);

      // 6 the good file comes back
      begin(6);
      long reloadOkBefore = c.reloadOk.sum();
      replace(rbac, POLICY);
      waitPhase(6, () -> c.reloadOk.sum() > reloadOkBefore);
      faultEvidence.put("policy-restored: reloads", c.reloadOk.sum() - reloadOkBefore);

      // 7 k1 retired
      begin(7);
      retirement.openNanos = System.nanoTime();
      jwks.publish(Map.of("k2", k2));
      clock.advance(Duration.ofSeconds(61));
      closeWhenRefetched(retirement, target, 1);
      waitPhase(7, () -> retirement.closeNanos != Long.MAX_VALUE);
      faultEvidence.put("k1-retired: window until k1 rejected", retirement.length());
    } finally {
      running = false;
      workers.shutdown();
      if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
      phases[phase].endNanos = System.nanoTime();
      wallTime = Duration.ofNanos(System.nanoTime() - runStart);
    }
    heapEnd = usedHeapAfterGc();
    faultEvidence.put("key source", target.keyStats());
    faultEvidence.put("audit events / decisions", c.auditEvents.sum() + " / " + (c.allowed.sum() + c.denied.sum()));
    faultEvidence.put("clock moved ahead by", clock.offset());
  }

  // --- the workers ---------------------------------------------------------------------------

  private void work(HttpClient http, String base) {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    while (running) {
      Kind kind = wheel[rnd.nextInt(wheel.length)];
      if (kind.k2Only() && !k2Live) {
        continue;
      }
      int ph = phase;
      long start = System.nanoTime();
      Expectation want;
      HttpRequest req;
      FreshSigner signer = fresh; // one read: the expectation and the token agree on the key
      try {
        want = expectation(kind, signer);
        req = request(kind, base, rnd, signer);
      } catch (RuntimeException e) {
        problem("I/O", "building " + kind + ": " + e);
        ioErrors.increment();
        continue;
      }
      int status;
      try {
        status = send(http, req);
      } catch (IOException e) {
        if (running) {
          ioErrors.increment();
          problem("I/O", kind + " in " + PHASES[ph] + " after " + (System.nanoTime() - start) / 1_000_000 + " ms: " + e);
        }
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      long end = System.nanoTime();
      judge(kind, want, status, start, end, ph);
    }
  }

  /**
   * Sends once, and once more when a kept-alive connection turned out to be closed before any
   * response byte (the race every HTTP/1.1 client has with a server closing an idle connection;
   * OkHttp retries it silently, the JDK client only for GET). Such retries are counted and reported.
   */
  private int send(HttpClient http, HttpRequest req) throws IOException, InterruptedException {
    try {
      return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
        throw e;
      }
      staleConnectionRetries.increment();
      return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }

  private Expectation expectation(Kind kind, FreshSigner signer) {
    boolean retired = retirement.opened();
    return switch (kind) {
      case DS_K1_PREDICT, ADMIN_K1_PRODUCTION, DS_K1_METADATA -> new Expectation(!retired, Expectation.S401, retirement);
      case DS_K1_PRODUCTION, DS_K1_DELETE -> new Expectation(false,
          retired ? Expectation.S401 | Expectation.S403 : Expectation.S403, retirement);
      case DS_K2_PREDICT, ADMIN_K2_PRODUCTION -> new Expectation(true, 0, rotationIn);
      case DS_K2_PRODUCTION -> new Expectation(false, Expectation.S403, rotationIn);
      case FRESH_PREDICT -> "k2".equals(signer.kid()) ? new Expectation(true, 0, rotationIn)
          : new Expectation(!retired, Expectation.S401, retirement);
      case ANONYMOUS, FORGED, EXPIRED, WRONG_AUDIENCE, UNKNOWN_KID -> new Expectation(false, Expectation.S401, null);
      case HEALTH -> new Expectation(true, 0, null);
    };
  }

  private HttpRequest request(Kind kind, String base, ThreadLocalRandom rnd, FreshSigner signer) {
    String predict = "/v1/models/" + MODEL + ":predict";
    String production = "/v1/models/" + PRODUCTION + ":predict";
    return switch (kind) {
      case DS_K1_PREDICT -> post(base + predict, dsK1);
      case DS_K1_PRODUCTION -> post(base + production, dsK1);
      case ADMIN_K1_PRODUCTION -> post(base + production, adminK1);
      case DS_K1_METADATA -> get(base + "/v2/models/" + MODEL, dsK1);
      case DS_K1_DELETE -> HttpRequest.newBuilder(URI.create(base + "/v1/models/" + MODEL)).DELETE()
          .header("Authorization", "Bearer " + dsK1).timeout(Duration.ofSeconds(15)).build();
      case DS_K2_PREDICT -> post(base + predict, dsK2);
      case DS_K2_PRODUCTION -> post(base + production, dsK2);
      case ADMIN_K2_PRODUCTION -> post(base + production, adminK2);
      // never cached (a new jti each time); lives longer than the largest clock jump of the run
      // (61 s), so that a token in flight while the clock moves does not arrive expired
      case FRESH_PREDICT -> post(base + predict, mint(signer.key(), signer.kid(), "user-" + rnd.nextInt(1_000_000),
          Map.of("role", "data-scientist", "jti", UUID.randomUUID().toString()), AUDIENCE, clock.instant(),
          Duration.ofMinutes(5)));
      case ANONYMOUS -> post(base + predict, null);
      case FORGED -> post(base + production, forged);
      case EXPIRED -> post(base + predict, expired);
      case WRONG_AUDIENCE -> post(base + predict, wrongAudience);
      case UNKNOWN_KID -> post(base + production, unknownKid.get(rnd.nextInt(unknownKid.size())));
      case HEALTH -> get(base + "/health", null);
    };
  }

  private static HttpRequest post(String url, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .POST(HttpRequest.BodyPublishers.ofByteArray(PREDICT_BODY))
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(15));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.build();
  }

  private static HttpRequest get(String url, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET().timeout(Duration.ofSeconds(15));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.build();
  }

  private void judge(Kind kind, Expectation want, int status, long start, long end, int ph) {
    total.increment();
    kinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
    statuses.computeIfAbsent(String.valueOf(status), k -> new LongAdder()).increment();
    long nanos = end - start;
    phases[ph].record(nanos);
    allLatency.record(nanos);
    if (ph == 0) {
      steadyLatency.record(nanos);
    }
    boolean inWindow = want.window() != null && want.window().overlaps(start, end);
    if (status >= 500) {
      serverErrors.increment();
      problem("5xx", kind + " in " + PHASES[ph] + ": HTTP " + status);
    } else if (status >= 200 && status < 300) {
      if (want.allow()) {
        allowedOk.increment();
      } else if (inWindow) {
        windowAllowed.increment();
      } else {
        mustDenyAllowed.increment();
        problem("allowed but must be denied", kind + " in " + PHASES[ph] + ": " + status);
      }
    } else if (status == 401 || status == 403) {
      if (!want.allow()) {
        int bit = status == 401 ? Expectation.S401 : Expectation.S403;
        if ((want.denyStatuses() & bit) != 0 || inWindow) {
          deniedOk.increment();
        } else {
          wrongDenyStatus.increment();
          problem("wrong denial status", kind + " in " + PHASES[ph] + ": " + status);
        }
      } else if (inWindow) {
        windowRejected.increment();
      } else {
        mustAllowRejected.increment();
        problem("rejected but must be allowed", kind + " in " + PHASES[ph] + ": " + status);
      }
    } else {
      unexpectedStatus.increment();
      problem("unexpected status", kind + " in " + PHASES[ph] + ": HTTP " + status);
    }
  }

  /** Keeps the first few problems of each category for the report. */
  private void problem(String category, String what) {
    List<String> l = firstProblems.computeIfAbsent(category, k -> java.util.Collections.synchronizedList(new ArrayList<>()));
    if (l.size() < 5) {
      l.add(what);
    }
  }

  // --- phase control -------------------------------------------------------------------------

  private void begin(int p) {
    long now = System.nanoTime();
    phases[phase].endNanos = now;
    phases[p].startNanos = now;
    phase = p;
  }

  private long phaseDeadline(int p) {
    return phases[p].startNanos + (long) (settings.duration().toNanos() * SHARES[p]);
  }

  /** Waits for the phase's share of the run and, if given, until {@code done} holds (bounded). */
  private void waitPhase(int p, BooleanSupplier done) throws InterruptedException {
    long deadline = phaseDeadline(p);
    long hard = phases[p].startNanos + Math.max(settings.faultTimeout().toNanos(), deadline - phases[p].startNanos);
    while (System.nanoTime() < deadline || (done != null && !done.getAsBoolean())) {
      if (System.nanoTime() > hard) {
        throw new AssertionError("phase " + PHASES[p] + ": the fault did not show within "
            + settings.faultTimeout().toSeconds() + " s");
      }
      Thread.sleep(20);
    }
  }

  private void awaitOrFail(BooleanSupplier done, String what) throws InterruptedException {
    long hard = System.nanoTime() + settings.faultTimeout().toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > hard) {
        throw new AssertionError("not seen within " + settings.faultTimeout().toSeconds() + " s: " + what);
      }
      Thread.sleep(20);
    }
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError("fault not exercised: " + what);
    }
  }

  /**
   * Closes the window once the key source holds the newly published set, recognised by its size
   * (the rotation adds a key, the retirement removes one; garbage never becomes a set).
   */
  private void closeWhenRefetched(Window w, LoadTarget target, int keysInNewSet) {
    Thread t = new Thread(() -> {
      long hard = System.nanoTime() + settings.faultTimeout().toNanos();
      while (running && System.nanoTime() < hard) {
        if (target.keyStats().keys() == keysInNewSet) {
          w.closeNanos = System.nanoTime();
          return;
        }
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "window-watch");
    t.setDaemon(true);
    t.start();
  }

  private static void replace(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static long usedHeapAfterGc() throws InterruptedException {
    var mem = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return mem.getHeapMemoryUsage().getUsed();
  }

  // --- tokens --------------------------------------------------------------------------------

  static String mint(KeyPair key, String kid, String subject, Map<String, ?> claims, String audience, Instant iat,
      Duration lifetime) {
    return Jwts.builder()
        .header().keyId(kid).type("JWT").and()
        .issuer(ISSUER)
        .subject(subject)
        .audience().add(audience).and()
        .claims(claims)
        .issuedAt(Date.from(iat))
        .notBefore(Date.from(iat))
        .expiration(Date.from(iat.plus(lifetime)))
        .signWith(key.getPrivate(), Jwts.SIG.RS256)
        .compact();
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- report --------------------------------------------------------------------------------

  String report() {
    StringBuilder r = new StringBuilder();
    r.append(String.format(Locale.ROOT, "stack %s: %d requests in %.1f s (%.0f req/s), concurrency %d%n",
        stack.name().toLowerCase(Locale.ROOT), total.sum(), wallTime.toMillis() / 1000.0,
        total.sum() / (wallTime.toMillis() / 1000.0), settings.concurrency()));
    r.append(String.format(Locale.ROOT,
        "  allowed as expected %d, denied as expected %d%n"
            + "  VIOLATIONS: allowed but must be denied %d, rejected but must be allowed %d%n"
            + "  errors: 5xx %d, other unexpected status %d, wrong denial status %d, I/O %d"
            + " (requests resent after a kept-alive connection closed unannounced: %d)%n"
            + "  rotation windows: k2 rejected before refetch %d, k1 allowed before refetch %d%n",
        allowedOk.sum(), deniedOk.sum(), mustDenyAllowed.sum(), mustAllowRejected.sum(), serverErrors.sum(),
        unexpectedStatus.sum(), wrongDenyStatus.sum(), ioErrors.sum(), staleConnectionRetries.sum(), windowRejected.sum(), windowAllowed.sum()));
    r.append(String.format(Locale.ROOT, "  latency steady p50 %s p99 %s; whole run p50 %s p99 %s p99.9 %s%n",
        us(steadyLatency.quantileMicros(0.5)), us(steadyLatency.quantileMicros(0.99)),
        us(allLatency.quantileMicros(0.5)), us(allLatency.quantileMicros(0.99)), us(allLatency.quantileMicros(0.999))));
    r.append(String.format(Locale.ROOT, "  heap used after GC: %.1f MB after steady phase, %.1f MB at end (%+.1f MB)%n",
        heapBaseline / 1048576.0, heapEnd / 1048576.0, (heapEnd - heapBaseline) / 1048576.0));
    r.append("  phases (requests, req/s, mean, max latency):\n");
    for (int i = 0; i < phases.length; i++) {
      PhaseStats p = phases[i];
      long n = p.requests.sum();
      double secs = Math.max(1e-9, (p.endNanos - p.startNanos) / 1e9);
      r.append(String.format(Locale.ROOT, "    %-16s %7d %7.0f %9s %9s%n", PHASES[i], n, n / secs,
          us(n == 0 ? 0 : p.latencyNanos.sum() / n / 1000), us(p.maxNanos.get() / 1000)));
    }
    r.append("  statuses: ").append(new java.util.TreeMap<>(statuses)).append('\n');
    r.append("  evidence the faults happened:\n");
    faultEvidence.forEach((k, v) -> r.append("    ").append(k).append(": ").append(v).append('\n'));
    if (!firstProblems.isEmpty()) {
      r.append("  first problems:\n");
      new java.util.TreeMap<>(firstProblems).forEach((k, l) -> {
        r.append("    ").append(k).append(":\n");
        synchronized (l) {
          l.forEach(p -> r.append("      ").append(p).append('\n'));
        }
      });
    }
    return r.toString();
  }

  private static String us(long micros) {
    return micros >= 10_000 ? String.format(Locale.ROOT, "%.0f ms", micros / 1000.0)
        : micros >= 1_000 ? String.format(Locale.ROOT, "%.1f ms", micros / 1000.0) : micros + " µs";
  }
}
