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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kserveauth.client.KServeClient;
import dev.kserveauth.client.KServeClientBuilder;
import dev.kserveauth.client.KServeHttpException;
import dev.kserveauth.client.RetryPolicy;
import dev.kserveauth.client.TokenProvider;
import dev.kserveauth.samples.DemoMatrix.Row;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Sends one matrix row to a predictor and keeps what the table needs. Inference rows (V1
 * {@code :predict}, V2 {@code infer}) go through {@link KServeClient}, one client per predictor and
 * token, exactly as an application would call a model; the rows KServe's protocol has no client
 * call for ({@code DELETE}, {@code /health}, {@code /metrics}) use the same OkHttp client directly.
 * An OkHttp interceptor records the {@code WWW-Authenticate} challenge of each answer.
 */
final class DemoCaller implements AutoCloseable {

  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern V1_PREDICT = Pattern.compile("/v1/models/([^/:]+):predict");
  private static final Pattern V2_INFER = Pattern.compile("/v2/models/([^/]+)/infer");

  /**
   * What came back.
   *
   * @param status the HTTP status
   * @param wwwAuthenticate the {@code WWW-Authenticate} header, or {@code null}
   * @param body the response body
   */
  record Response(int status, String wwwAuthenticate, String body) {
    /** A one-line summary: the challenge for a 401, else the body start. */
    String detail() {
      if (wwwAuthenticate != null) {
        return wwwAuthenticate;
      }
      String b = body.replaceAll("\\s+", " ").trim();
      return b.length() > 80 ? b.substring(0, 77) + "..." : b;
    }
  }

  private volatile String lastChallenge;
  private final OkHttpClient http = new OkHttpClient.Builder()
      .callTimeout(Duration.ofSeconds(20))
      .retryOnConnectionFailure(false)
      .addNetworkInterceptor(chain -> {
        okhttp3.Response r = chain.proceed(chain.request());
        lastChallenge = r.header("WWW-Authenticate");
        return r;
      })
      .build();
  private final Map<String, KServeClient> clients = new ConcurrentHashMap<>();

  Response call(int port, Row row, String token) throws IOException {
    lastChallenge = null;
    Matcher v1 = V1_PREDICT.matcher(row.path());
    Matcher v2 = V2_INFER.matcher(row.path());
    if (row.method().equals("POST") && (v1.matches() || v2.matches())) {
      KServeClient client = client(port, token);
      try {
        JsonNode body = JSON.readTree(row.body());
        JsonNode answer = v1.matches()
            ? client.predict(v1.group(1), body)
            : ClientCommand.toJson(client.infer(v2.group(1), ClientCommand.toRequest(body)));
        return new Response(200, lastChallenge, answer.toString());
      } catch (KServeHttpException e) {
        return new Response(e.status(), lastChallenge, e.body());
      }
    }
    Request.Builder b = new Request.Builder().url("http://127.0.0.1:" + port + row.path());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    RequestBody body = row.body() == null ? null : RequestBody.create(row.body(), JSON_TYPE);
    b.method(row.method(), body == null && !row.method().equals("GET") ? RequestBody.create(new byte[0]) : body);
    try (okhttp3.Response r = http.newCall(b.build()).execute()) {
      return new Response(r.code(), r.header("WWW-Authenticate"), r.body() == null ? "" : r.body().string());
    }
  }

  /** One KServeClient per predictor and token: a static token, or none at all for anonymous rows. */
  private KServeClient client(int port, String token) {
    return clients.computeIfAbsent(port + " " + token, k -> {
      KServeClientBuilder b = KServeClient.builder()
          .baseUrl("http://127.0.0.1:" + port)
          .okHttpClient(http)
          .retryPolicy(RetryPolicy.none())
          .timeout(Duration.ofSeconds(20));
      if (token != null) {
        b.tokenProvider(TokenProvider.ofStatic(token));
      }
      return b.build();
    });
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
