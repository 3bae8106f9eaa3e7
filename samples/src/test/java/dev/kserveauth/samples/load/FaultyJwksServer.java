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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JWKS endpoint on loopback that misbehaves on demand: it serves a chosen set of keys, goes away
 * (the listening socket is closed: connection refused), comes back on the same port, answers slowly,
 * or answers garbage (a different kind of garbage on every fetch).
 */
final class FaultyJwksServer implements AutoCloseable {

  enum Mode { UP, DOWN, SLOW, GARBAGE }

  /**
   * What a garbage answer looks like, in turn. Each has no usable key, so each is a failed fetch; an
   * empty {@code {"keys": []}} would be one too (docs/security.md).
   */
  static final List<String> GARBAGE = List.of(
      "this is not json",
      "<html><body><h1>502 Bad Gateway</h1></body></html>",
      "{\"keys\": {\"kty\": \"RSA\"}}",
      "{\"keys\": [{\"kty\": \"RSA\", \"kid\": \"half-a-key\", \"use\": \"sig\"}]}",
      "{\"keys\": [{\"kty\": \"RSA\", \"kid\": \"k1\", \"n\": \"AQAB\", \"e\": \"AQAB\"}]}");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "faulty-jwks");
    t.setDaemon(true);
    return t;
  });
  private HttpServer server;
  private volatile Mode mode = Mode.UP;
  private volatile String document;
  private volatile long slowMillis = 4_000;
  private final AtomicInteger garbageTurn = new AtomicInteger();
  private final AtomicLong servedGood = new AtomicLong();
  private final AtomicLong servedGarbage = new AtomicLong();
  private final AtomicLong servedSlow = new AtomicLong();

  private FaultyJwksServer(HttpServer first) {
    this.server = first;
    this.port = first.getAddress().getPort();
  }

  /** Starts serving {@code keys} (kid to key pair) on a free loopback port. */
  static FaultyJwksServer start(Map<String, KeyPair> keys) throws IOException {
    FaultyJwksServer s = new FaultyJwksServer(bind(0));
    s.publish(keys);
    s.listen(s.server);
    return s;
  }

  private static HttpServer bind(int port) throws IOException {
    return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
  }

  private void listen(HttpServer s) {
    s.setExecutor(pool);
    s.createContext("/jwks.json", this::handle);
    s.start();
  }

  String jwksUri() {
    return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port + "/jwks.json";
  }

  /** The keys the next good answer holds. */
  void publish(Map<String, KeyPair> keys) {
    try {
      List<Map<String, Object>> jwks = keys.entrySet().stream().map(e -> jwk(e.getKey(), e.getValue())).toList();
      document = JSON.writeValueAsString(Map.of("keys", jwks));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Switches behaviour; DOWN closes the listening socket, leaving DOWN binds the same port again. */
  synchronized void mode(Mode next) throws IOException {
    if (next == mode) {
      return;
    }
    if (next == Mode.DOWN) {
      server.stop(0);
    } else if (mode == Mode.DOWN) {
      HttpServer s = null;
      IOException last = null;
      for (int attempt = 0; attempt < 50 && s == null; attempt++) {
        try {
          s = bind(port);
        } catch (IOException e) {
          last = e;
          sleep(100);
        }
      }
      if (s == null) {
        throw new IOException("cannot bind port " + port + " again", last);
      }
      server = s;
      listen(s);
    }
    mode = next;
  }

  void slowMillis(long ms) {
    slowMillis = ms;
  }

  long servedGood() {
    return servedGood.get();
  }

  long servedGarbage() {
    return servedGarbage.get();
  }

  long servedSlow() {
    return servedSlow.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Mode m = mode;
      String body = document;
      if (m == Mode.SLOW) {
        servedSlow.incrementAndGet();
        sleep(slowMillis);
      } else if (m == Mode.GARBAGE) {
        servedGarbage.incrementAndGet();
        body = GARBAGE.get(Math.floorMod(garbageTurn.getAndIncrement(), GARBAGE.size()));
      } else {
        servedGood.incrementAndGet();
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.getResponseHeaders().set("Cache-Control", "max-age=60");
      ex.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      // the client gave up (slow mode): nothing to answer
    }
  }

  private static Map<String, Object> jwk(String kid, KeyPair pair) {
    RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("kty", "RSA");
    jwk.put("kid", kid);
    jwk.put("use", "sig");
    jwk.put("alg", "RS256");
    jwk.put("n", b64(pub.getModulus()));
    jwk.put("e", b64(pub.getPublicExponent()));
    return jwk;
  }

  private static String b64(BigInteger v) {
    byte[] bytes = v.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void close() {
    if (mode != Mode.DOWN) {
      server.stop(0);
    }
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
