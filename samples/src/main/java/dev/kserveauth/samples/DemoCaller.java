package dev.kserveauth.samples;

import dev.kserveauth.samples.DemoMatrix.Row;
import java.io.IOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/** Sends one matrix row to a predictor and keeps what the table needs. */
final class DemoCaller implements AutoCloseable {

  private static final MediaType JSON = MediaType.get("application/json");

  /**
   * What came back.
   *
   * @param status the HTTP status
   * @param wwwAuthenticate the {@code WWW-Authenticate} header, or {@code null}
   * @param body the response body
   */
  record Response(int status, String wwwAuthenticate, String body) {
    /** A one-line summary: the challenge for a 401, the error for other failures, else the body start. */
    String detail() {
      if (wwwAuthenticate != null) {
        return wwwAuthenticate;
      }
      String b = body.replaceAll("\\s+", " ").trim();
      return b.length() > 80 ? b.substring(0, 77) + "..." : b;
    }
  }

  private final OkHttpClient http = new OkHttpClient.Builder()
      .callTimeout(Duration.ofSeconds(10))
      .retryOnConnectionFailure(false)
      .build();

  Response call(int port, Row row, String token) throws IOException {
    Request.Builder b = new Request.Builder().url("http://127.0.0.1:" + port + row.path());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(row.method(), row.body() == null ? (row.method().equals("GET") ? null : RequestBody.create(new byte[0]))
        : RequestBody.create(row.body(), JSON));
    try (okhttp3.Response r = http.newCall(b.build()).execute()) {
      return new Response(r.code(), r.header("WWW-Authenticate"), r.body() == null ? "" : r.body().string());
    }
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
