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
package dev.kserveauth.samples.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One real Keycloak server in dev mode, started from the distribution the {@code keycloak} Maven
 * profile unpacks under {@code target/}, on free loopback ports, with the repository's realm
 * imported. Its H2 database lives in the distribution's {@code data/} folder (inside
 * {@code target/}) and is wiped before each start, so every run begins from the realm file.
 *
 * <p>{@link #close()} stops the whole process tree; a JVM shutdown hook does the same when the test
 * JVM ends without closing (a failed run, Ctrl-C). A pid file lets the next run stop a server that
 * a killed test JVM left behind.
 */
public final class KeycloakServer implements AutoCloseable {

  /** The realm imported from {@code keycloak/kserve-realm.json}. */
  public static final String REALM = "kserve";

  private static final String REALM_RESOURCE = "keycloak/kserve-realm.json";
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private final Process process;
  private final Path home;
  private final Path log;
  private final int httpPort;
  private final int managementPort;
  private final String adminPassword;
  private final Thread shutdownHook;
  private volatile Duration startup = Duration.ZERO;
  private volatile boolean closed;

  private KeycloakServer(Process process, Path home, Path log, int httpPort, int managementPort,
      String adminPassword) {
    this.process = process;
    this.home = home;
    this.log = log;
    this.httpPort = httpPort;
    this.managementPort = managementPort;
    this.adminPassword = adminPassword;
    this.shutdownHook = new Thread(this::stopProcessTree, "keycloak-shutdown");
  }

  /**
   * Starts Keycloak with the settings the Maven profile passes as system properties
   * ({@code keycloak.home}, {@code keycloak.java.home}, {@code keycloak.startup.timeout.seconds},
   * {@code keycloak.log}).
   */
  public static KeycloakServer startFromSystemProperties() {
    String homeProp = System.getProperty("keycloak.home", "").trim();
    if (homeProp.isEmpty()) {
      throw new IllegalStateException("system property keycloak.home is not set: run the Keycloak tests through"
          + " the Maven profile (mvn -B -pl samples -am verify -Pkeycloak), which unpacks the distribution");
    }
    Path home = Path.of(homeProp);
    long timeout = Long.getLong("keycloak.startup.timeout.seconds", 420);
    String logProp = System.getProperty("keycloak.log", "").trim();
    Path log = logProp.isEmpty() ? home.resolveSibling("keycloak.log") : Path.of(logProp);
    return start(home, JdkLocator.locate(), log, Duration.ofSeconds(timeout));
  }

  /**
   * Starts Keycloak and waits (bounded) until it is ready and serves the realm.
   *
   * @param home the unpacked distribution (holds {@code bin/kc.sh})
   * @param jdk a JDK 21+ to run it
   * @param log where the server's output goes
   * @param timeout how long startup may take in all
   */
  public static KeycloakServer start(Path home, JdkLocator.Jdk jdk, Path log, Duration timeout) {
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    Path launcher = home.resolve("bin").resolve(windows ? "kc.bat" : "kc.sh");
    if (!Files.isRegularFile(launcher)) {
      throw new IllegalStateException("no Keycloak distribution at " + home + " (missing " + launcher.getFileName()
          + "): run with the Maven profile -Pkeycloak, which unpacks it there");
    }
    try {
      Path pidFile = home.resolve("kserve-auth-test.pid");
      stopLeftover(pidFile, home);
      prepareData(home);
      Files.createDirectories(log.toAbsolutePath().getParent());
      IllegalStateException last = null;
      for (int attempt = 1; attempt <= 2; attempt++) {
        try {
          return launch(launcher, home, jdk, log, timeout, pidFile);
        } catch (PortTakenException e) {
          last = e; // another process grabbed a port between probing and binding: once more with new ports
          prepareData(home);
        }
      }
      throw last;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Keycloak under " + home, e);
    }
  }

  private static KeycloakServer launch(Path launcher, Path home, JdkLocator.Jdk jdk, Path log, Duration timeout,
      Path pidFile) throws IOException {
    int httpPort = freePort();
    int managementPort = freePort();
    while (managementPort == httpPort) {
      managementPort = freePort();
    }
    String adminPassword = "admin-" + UUID.randomUUID();
    List<String> command = new ArrayList<>(List.of(launcher.toString(), "start-dev",
        "--http-host=127.0.0.1",
        "--http-port=" + httpPort,
        "--http-management-port=" + managementPort,
        "--health-enabled=true",
        "--import-realm",
        "--cache=local"));
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(home.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("KC_") || k.startsWith("KEYCLOAK_") || k.equals("JAVA_OPTS")
        || k.equals("JAVA_OPTS_APPEND") || k.equals("JAVA_OPTS_KC_HEAP") || k.equals("JAVA_TOOL_OPTIONS"));
    env.put("JAVA_HOME", jdk.home().toString());
    env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
    // a bounded heap: the machine is shared, and the default takes half of its memory up front
    env.put("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx768m");
    // JDK 24+ needs the add-opens for a clean shutdown; ByteBuddy may not know the newest class format yet;
    // C1 only: on a small shared machine the C2 compiler threads slow startup far more than they help a short run
    env.put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED -Dnet.bytebuddy.experimental=true"
        + " -XX:TieredStopAtLevel=1");

    long t0 = System.nanoTime();
    Process process = pb.start();
    Files.writeString(pidFile, Long.toString(process.pid()));
    KeycloakServer server = new KeycloakServer(process, home, log, httpPort, managementPort, adminPassword);
    Runtime.getRuntime().addShutdownHook(server.shutdownHook);
    try {
      server.awaitReady(timeout, t0);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    server.startup = Duration.ofNanos(System.nanoTime() - t0);
    System.out.printf("Keycloak (Java %d from %s) ready on %s in %d ms; log: %s%n", jdk.feature(), jdk.source(),
        server.baseUrl(), server.startup.toMillis(), log);
    return server;
  }

  private void awaitReady(Duration timeout, long t0) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = t0 + timeout.toNanos();
    URI ready = URI.create(managementUrl() + "/health/ready");
    URI discovery = URI.create(issuer() + "/.well-known/openid-configuration");
    boolean healthy = false;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        String tail = logTail(60);
        if (tail.contains("Address already in use") || tail.contains("Port(s) already in use")) {
          throw new PortTakenException("Keycloak could not bind its ports:\n" + tail);
        }
        throw new IllegalStateException("Keycloak exited with code " + process.exitValue()
            + " during startup; last lines of " + log + ":\n" + tail);
      }
      try {
        URI probe = healthy ? discovery : ready;
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).GET().build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          if (healthy) {
            return;
          }
          healthy = true;
          continue;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Keycloak", e);
      }
      sleep(500);
    }
    throw new IllegalStateException("Keycloak was not ready within " + timeout.toSeconds()
        + " s (raise -Dkeycloak.startup.timeout.seconds on a slow machine); last lines of " + log + ":\n"
        + logTail(60));
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** The realm's issuer, {@code <baseUrl>/realms/kserve}: what tokens carry in {@code iss}. */
  public String issuer() {
    return baseUrl() + "/realms/" + REALM;
  }

  public String discoveryUrl() {
    return issuer() + "/.well-known/openid-configuration";
  }

  public String tokenEndpoint() {
    return issuer() + "/protocol/openid-connect/token";
  }

  public String jwksUrl() {
    return issuer() + "/protocol/openid-connect/certs";
  }

  /** The management interface (health, metrics). */
  public String managementUrl() {
    return "http://127.0.0.1:" + managementPort;
  }

  /** The bootstrap admin of the master realm. */
  public String adminUsername() {
    return "admin";
  }

  public String adminPassword() {
    return adminPassword;
  }

  /** From launching {@code kc.sh} to the realm answering discovery requests. */
  public Duration startupDuration() {
    return startup;
  }

  public Path logFile() {
    return log;
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Stops the server (process tree) and forgets the shutdown hook. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs anyway
    }
    stopProcessTree();
  }

  private void stopProcessTree() {
    List<ProcessHandle> tree = new ArrayList<>();
    process.descendants().forEach(tree::add);
    tree.add(process.toHandle());
    // SIGTERM first: Keycloak shuts down cleanly and kc.sh forwards the signal to its java child
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    for (ProcessHandle h : tree) {
      long left = deadline - System.nanoTime();
      try {
        if (left > 0) {
          h.onExit().get(left, TimeUnit.NANOSECONDS);
        }
      } catch (Exception e) {
        // still alive after the grace period: forced below
      }
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
    try {
      Files.deleteIfExists(home.resolve("kserve-auth-test.pid"));
    } catch (IOException e) {
      // harmless: the next start checks the pid before acting on it
    }
  }

  private String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** Stops a server a killed test JVM left running, if the pid still names a process of this distribution. */
  private static void stopLeftover(Path pidFile, Path home) throws IOException {
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    String homeText = home.toAbsolutePath().normalize().toString();
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(p -> {
        List<ProcessHandle> tree = new ArrayList<>();
        p.descendants().forEach(tree::add);
        tree.add(p);
        for (ProcessHandle h : tree) {
          boolean ours = h.info().commandLine().map(c -> c.contains(homeText)).orElse(false);
          if (ours) {
            System.out.println("stopping Keycloak process " + h.pid() + " left over by an earlier run");
            h.destroyForcibly();
            h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(x -> h).join();
          }
        }
      });
    } catch (NumberFormatException e) {
      // garbage pid file: ignore
    }
    Files.deleteIfExists(pidFile);
  }

  /** Fresh dev database and the realm file in {@code data/import}. */
  private static void prepareData(Path home) throws IOException {
    Path data = home.resolve("data");
    deleteTree(data);
    Path importDir = Files.createDirectories(data.resolve("import"));
    try (InputStream in = KeycloakServer.class.getClassLoader().getResourceAsStream(REALM_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + REALM_RESOURCE + " is missing");
      }
      Files.copy(in, importDir.resolve("kserve-realm.json"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Keycloak", e);
    }
  }

  private static final class PortTakenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String message) {
      super(message);
    }
  }

  @Override
  public String toString() {
    return "KeycloakServer[" + baseUrl() + ", running=" + process.isAlive() + "]";
  }
}
