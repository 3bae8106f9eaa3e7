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
package dev.kserveauth.testing.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks, run against both adapters, that a body is read only after authentication and only within
 * the facade's bounds (issue: slow or big OpenAI bodies before authentication). The server runs the
 * conformance environment's policies (which read {@code kserve.model}) with a small
 * {@code maxBodyBytes} ({@link #MAX_BYTES}) and a short {@code bodyTimeout} ({@link #TIMEOUT_MILLIS}).
 */
public final class BodyReadingChecks {
  /** The maxBodyBytes the server under test is built with. */
  public static final int MAX_BYTES = 4096;
  /** The bodyTimeout the server under test is built with. */
  public static final int TIMEOUT_MILLIS = 1000;

  /**
   * How long an answer that needs no body may take: generous for a loaded machine, yet far below
   * what waiting for a body that never comes takes (the container's idle timeout, 30 s by default).
   */
  static final int ANSWER_MILLIS = 5000;

  private static final String OPENAI = "/openai/v1/completions";

  private BodyReadingChecks() {}

  /** The facade the checks expect: the environment's files, {@link #MAX_BYTES} and {@link #TIMEOUT_MILLIS}. */
  public static dev.kserveauth.KServeAuth auth(ConformanceEnvironment env) {
    return dev.kserveauth.KServeAuth.builder()
        .requestAuthentication(env.configDir().resolve("request-authentication.yaml"))
        .policies(env.configDir().resolve("policies.yaml"))
        .maxBodyBytes(MAX_BYTES)
        .bodyTimeout(java.time.Duration.ofMillis(TIMEOUT_MILLIS))
        .build();
  }

  private static List<String> head(Function<String, String> tokens, String token, long contentLength) {
    List<String> h = new ArrayList<>();
    if (token != null) {
      h.add("Authorization: Bearer " + tokens.apply(token));
    }
    h.add("Content-Type: application/json");
    h.add("Content-Length: " + contentLength);
    return h;
  }

  /** An invalid token is answered 401 at once: the body it announces is never awaited. */
  public static void anInvalidTokenIsAnsweredBeforeItsBodyArrives(int port, Function<String, String> tokens)
      throws IOException {
    try (Socket s = RawHttp.sendHead(port, "POST", OPENAI, head(tokens, "EXPIRED", 100))) {
      RawHttp.Response r = RawHttp.read(s, ANSWER_MILLIS);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).contains("invalid_token");
    }
  }

  /** An announced body over the limit is 413 at once, for a valid token and for none. */
  public static void anAnnouncedBodyOverTheLimitIs413AtOnce(int port, Function<String, String> tokens)
      throws IOException {
    for (String token : new String[] {"DS", null}) {
      try (Socket s = RawHttp.sendHead(port, "POST", OPENAI, head(tokens, token, 8L << 20))) {
        RawHttp.Response r = RawHttp.read(s, ANSWER_MILLIS);
        assertThat(r.status()).as("token " + token).isEqualTo(413);
        assertThat(r.bodyText()).isEqualTo("{\"error\":\"request body too large\"}");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
      }
    }
  }

  /** A chunked body that grows past the limit is 413 once it does, without waiting for its end. */
  public static void aChunkedBodyOverTheLimitIs413(int port, Function<String, String> tokens) throws IOException {
    List<String> h = new ArrayList<>(List.of("Authorization: Bearer " + tokens.apply("DS"),
        "Content-Type: application/json", "Transfer-Encoding: chunked"));
    try (Socket s = RawHttp.sendHead(port, "POST", OPENAI, h)) {
      byte[] chunk = ("{\"model\":\"sklearn-iris\",\"prompt\":\"" + "x".repeat(MAX_BYTES) + "\"")
          .getBytes(StandardCharsets.UTF_8);
      s.getOutputStream().write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().write(chunk);
      s.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush(); // and never the last chunk
      RawHttp.Response r = RawHttp.read(s, ANSWER_MILLIS);
      assertThat(r.status()).isEqualTo(413);
    }
  }

  /**
   * A client that sends {@code Expect: 100-continue} waits for {@code 100 Continue} before it sends the
   * body (curl does for bodies over 1 KiB): the body read for the decision asks for it, as the containers
   * and vertx-web's BodyHandler do, instead of leaving the client to its own timeout.
   */
  public static void anExpectContinueClientGets100BeforeItSendsTheBody(int port, Function<String, String> tokens)
      throws IOException {
    byte[] body = "{\"model\":\"production-fraud\"}".getBytes(StandardCharsets.UTF_8);
    List<String> h = new ArrayList<>(head(tokens, "DS", body.length));
    h.add("Expect: 100-continue");
    try (Socket s = RawHttp.sendHead(port, "POST", OPENAI, h)) {
      s.setSoTimeout(ANSWER_MILLIS);
      java.io.InputStream in = s.getInputStream();
      StringBuilder interim = new StringBuilder();
      while (!interim.toString().endsWith("\r\n\r\n")) {
        int c = in.read();
        if (c < 0) {
          break;
        }
        interim.append((char) c);
      }
      assertThat(interim.toString()).startsWith("HTTP/1.1 100");
      s.getOutputStream().write(body);
      s.getOutputStream().flush();
      RawHttp.Response r = RawHttp.read(s, ANSWER_MILLIS);
      assertThat(r.status()).as("decided on the body sent after 100 Continue").isEqualTo(403);
    }
  }

  /** A valid caller's body that does not arrive in time is 408, a JSON error like the others. */
  public static void aSlowBodyIs408AfterTheTimeout(int port, Function<String, String> tokens) throws IOException {
    try (Socket s = RawHttp.sendHead(port, "POST", OPENAI, head(tokens, "DS", 40))) {
      long start = System.nanoTime();
      s.getOutputStream().write("{\"model\":".getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      RawHttp.Response r = readTrickling(s, TIMEOUT_MILLIS + ANSWER_MILLIS);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(r.status()).isEqualTo(408);
      assertThat(r.bodyText()).isEqualTo("{\"error\":\"request body not received in time\"}");
      assertThat(millis).isGreaterThanOrEqualTo(TIMEOUT_MILLIS - 100);
    }
  }

  /** Sends one more body byte every 200 ms (a trickle: each read finishes, the whole never does). */
  private static RawHttp.Response readTrickling(Socket s, int maxMillis) throws IOException {
    long end = System.nanoTime() + maxMillis * 1_000_000L;
    s.setSoTimeout(200);
    java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (System.nanoTime() < end) {
      try {
        int n = s.getInputStream().read(buf);
        if (n < 0) {
          return RawHttp.parse(new java.io.ByteArrayInputStream(got.toByteArray()));
        }
        got.write(buf, 0, n);
      } catch (SocketTimeoutException e) {
        try {
          s.getOutputStream().write(' ');
          s.getOutputStream().flush();
        } catch (IOException closed) {
          // the server answered and closed: read what it sent
        }
      }
    }
    throw new AssertionError("no complete answer within " + maxMillis + " ms: "
        + got.toString(StandardCharsets.ISO_8859_1));
  }

  /**
   * Many callers without a token hold slow OpenAI bodies open (more than a servlet container's default
   * 200 threads); an authenticated predict on another route still answers at once.
   */
  public static void slowBodiesWithoutTokenDoNotStarveOthers(int port, Function<String, String> tokens,
      int slowCallers) throws IOException {
    RawHttp.Response warm = RawHttp.send(port, "POST", "/v1/models/sklearn-iris:predict", // keys fetched, code warm
        List.of("Authorization: Bearer " + tokens.apply("DS")), "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(warm.status()).isEqualTo(200);
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < slowCallers; i++) {
        Socket s = RawHttp.sendHead(port, "POST", OPENAI, head(tokens, null, 1000));
        s.getOutputStream().write("{\"model\":\"sklearn-iris\",".getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        slow.add(s);
      }
      long start = System.nanoTime();
      RawHttp.Response ok = RawHttp.send(port, "POST", "/v1/models/sklearn-iris:predict",
          List.of("Authorization: Bearer " + tokens.apply("DS")),
          "{\"instances\":[[1,2,3,4]]}".getBytes(StandardCharsets.UTF_8));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(ok.status()).isEqualTo(200);
      assertThat(millis).as("an authenticated predict behind " + slowCallers + " slow bodies").isLessThan(
          ANSWER_MILLIS);
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  /** A check against one server. */
  @FunctionalInterface
  private interface Check {
    void run(int port, Function<String, String> tokens) throws Exception;
  }

  /**
   * Every check as dynamic tests.
   *
   * @param port the server's port (read when a test runs)
   * @param tokens token names to tokens
   * @param threadFree whether a slow body holds no thread (async servlet, Vert.x): then many slow
   *     callers without a token must not delay anyone
   */
  public static java.util.stream.Stream<org.junit.jupiter.api.DynamicTest> all(java.util.function.IntSupplier port,
      Function<String, String> tokens, boolean threadFree) {
    java.util.Map<String, Check> checks = new java.util.LinkedHashMap<>();
    checks.put("an invalid token is answered before its body arrives",
        BodyReadingChecks::anInvalidTokenIsAnsweredBeforeItsBodyArrives);
    checks.put("an announced body over the limit is 413 at once", BodyReadingChecks::anAnnouncedBodyOverTheLimitIs413AtOnce);
    checks.put("a chunked body over the limit is 413", BodyReadingChecks::aChunkedBodyOverTheLimitIs413);
    checks.put("a slow body is 408 after the timeout", BodyReadingChecks::aSlowBodyIs408AfterTheTimeout);
    checks.put("an Expect: 100-continue client gets 100 before it sends the body",
        BodyReadingChecks::anExpectContinueClientGets100BeforeItSendsTheBody);
    if (threadFree) {
      checks.put("230 slow bodies without a token do not delay an authenticated predict",
          (p, t) -> slowBodiesWithoutTokenDoNotStarveOthers(p, t, 230));
    }
    return checks.entrySet().stream().map(e -> org.junit.jupiter.api.DynamicTest.dynamicTest(e.getKey(),
        () -> e.getValue().run(port.getAsInt(), tokens)));
  }
}
