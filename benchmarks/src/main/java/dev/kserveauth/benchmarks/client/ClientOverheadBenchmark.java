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
package dev.kserveauth.benchmarks.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.kserveauth.client.KServeClient;
import dev.kserveauth.client.ServiceAccountTokenFileProvider;
import dev.kserveauth.client.TokenProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-call overhead of {@link KServeClient} over plain OkHttp doing the same V1 predict ({@code
 * POST /v1/models/iris:predict} with {@code {"instances": [[...]]}}, bearer token, Jackson on both
 * ends) against a loopback JDK {@code HttpServer} that answers a fixed {@code predictions} body.
 * Both share one OkHttp connection pool; the target is KServeClient ≤ 5% slower than {@code
 * plainOkHttp}.
 *
 * <ul>
 *   <li>{@code plainOkHttp}: hand-built request, static bearer header, {@code readTree} of the answer.
 *   <li>{@code kserveClient_staticToken}: {@code client.predict(model, JsonNode)} with a static token
 *       (interceptor, retry loop, deadline, error mapping all active).
 *   <li>{@code kserveClient_tokenFile}: same with {@link ServiceAccountTokenFileProvider}, which
 *       stats the token file before every call to notice a kubelet rotation.
 * </ul>
 *
 * <p>Run (from the repository root):
 * <pre>{@code
 * mvn -B -q -DskipTests package -pl benchmarks -am
 * java -jar benchmarks/target/benchmarks.jar ClientOverheadBenchmark -f 1 -wi 6 -w 4s -i 5 -r 4s
 * }</pre>
 * On a busy machine add {@code -bm sample} and compare the p0.50 lines: the median resists the
 * scheduler spikes that dominate the average of a ~100 µs loopback call. Short warmups (under
 * ~20 s) leave the JIT unfinished and the numbers still falling.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// TCP_NODELAY on the JDK server: without it Nagle + delayed ACK add ~40 ms to every call and hide the overhead.
@Fork(value = 1, jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
@Threads(1)
@State(Scope.Benchmark)
public class ClientOverheadBenchmark {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final byte[] ANSWER = "{\"predictions\":[1,2]}".getBytes(StandardCharsets.UTF_8);

  private HttpServer server;
  private ExecutorService serverThreads;
  private Path tokenDir;
  private OkHttpClient okHttp;
  private ObjectMapper mapper;
  private JsonNode body;
  private String token;
  private String predictUrl;
  private KServeClient staticClient;
  private KServeClient fileClient;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    System.setProperty("sun.net.httpserver.nodelay", "true"); // also when run in-process (-f 0)
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    serverThreads = Executors.newFixedThreadPool(2);
    server.setExecutor(serverThreads);
    server.createContext("/", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        in.readAllBytes();
      }
      if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
        exchange.sendResponseHeaders(401, -1);
        exchange.close();
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, ANSWER.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(ANSWER);
      }
    });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    predictUrl = base + "/v1/models/iris:predict";

    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    token = b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(("{\"sub\":\"system:serviceaccount:team-a:scorer\",\"exp\":"
            + Instant.now().plusSeconds(86_400).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8))
        + ".c2ln";
    tokenDir = Files.createTempDirectory("kserve-bench");
    Path tokenFile = tokenDir.resolve("token");
    Files.writeString(tokenFile, token);

    okHttp = new OkHttpClient();
    mapper = new ObjectMapper();
    body = mapper.readTree("{\"instances\":[[6.8,2.8,4.8,1.4],[6.0,3.4,4.5,1.6]]}");
    staticClient = KServeClient.builder().baseUrl(base).okHttpClient(okHttp)
        .tokenProvider(TokenProvider.ofStatic(token)).build();
    fileClient = KServeClient.builder().baseUrl(base).okHttpClient(okHttp)
        .tokenProvider(ServiceAccountTokenFileProvider.of(tokenFile)).build();
    // fail fast if any variant is broken rather than measuring errors
    if (plainOkHttp().get("predictions").size() != 2 || kserveClient_staticToken().get("predictions").size() != 2
        || kserveClient_tokenFile().get("predictions").size() != 2) {
      throw new IllegalStateException("benchmark server answered unexpectedly");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    server.stop(0);
    serverThreads.shutdownNow();
    okHttp.dispatcher().executorService().shutdown();
    okHttp.connectionPool().evictAll();
    Files.deleteIfExists(tokenDir.resolve("token"));
    Files.deleteIfExists(tokenDir);
  }

  @Benchmark
  public JsonNode plainOkHttp() throws IOException {
    Request request = new Request.Builder().url(predictUrl)
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json")
        .post(RequestBody.create(mapper.writeValueAsBytes(body), JSON))
        .build();
    try (Response response = okHttp.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("status " + response.code());
      }
      return mapper.readTree(response.body().bytes());
    }
  }

  @Benchmark
  public JsonNode kserveClient_staticToken() {
    return staticClient.predict("iris", body);
  }

  @Benchmark
  public JsonNode kserveClient_tokenFile() {
    return fileClient.predict("iris", body);
  }
}
