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

import dev.kserveauth.audit.AuditSink;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.testing.http.TableAuthenticator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policy files changed on disk while requests flow. */
class PolicyReloadTest {
  @TempDir Path dir;

  static final TableAuthenticator AUTHN = new TableAuthenticator(
      Map.of("u", TableAuthenticator.principal("u", "user", "t")));

  static String allow(int v) {
    return "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: allow, namespace: t}\n"
        + "spec:\n  action: ALLOW\n  rules:\n  - to:\n    - operation:\n        paths: [\"/v" + v + "/*\"]\n";
  }

  static String deny(int v) {
    return "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: deny, namespace: t}\n"
        + "spec:\n  action: DENY\n  rules:\n  - to:\n    - operation:\n        paths: [\"/v" + v + "/blocked\"]\n";
  }

  void write(String name, String text) throws Exception {
    Path tmp = dir.resolve("." + name + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  int generation;

  /**
   * Updates both files at once the way the kubelet updates a mounted ConfigMap: a new hidden
   * directory, then one atomic rename of the {@code ..data} symlink; the visible files are symlinks
   * through {@code ..data}.
   */
  void configMapUpdate(String allowText, String denyText) throws Exception {
    Path gen = Files.createDirectory(dir.resolve("..gen" + (++generation)));
    Files.writeString(gen.resolve("allow.yaml"), allowText, StandardCharsets.UTF_8);
    Files.writeString(gen.resolve("deny.yaml"), denyText, StandardCharsets.UTF_8);
    Path tmpLink = dir.resolve("..data_tmp");
    Files.deleteIfExists(tmpLink);
    Files.createSymbolicLink(tmpLink, gen.getFileName());
    Files.move(tmpLink, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    for (String f : List.of("allow.yaml", "deny.yaml")) {
      if (!Files.exists(dir.resolve(f), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(dir.resolve(f), Path.of("..data", f));
      }
    }
  }

  static boolean allowed(KServeAuth auth, String path) {
    return auth.authorize(new RequestView("GET", path, "h", Map.of("Authorization", List.of("Bearer u")), Map.of(),
        Map.of(), "127.0.0.1", 80, null)).allowed();
  }

  @Test
  void reloadsUnderTrafficNeverHalfLoadedAndKeepsOldSetOnBrokenFile() throws Exception {
    configMapUpdate(allow(1), deny(1));
    try (KServeAuth auth = KServeAuth.builder().authenticator(AUTHN).policies(dir)
        .watchPolicies(Duration.ofMillis(50)).auditSink(AuditSink.none()).build()) {
      assertThat(allowed(auth, "/v1/ok")).isTrue();
      assertThat(allowed(auth, "/v1/blocked")).isFalse();

      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger violations = new AtomicInteger();
      AtomicInteger requests = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      for (int t = 0; t < 2; t++) {
        pool.submit(() -> {
          while (!stop.get()) {
            // a consistent set always denies its own /vN/blocked; a mixed set (new ALLOW, old DENY) would allow it
            if (allowed(auth, "/v1/blocked") || allowed(auth, "/v2/blocked")) {
              violations.incrementAndGet();
            }
            requests.incrementAndGet();
          }
        });
      }
      for (int round = 0; round < 6; round++) {
        int v = round % 2 == 0 ? 2 : 1;
        configMapUpdate(allow(v), deny(v));
        int expected = v;
        awaitTrue(() -> allowed(auth, "/v" + expected + "/ok"));
      }
      // a broken file: the old set (v1) stays in force
      configMapUpdate("apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nspec: [", deny(2));
      assertThat(auth.reloadPolicies()).isFalse();
      Thread.sleep(200);
      assertThat(allowed(auth, "/v1/ok")).isTrue();
      assertThat(allowed(auth, "/v1/blocked")).isFalse();
      stop.set(true);
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      assertThat(requests.get()).isGreaterThan(10);
      assertThat(violations.get()).isZero();
      // fixed again: picked up by the watcher
      configMapUpdate(allow(2), deny(2));
      awaitTrue(() -> allowed(auth, "/v2/ok"));
      assertThat(allowed(auth, "/v1/ok")).isFalse();
    }
  }

  @Test
  void singleFileReplacedInPlaceIsPickedUp() throws Exception {
    write("allow.yaml", allow(1));
    try (KServeAuth auth = KServeAuth.builder().authenticator(AUTHN).policies(dir.resolve("allow.yaml"))
        .watchPolicies(Duration.ofMillis(50)).auditSink(AuditSink.none()).build()) {
      assertThat(allowed(auth, "/v1/ok")).isTrue();
      write("allow.yaml", allow(3));
      awaitTrue(() -> allowed(auth, "/v3/ok"));
      assertThat(allowed(auth, "/v1/ok")).isFalse();
    }
  }

  @Test
  void anEmptiedPolicyFileNeverTurnsServingPoliciesIntoAllowAll() throws Exception {
    write("allow.yaml", allow(1));
    try (KServeAuth auth = KServeAuth.builder().authenticator(AUTHN).policies(dir.resolve("allow.yaml"))
        .auditSink(AuditSink.none()).build()) {
      assertThat(allowed(auth, "/v2/other")).isFalse();
      Files.writeString(dir.resolve("allow.yaml"), "", StandardCharsets.UTF_8); // truncated, as mid-write
      assertThat(auth.reloadPolicies()).isFalse();
      assertThat(allowed(auth, "/v2/other")).isFalse();
      assertThat(allowed(auth, "/v1/ok")).isTrue();
      Files.writeString(dir.resolve("allow.yaml"), "# only a comment\n", StandardCharsets.UTF_8);
      assertThat(auth.reloadPolicies()).isFalse();
      assertThat(allowed(auth, "/v2/other")).isFalse();
      write("allow.yaml", allow(2));
      assertThat(auth.reloadPolicies()).isTrue();
      assertThat(allowed(auth, "/v2/other")).isTrue();
    }
  }

  @Test
  void brokenFileAtStartupFailsFastNamingTheFile() throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\n"
        + "metadata: {name: x}\nspec:\n  action: MAYBE\n", StandardCharsets.UTF_8);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> KServeAuth.builder().authenticator(AUTHN).policies(dir))
        .hasMessageContaining("bad.yaml");
  }

  /** Counts reload results the way a metrics registry sees them (the ERROR log sits on the same path). */
  static final class ReloadCounter implements dev.kserveauth.metrics.AuthMetrics {
    final AtomicInteger ok = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();

    @Override
    public void tokenValidated(TokenStatus status, long nanos, Long secondsToExpiry) {}

    @Override
    public void authorized(boolean allowed, long nanos, java.util.Set<String> roles) {}

    @Override
    public void jwksFetched(String issuer, boolean success) {}

    @Override
    public void tokenCacheLookup(boolean hit) {}

    @Override
    public void policyReloaded(boolean success) {
      (success ? ok : failed).incrementAndGet();
    }
  }

  static String dryRun(String policy) {
    return policy.replace("metadata: {name: allow, namespace: t}",
        "metadata: {name: allow, namespace: t, annotations: {\"istio.io/dry-run\": \"true\"}}")
        .replace("metadata: {name: deny, namespace: t}",
            "metadata: {name: deny, namespace: t, annotations: {\"istio.io/dry-run\": \"true\"}}");
  }

  @Test
  void aFifoInTheWatchedFolderNeverStallsTheWatcherAndLaterEditsApply() throws Exception {
    // issue 14 item 18: a FIFO named *.yaml blocked the watcher forever; later valid changes were lost
    write("allow.yaml", allow(1));
    ReloadCounter counter = new ReloadCounter();
    try (KServeAuth auth = KServeAuth.builder().authenticator(AUTHN).policies(dir).metrics(counter)
        .watchPolicies(Duration.ofMillis(50)).auditSink(AuditSink.none()).build()) {
      assertThat(allowed(auth, "/v1/ok")).isTrue();
      org.junit.jupiter.api.Assumptions.assumeTrue(
          new ProcessBuilder("mkfifo", dir.resolve("pipe.yaml").toString()).start().waitFor() == 0,
          "needs mkfifo (POSIX)");
      awaitTrue(() -> counter.failed.get() > 0); // reported (ERROR + failure metric), not blocked
      assertThat(allowed(auth, "/v1/ok")).isTrue();
      Files.delete(dir.resolve("pipe.yaml"));
      write("allow.yaml", allow(2));
      awaitTrue(() -> allowed(auth, "/v2/ok"));
      assertThat(allowed(auth, "/v1/ok")).isFalse();
    }
  }

  @Test
  void anOversizedFileIsRefusedWithAnErrorAndLaterEditsApply() throws Exception {
    // issue 14 item 18: a 50 MB file kept the watcher busy for minutes
    write("allow.yaml", allow(1));
    ReloadCounter counter = new ReloadCounter();
    try (KServeAuth auth = KServeAuth.builder().authenticator(AUTHN).policies(dir).metrics(counter)
        .watchPolicies(Duration.ofMillis(50)).auditSink(AuditSink.none()).build()) {
      Path big = dir.resolve("big.yaml");
      try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
        f.setLength(50L << 20); // sparse: 50 MB of NULs
      }
      awaitTrue(() -> counter.failed.get() > 0);
      assertThat(allowed(auth, "/v1/ok")).isTrue();
      Files.delete(big);
      write("allow.yaml", allow(2));
      awaitTrue(() -> allowed(auth, "/v2/ok"));
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
      try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(dir.resolve("big.yaml").toFile(), "rw")) {
        f.setLength(50L << 20);
      }
      dev.kserveauth.policy.PolicySet.load(dir);
    }).hasMessageContaining("big.yaml:1").hasMessageContaining("over the limit");
  }

  @Test
  void aReloadThatLeavesOnlyDryRunOrAuditPoliciesIsRefused() throws Exception {
    // issue 14 item 19: every policy turned dry-run means allow-all, like an empty set
    write("allow.yaml", allow(1));
    write("deny.yaml", deny(1));
    ReloadCounter counter = new ReloadCounter();
    try (KServeAuth auth = KServeAuth.builder().authenticator(AUTHN).policies(dir).metrics(counter)
        .auditSink(AuditSink.none()).build()) {
      assertThat(allowed(auth, "/v2/other")).isFalse();
      write("allow.yaml", dryRun(allow(1)));
      write("deny.yaml", dryRun(deny(1)));
      assertThat(auth.reloadPolicies()).isFalse();
      assertThat(counter.failed.get()).isEqualTo(1);
      assertThat(allowed(auth, "/v2/other")).isFalse();
      assertThat(allowed(auth, "/v1/blocked")).isFalse();
      write("allow.yaml", allow(1).replace("action: ALLOW", "action: AUDIT"));
      write("deny.yaml", dryRun(deny(1)));
      assertThat(auth.reloadPolicies()).isFalse();
      assertThat(allowed(auth, "/v2/other")).isFalse();
      // one enforcing policy left is a normal reload
      write("deny.yaml", deny(1));
      assertThat(auth.reloadPolicies()).isTrue();
      assertThat(allowed(auth, "/v1/blocked")).isFalse();
      assertThat(allowed(auth, "/v2/other")).isTrue(); // no ALLOW enforced any more, as written
    }
  }

  @Test
  void anEditBetweenPoliciesAndBuildIsReloaded() throws Exception {
    // issue 14 item 22: the reloader fingerprinted the files at build(), after policies() had read them
    write("allow.yaml", allow(1));
    KServeAuthBuilder b = KServeAuth.builder().authenticator(AUTHN).policies(dir.resolve("allow.yaml"))
        .watchPolicies(Duration.ofMillis(50)).auditSink(AuditSink.none());
    write("allow.yaml", allow(2));
    try (KServeAuth auth = b.build()) {
      awaitTrue(() -> allowed(auth, "/v2/ok"));
      assertThat(allowed(auth, "/v1/ok")).isFalse();
    }
  }

  @Test
  void noEnforcingPolicyAtStartupFailsUnlessAllowAllIsAskedFor() throws Exception {
    // issue 14 item 23: a folder with only the RequestAuthentication started an allow-all server
    Files.writeString(dir.resolve("ra.yaml"), "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\n"
        + "metadata: {name: ra, namespace: t}\nspec:\n  jwtRules:\n  - issuer: https://issuer.example\n",
        StandardCharsets.UTF_8);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> KServeAuth.builder().authenticator(AUTHN).policies(dir)
        .auditSink(AuditSink.none()).build()).isInstanceOf(dev.kserveauth.policy.PolicyException.class)
        .hasMessageStartingWith(dir.getFileName() + ": the policy sources hold 0 policies, none enforcing")
        .hasMessageContaining("ra.yaml:1: RequestAuthentication t/ra skipped")
        .hasMessageContaining("allowAllWithoutPolicy(true)");
    write("audit.yaml", allow(1).replace("action: ALLOW", "action: AUDIT"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> KServeAuth.builder().authenticator(AUTHN).policies(dir)
        .auditSink(AuditSink.none()).build()).hasMessageContaining("none enforcing");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> KServeAuth.builder().authenticator(AUTHN)
        .policyEngine(dev.kserveauth.policy.PolicyEngine.builder().policies(dev.kserveauth.policy.PolicySet.empty())
            .build()).auditSink(AuditSink.none()).build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no enforcing policy");
    try (KServeAuth auth = KServeAuth.builder().authenticator(AUTHN).policies(dir).allowAllWithoutPolicy(true)
        .auditSink(AuditSink.none()).build()) {
      assertThat(auth.authorize(new RequestView("DELETE", "/v2/models/m", "h", Map.of(), Map.of(), Map.of(),
          "127.0.0.1", 80, null)).allowed()).isTrue(); // what was asked for
      // an allow-all server may gain policies, and lose them again, by reload
      write("allow.yaml", allow(1));
      assertThat(auth.reloadPolicies()).isTrue();
      assertThat(allowed(auth, "/v2/other")).isFalse();
    }
  }

  @Test
  void aMisspelledKindIsAnErrorNamingFileAndLine() throws Exception {
    // issue 14 item 23: "AuthorisationPolicy" was skipped and the server allowed everything
    write("allow.yaml", allow(1));
    write("typo.yaml", "# comment\n" + allow(1).replace("kind: AuthorizationPolicy", "kind: AuthorisationPolicy")
        .replace("name: allow", "name: allow2"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> KServeAuth.builder().authenticator(AUTHN).policies(dir))
        .isInstanceOf(dev.kserveauth.policy.PolicyException.class)
        .hasMessageStartingWith("typo.yaml:2")
        .hasMessageContaining("unknown kind 'AuthorisationPolicy' (did you mean AuthorizationPolicy?)");
    write("typo.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.kserveauth.policy.PolicySet.load(dir))
        .hasMessageStartingWith("typo.yaml:1").hasMessageContaining("unknown kind 'ConfigMap'");
    write("typo.yaml", "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: p}\n");
    assertThat(dev.kserveauth.policy.PolicySet.load(dir).skipped()).hasSize(1);
  }

  static void awaitTrue(java.util.function.BooleanSupplier c) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(10);
    }
  }
}
