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
package dev.kserveauth.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Calls KServe model servers over REST: the V1 protocol and the Open Inference Protocol (V2), with
 * a bearer token from a {@link TokenProvider}, typed errors, timeouts and retries. Immutable and
 * thread-safe; build one per base URL and share it.
 *
 * <pre>{@code
 * KServeClient client = KServeClient.builder()
 *     .baseUrl("http://istio-ingressgateway.istio-system")
 *     .routing(Routing.ingress("sklearn-iris", "team-a", "example.com"))
 *     .tokenProvider(ServiceAccountTokenFileProvider.ofDefault())
 *     .build();
 * List<Integer> classes = client.predict("sklearn-iris", List.of(List.of(6.8, 2.8, 4.8, 1.4)), Integer.class);
 * }</pre>
 *
 * <p><b>Authentication.</b> Before every attempt the current token is attached as {@code
 * Authorization: Bearer ...}. On a 401 the provider is asked once for a new token and the request is
 * retried once; a second 401 throws {@link UnauthorizedException} with {@link
 * UnauthorizedException#afterRefresh()} set. 403 is never retried.
 *
 * <p><b>Timeouts and retries.</b> Each call has a total timeout ({@link KServeClientBuilder#timeout(Duration)},
 * default 60 s, override per call with {@link #withTimeout(Duration)}) covering all attempts.
 * Connection failures and 502/503/504 are retried per the {@link RetryPolicy} for GET calls;
 * {@code :predict}, {@code :explain} and {@code infer} are POSTs and are retried only after {@link
 * KServeClientBuilder#retryInference(boolean)} or {@link #withInferenceRetries(boolean)}, because a model
 * may have run the request before the connection broke.
 *
 * <p><b>Errors.</b> A non-2xx answer throws a subclass of {@link KServeHttpException} carrying the
 * status and KServe's {@code {"error": ...}} text; a connection failure throws {@link
 * KServeConnectionException}; a token failure throws {@link TokenProviderException}. Readiness and
 * liveness calls return {@code false} on 503 instead of throwing.
 *
 * <p><b>Blocking and asynchronous.</b> Every call has an {@code ...Async} twin returning a {@link
 * CompletableFuture} that completes with the same value or fails with the same exception; cancelling
 * it cancels the attempt in flight. Both run one future-based retry loop and take the same retry
 * decisions; they differ only in how an attempt is sent and how the loop waits. A blocking call joins
 * a loop whose every step runs on the calling thread ({@code Call.execute()}, backoff sleeps there),
 * so it needs no other thread, cannot deadlock a single-threaded executor it is called from, and is
 * not queued behind OkHttp's per-host limit for asynchronous calls. An asynchronous call never blocks
 * a thread: attempts go through OkHttp's dispatcher ({@code Call.enqueue}) and backoffs through a
 * timer. (The retries are not an OkHttp interceptor on purpose: an interceptor's backoff would sleep
 * on a dispatcher thread, holding one of its few per-host slots.)
 *
 * <p>The twins are kept rather than one call object with {@code execute()} and {@code
 * executeAsync()}: each pair is one line over the shared loop, a call reads as the operation it is
 * ({@code client.inferAsync(model, request)}) with its own javadoc, and existing callers keep
 * compiling. A call object would add a type per call to the public API without removing any logic.
 *
 * @since 0.1
 */
public final class KServeClient {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");
  private static final int MAX_ERROR_BODY = 4096;

  private final Call.Factory calls;
  private final HttpUrl baseUrl;
  private final Routing routing;
  private final ObjectMapper mapper;
  private final RetryPolicy retry;
  private final Duration timeout;
  private final boolean retryInference;

  KServeClient(Call.Factory calls, HttpUrl baseUrl, Routing routing, ObjectMapper mapper, RetryPolicy retry,
      Duration timeout, boolean retryInference) {
    this.calls = calls;
    this.baseUrl = baseUrl;
    this.routing = routing;
    this.mapper = mapper;
    this.retry = retry;
    this.timeout = timeout;
    this.retryInference = retryInference;
  }

  /**
   * A builder; only {@link KServeClientBuilder#baseUrl(String)} is required.
   *
   * @return a new builder
   */
  public static KServeClientBuilder builder() {
    return new KServeClientBuilder();
  }

  /**
   * A client sharing this one's connections and token, with a different total timeout per call.
   *
   * @param timeout the total time for one call, including retries; positive
   * @return a client with that timeout
   */
  public KServeClient withTimeout(Duration timeout) {
    return new KServeClient(calls, baseUrl, routing, mapper, retry, checkTimeout(timeout), retryInference);
  }

  /**
   * A client sharing this one's connections and token that does (or does not) retry inference POSTs.
   *
   * @param retryInference whether predict/explain/infer POSTs are retried like GETs
   * @return a client with that setting
   */
  public KServeClient withInferenceRetries(boolean retryInference) {
    return new KServeClient(calls, baseUrl, routing, mapper, retry, timeout, retryInference);
  }

  // ---------------------------------------------------------------- V1

  /**
   * V1 {@code GET /v1/models}: names of the models the server hosts.
   *
   * @return the model names
   */
  public List<String> listModels() {
    return execute(listModelsOp());
  }

  /**
   * {@link #listModels()} without blocking: the future fails with the exception it would throw.
   *
   * @return a future of the model names
   */
  public CompletableFuture<List<String>> listModelsAsync() {
    return executeAsync(listModelsOp());
  }

  /**
   * V1 {@code GET /v1/models/{model}}: true when ready, false on 503; 404 throws {@link
   * ModelNotFoundException}.
   *
   * @param model the model (InferenceService) name; non-blank, no {@code /}
   * @return whether the model is ready
   */
  public boolean isModelReady(String model) {
    return execute(readyOp(model, List.of("v1", "models", requireModel(model)), "ready"));
  }

  /**
   * {@link #isModelReady(String)} without blocking.
   *
   * @param model the model (InferenceService) name; non-blank, no {@code /}
   * @return a future of whether the model is ready
   */
  public CompletableFuture<Boolean> isModelReadyAsync(String model) {
    return executeAsync(readyOp(model, List.of("v1", "models", requireModel(model)), "ready"));
  }

  /**
   * V1 {@code POST /v1/models/{model}:predict} with any JSON body, passed through unchanged.
   *
   * @param model the model (InferenceService) name; non-blank, no {@code /}
   * @param body the JSON request body, sent unchanged
   * @return the response body
   */
  public JsonNode predict(String model, JsonNode body) {
    return execute(jsonPost(model, requireModel(model) + ":predict", body));
  }

  /**
   * {@link #predict(String, JsonNode)} without blocking.
   *
   * @param model the model (InferenceService) name; non-blank, no {@code /}
   * @param body the JSON request body, sent unchanged
   * @return a future of the response
   */
  public CompletableFuture<JsonNode> predictAsync(String model, JsonNode body) {
    return executeAsync(jsonPost(model, requireModel(model) + ":predict", body));
  }

  /**
   * V1 predict in row format: sends {@code {"instances": instances}} and converts {@code
   * predictions} to {@code predictionType}.
   *
   * @param <T> the type of one prediction
   * @param model the model (InferenceService) name; non-blank, no {@code /}
   * @param instances the rows to send as {@code instances}
   * @param predictionType the type each element of {@code predictions} is converted to
   * @return the {@code predictions}, converted
   */
  public <T> List<T> predict(String model, List<?> instances, Class<T> predictionType) {
    return predictions(predict(model, instancesBody(instances)), predictionType);
  }

  /**
   * {@link #predict(String, List, Class)} without blocking.
   *
   * @param <T> the type of one prediction
   * @param model the model (InferenceService) name; non-blank, no {@code /}
   * @param instances the rows to send as {@code instances}
   * @param predictionType the type each element of {@code predictions} is converted to
   * @return a future of the {@code predictions}, converted
   */
  public <T> CompletableFuture<List<T>> predictAsync(String model, List<?> instances, Class<T> predictionType) {
    return predictAsync(model, instancesBody(instances)).thenApply(r -> predictions(r, predictionType));
  }

  /**
   * V1 {@code POST /v1/models/{model}:explain}; the answer's shape is explainer-defined.
   *
   * @param model the model (InferenceService) name; non-blank, no {@code /}
   * @param body the JSON request body, sent unchanged
   * @return the explainer's response body
   */
  public JsonNode explain(String model, JsonNode body) {
    return execute(jsonPost(model, requireModel(model) + ":explain", body));
  }

  /**
   * {@link #explain(String, JsonNode)} without blocking.
   *
   * @param model the model (InferenceService) name; non-blank, no {@code /}
   * @param body the JSON request body, sent unchanged
   * @return a future of the explainer's response body
   */
  public CompletableFuture<JsonNode> explainAsync(String model, JsonNode body) {
    return executeAsync(jsonPost(model, requireModel(model) + ":explain", body));
  }

  // ---------------------------------------------------------------- V2

  /**
   * V2 {@code GET /v2/health/live}: true when live, false on 503.
   *
   * @return whether the server is live
   */
  public boolean isServerLive() {
    return execute(readyOp(null, List.of("v2", "health", "live"), "live"));
  }

  /**
   * {@link #isServerLive()} without blocking.
   *
   * @return a future of whether the server is live
   */
  public CompletableFuture<Boolean> isServerLiveAsync() {
    return executeAsync(readyOp(null, List.of("v2", "health", "live"), "live"));
  }

  /**
   * V2 {@code GET /v2/health/ready}: true when ready, false on 503.
   *
   * @return whether the server is ready
   */
  public boolean isServerReady() {
    return execute(readyOp(null, List.of("v2", "health", "ready"), "ready"));
  }

  /**
   * {@link #isServerReady()} without blocking.
   *
   * @return a future of whether the server is ready
   */
  public CompletableFuture<Boolean> isServerReadyAsync() {
    return executeAsync(readyOp(null, List.of("v2", "health", "ready"), "ready"));
  }

  /**
   * V2 {@code GET /v2}.
   *
   * @return the server metadata
   */
  public ServerMetadata serverMetadata() {
    return execute(getOp(null, List.of("v2"), ServerMetadata.class));
  }

  /**
   * {@link #serverMetadata()} without blocking.
   *
   * @return a future of the server metadata
   */
  public CompletableFuture<ServerMetadata> serverMetadataAsync() {
    return executeAsync(getOp(null, List.of("v2"), ServerMetadata.class));
  }

  /**
   * V2 {@code GET /v2/models/{model}[/versions/{version}]/ready}; {@code version} may be null. Like
   * {@link #modelMetadata(String, String)} and {@link #infer(String, String, InferenceRequest)}, the V2
   * form of a call is the one that takes the V2 model version; {@link #isModelReady(String)} is V1.
   *
   * @param model the model (InferenceService) name; non-blank, no {@code /}
   * @param version the model version, or {@code null} for the default
   * @return whether the model is ready
   */
  public boolean isModelReady(String model, String version) {
    return execute(readyOp(model, v2ModelPath(model, version, "ready"), "ready"));
  }

  /**
   * {@link #isModelReady(String, String)} without blocking.
   *
   * @param model the model (InferenceService) name; non-blank, no {@code /}
   * @param version the model version, or {@code null} for the default
   * @return a future of whether the model is ready
   */
  public CompletableFuture<Boolean> isModelReadyAsync(String model, String version) {
    return executeAsync(readyOp(model, v2ModelPath(model, version, "ready"), "ready"));
  }

  /**
   * V2 {@code GET /v2/models/{model}[/versions/{version}]}; {@code version} may be null.
   *
   * @param model the model (InferenceService) name; non-blank, no {@code /}
   * @param version the model version, or {@code null} for the default
   * @return the model metadata
   */
  public ModelMetadata modelMetadata(String model, String version) {
    return execute(getOp(model, v2ModelPath(model, version, null), ModelMetadata.class));
  }

  /**
   * {@link #modelMetadata(String, String)} without blocking.
   *
   * @param model the model (InferenceService) name; non-blank, no {@code /}
   * @param version the model version, or {@code null} for the default
   * @return a future of the model metadata
   */
  public CompletableFuture<ModelMetadata> modelMetadataAsync(String model, String version) {
    return executeAsync(getOp(model, v2ModelPath(model, version, null), ModelMetadata.class));
  }

  /**
   * V2 {@code POST /v2/models/{model}/infer}.
   *
   * @param model the model (InferenceService) name; non-blank, no {@code /}
   * @param request the inference request
   * @return the inference response
   */
  public InferenceResponse infer(String model, InferenceRequest request) {
    return infer(model, null, request);
  }

  /**
   * V2 {@code POST /v2/models/{model}[/versions/{version}]/infer}; {@code version} may be null.
   *
   * @param model the model (InferenceService) name; non-blank, no {@code /}
   * @param version the model version, or {@code null} for the default
   * @param request the inference request
   * @return the inference response
   */
  public InferenceResponse infer(String model, String version, InferenceRequest request) {
    return execute(inferOp(model, version, request));
  }

  /**
   * {@link #infer(String, InferenceRequest)} without blocking.
   *
   * @param model the model (InferenceService) name; non-blank, no {@code /}
   * @param request the inference request
   * @return a future of the inference response
   */
  public CompletableFuture<InferenceResponse> inferAsync(String model, InferenceRequest request) {
    return inferAsync(model, null, request);
  }

  /**
   * {@link #infer(String, String, InferenceRequest)} without blocking.
   *
   * @param model the model (InferenceService) name; non-blank, no {@code /}
   * @param version the model version, or {@code null} for the default
   * @param request the inference request
   * @return a future of the inference response
   */
  public CompletableFuture<InferenceResponse> inferAsync(String model, String version, InferenceRequest request) {
    return executeAsync(inferOp(model, version, request));
  }

  // ---------------------------------------------------------------- operations

  /** Parses a successful response. */
  @FunctionalInterface
  private interface Parser<T> {
    T parse(Response response, byte[] body) throws IOException;
  }

  /**
   * One logical call. {@code notReady} is returned on 503 for health calls (null otherwise);
   * {@code idempotent} calls are retried on 502/503/504 and I/O failures.
   */
  private record Op<T>(String method, String model, List<String> segments, byte[] body, MediaType contentType,
      Integer jsonLength, boolean idempotent, T notReady, Parser<T> parser) {}

  private Op<List<String>> listModelsOp() {
    JavaType type = mapper.getTypeFactory().constructCollectionType(List.class, String.class);
    return new Op<>("GET", null, List.of("v1", "models"), null, null, null, true, null,
        (r, b) -> List.copyOf(mapper.<List<String>>convertValue(mapper.readTree(b).path("models"), type)));
  }

  private Op<Boolean> readyOp(String model, List<String> segments, String field) {
    return new Op<>("GET", model, segments, null, null, null, true, Boolean.FALSE, (r, b) -> {
      JsonNode node = b.length == 0 ? null : mapper.readTree(b);
      JsonNode value = node == null ? null : node.get(field);
      return value == null || value.asBoolean(); // 200 with an empty body means ready (OIP prose)
    });
  }

  private <T> Op<T> getOp(String model, List<String> segments, Class<T> type) {
    return new Op<>("GET", model, segments, null, null, null, true, null, (r, b) -> mapper.readValue(b, type));
  }

  private Op<JsonNode> jsonPost(String model, String lastSegment, JsonNode body) {
    Objects.requireNonNull(body, "body");
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot serialise request body: " + e.getMessage(), e);
    }
    return new Op<>("POST", model, List.of("v1", "models", lastSegment), bytes, JSON, null, false, null,
        (r, b) -> mapper.readTree(b));
  }

  private Op<InferenceResponse> inferOp(String model, String version, InferenceRequest request) {
    Objects.requireNonNull(request, "request");
    TensorCodec.Encoded encoded;
    try {
      encoded = TensorCodec.encodeRequest(request, mapper);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode inference request: " + e.getMessage(), e);
    }
    boolean binary = encoded.jsonLength() >= 0;
    return new Op<>("POST", model, v2ModelPath(model, version, "infer"), encoded.body(), binary ? OCTET_STREAM : JSON,
        binary ? encoded.jsonLength() : null, false, null,
        (r, b) -> TensorCodec.decodeResponse(b, r.header(TensorCodec.HEADER_LENGTH), mapper));
  }

  private static List<String> v2ModelPath(String model, String version, String last) {
    List<String> segments = new ArrayList<>(List.of("v2", "models", requireModel(model)));
    if (version != null) {
      if (version.isBlank()) {
        throw new IllegalArgumentException("model version is blank");
      }
      segments.add("versions");
      segments.add(version);
    }
    if (last != null) {
      segments.add(last);
    }
    return segments;
  }

  private static String requireModel(String model) {
    if (model == null || model.isBlank() || model.contains("/")) {
      throw new IllegalArgumentException("model name must be non-blank and contain no '/': '" + model + "'");
    }
    return model;
  }

  private JsonNode instancesBody(List<?> instances) {
    Objects.requireNonNull(instances, "instances");
    ObjectNode body = mapper.createObjectNode();
    body.set("instances", mapper.valueToTree(instances));
    return body;
  }

  private <T> List<T> predictions(JsonNode response, Class<T> type) {
    JsonNode predictions = response.get("predictions");
    if (predictions == null || !predictions.isArray()) {
      throw new KServeClientException("predict response has no \"predictions\" array");
    }
    try {
      return List.copyOf(mapper.convertValue(predictions,
          mapper.getTypeFactory().constructCollectionType(List.class, type)));
    } catch (IllegalArgumentException e) {
      throw new KServeClientException("cannot read predictions as " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- execution

  private Request buildRequest(Op<?> op) {
    HttpUrl url = routing.url(baseUrl, op.model(), op.segments());
    Request.Builder b = new Request.Builder().url(url).header("Accept", "application/json");
    String host = routing.hostHeader(op.model());
    if (host != null) {
      b.header("Host", host);
    }
    if (op.body() != null) {
      b.method(op.method(), RequestBody.create(op.body(), op.contentType()));
      if (op.jsonLength() != null) {
        b.header(TensorCodec.HEADER_LENGTH, Integer.toString(op.jsonLength()));
      }
    } else {
      b.method(op.method(), null);
    }
    return b.build();
  }

  // ---------------------------------------------------------------- retry decision

  /**
   * Whether a failed attempt may be sent again: the retry decision, in one place. A connection that
   * could not be opened sent nothing, so every call may retry it. Otherwise only idempotent calls (or
   * inference POSTs when the caller opted in) retry, on an I/O failure or a 502/503/504. A token
   * provider failure is never retried here ({@link BearerAuth} already refreshed once on a 401).
   *
   * @param status the answer's HTTP status, or 0 when the attempt failed with {@code ioFailure}
   */
  private boolean retryable(Op<?> op, int status, IOException ioFailure) {
    if (ioFailure instanceof BearerAuth.TokenFailure) {
      return false;
    }
    boolean mayRetry = op.idempotent() || retryInference;
    if (ioFailure != null) {
      return mayRetry || notSent(ioFailure);
    }
    return mayRetry && (status == 502 || status == 503 || status == 504);
  }

  /** Nothing was sent when the connection could not be opened. */
  private static boolean notSent(IOException e) {
    return e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException;
  }

  /**
   * Delay before the next attempt, or -1 when no attempt is left within the deadline. A server's
   * {@code Retry-After} (kserve-auth sends one with 503 while the issuer's keys are unavailable)
   * lengthens the backoff up to the policy's {@code maxBackoff}, never beyond it.
   */
  private long nextDelay(int attempt, long deadlineNanos, long retryAfterMillis) {
    if (attempt >= retry.maxAttempts()) {
      return -1;
    }
    long delay = Math.max(retry.delayMillis(attempt), Math.min(retryAfterMillis, retry.maxBackoff().toMillis()));
    long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    return delay < remaining ? delay : -1;
  }

  // ---------------------------------------------------------------- execution

  private Call newCall(Op<?> op, long deadlineNanos) {
    Call call = calls.newCall(buildRequest(op));
    long remaining = deadlineNanos - System.nanoTime();
    call.timeout().timeout(Math.max(remaining, 1), TimeUnit.NANOSECONDS);
    return call;
  }

  /** Outcome of one attempt: a value, a retryable failure, or a final failure. */
  private record Attempt<T>(T value, RuntimeException failure, boolean retryable, long retryAfterMillis) {
    Attempt(T value, RuntimeException failure, boolean retryable) {
      this(value, failure, retryable, 0);
    }
  }

  /** {@code Retry-After} in delta-seconds (the form kserve-auth sends); 0 when absent or another form. */
  static long retryAfterMillis(Response response) {
    String v = response.header("Retry-After");
    if (v == null || v.isBlank() || v.trim().length() > 9 || !v.trim().chars().allMatch(Character::isDigit)) {
      return 0;
    }
    return Long.parseLong(v.trim()) * 1000;
  }

  private <T> Attempt<T> handle(Op<T> op, Call call, Response response) throws IOException {
    try (response) {
      int code = response.code();
      ResponseBody rb = response.body();
      if (response.isSuccessful()) {
        byte[] bytes = rb == null ? new byte[0] : rb.bytes();
        try {
          return new Attempt<>(op.parser().parse(response, bytes), null, false);
        } catch (IOException | RuntimeException e) {
          return new Attempt<>(null, new KServeClientException(describe(call) + " returned " + code
              + " with a body the client cannot read: " + e.getMessage(), e), false);
        }
      }
      if (code == 503 && op.notReady() != null) {
        return new Attempt<>(op.notReady(), null, false);
      }
      String body = "";
      if (rb != null) {
        try {
          okio.BufferedSource source = rb.source();
          source.request(MAX_ERROR_BODY);
          body = source.getBuffer().readString(Math.min(source.getBuffer().size(), MAX_ERROR_BODY),
              StandardCharsets.UTF_8);
        } catch (IOException e) {
          body = ""; // the status alone still says what happened
        }
      }
      KServeHttpException error = Errors.of(call.request(), response, op.model(), body, mapper);
      // a 503 is retried with the same token: only a 401 makes BearerAuth refresh it
      return new Attempt<>(null, error, retryable(op, code, null), retryAfterMillis(response));
    }
  }

  /** The attempt's answer, or its failure when the call failed or its answer could not be read. */
  private <T> Attempt<T> outcome(Op<T> op, Call call, int attempt, Response response, IOException failure) {
    if (failure == null) {
      try {
        return handle(op, call, response);
      } catch (IOException e) {
        failure = e;
      } catch (RuntimeException e) {
        return new Attempt<>(null, e, false);
      }
    }
    return new Attempt<>(null, ioFailure(call, failure, attempt), retryable(op, 0, failure));
  }

  private RuntimeException ioFailure(Call call, IOException e, int attempts) {
    if (e instanceof BearerAuth.TokenFailure tf) {
      return tf.tokenCause();
    }
    String what = e instanceof InterruptedIOException && !(e instanceof java.net.SocketTimeoutException)
        ? "timed out" : "failed";
    return new KServeConnectionException(describe(call) + " " + what + " after " + attempts
        + (attempts == 1 ? " attempt: " : " attempts: ") + e, e, attempts);
  }

  private static String describe(Call call) {
    return call.request().method() + " " + call.request().url().encodedPath();
  }

  /** Blocking calls join the one retry loop; it never leaves the calling thread for them. */
  private <T> T execute(Op<T> op) {
    try {
      return run(op, Transport.BLOCKING).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private <T> CompletableFuture<T> executeAsync(Op<T> op) {
    return run(op, Transport.ASYNC);
  }

  /**
   * How one attempt is sent and how the loop waits before the next: the only thing blocking and
   * asynchronous calls do differently. Everything else (deadline, retry decision, backoff, error
   * mapping) is the one loop in {@link #attempt}.
   */
  private interface Transport {
    /** Blocking: {@link Call#execute()} on the calling thread, and a sleep there between attempts. */
    Transport BLOCKING = new Transport() {
      @Override
      public CompletableFuture<Response> send(Call call) {
        try {
          return CompletableFuture.completedFuture(call.execute());
        } catch (IOException e) {
          return CompletableFuture.failedFuture(e);
        }
      }

      @Override
      public CompletableFuture<Void> pause(long millis) {
        try {
          Thread.sleep(millis);
          return CompletableFuture.completedFuture(null);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return CompletableFuture.failedFuture(new KServeClientException("interrupted while waiting to retry", e));
        }
      }
    };

    /** Asynchronous: {@link Call#enqueue} on OkHttp's dispatcher, and a timer between attempts. */
    Transport ASYNC = new Transport() {
      @Override
      public CompletableFuture<Response> send(Call call) {
        CompletableFuture<Response> sent = new CompletableFuture<>();
        call.enqueue(new Callback() {
          @Override
          public void onResponse(Call c, Response response) {
            sent.complete(response);
          }

          @Override
          public void onFailure(Call c, IOException e) {
            sent.completeExceptionally(e);
          }
        });
        return sent;
      }

      @Override
      public CompletableFuture<Void> pause(long millis) {
        return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
      }
    };

    /** Sends the attempt; the future fails with the attempt's {@link IOException}. */
    CompletableFuture<Response> send(Call call);

    /** Waits {@code millis} before the next attempt; fails when the wait was interrupted. */
    CompletableFuture<Void> pause(long millis);
  }

  /**
   * The one retry loop, for blocking and asynchronous calls alike: send an attempt, let {@link
   * #settle} decide, pause, send the next. With {@link Transport#BLOCKING} every step completes on the
   * calling thread, so the returned future is already complete when this returns; with {@link
   * Transport#ASYNC} nothing blocks, and cancelling the future cancels the attempt in flight.
   */
  private <T> CompletableFuture<T> run(Op<T> op, Transport transport) {
    CompletableFuture<T> future = new CompletableFuture<>();
    attempt(op, 1, System.nanoTime() + timeout.toNanos(), transport, future);
    return future;
  }

  private <T> void attempt(Op<T> op, int attempt, long deadline, Transport transport, CompletableFuture<T> future) {
    if (future.isDone()) {
      return; // cancelled while waiting to retry: send nothing more
    }
    Call call;
    try {
      call = newCall(op, deadline);
    } catch (RuntimeException e) {
      future.completeExceptionally(e);
      return;
    }
    future.whenComplete((v, t) -> {
      if (future.isCancelled()) {
        call.cancel();
      }
    });
    transport.send(call)
        .handle((response, failure) -> outcome(op, call, attempt, response, ioException(failure)))
        .thenAccept(result -> {
          long delay = settle(attempt, deadline, future, result);
          if (delay >= 0) {
            transport.pause(delay).whenComplete((v, interrupted) -> {
              if (interrupted != null) {
                future.completeExceptionally(unwrap(interrupted));
              } else {
                attempt(op, attempt + 1, deadline, transport, future);
              }
            });
          }
        })
        .exceptionally(bug -> {
          future.completeExceptionally(unwrap(bug)); // never leave the caller waiting
          return null;
        });
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  /** The attempt's I/O failure, or null when it got an answer. */
  private static IOException ioException(Throwable failure) {
    if (failure == null) {
      return null;
    }
    Throwable t = unwrap(failure);
    return t instanceof IOException io ? io : new IOException(t);
  }

  /**
   * Completes {@code future} with the attempt's value or final failure and returns -1, or returns the
   * delay before the next attempt when the failure is retryable and time and attempts are left.
   */
  private <T> long settle(int attempt, long deadline, CompletableFuture<T> future, Attempt<T> result) {
    if (result.failure() == null) {
      future.complete(result.value());
      return -1;
    }
    long delay = result.retryable() && !future.isDone() ? nextDelay(attempt, deadline, result.retryAfterMillis()) : -1;
    if (delay < 0) {
      future.completeExceptionally(result.failure());
    }
    return delay;
  }

  static Duration checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    return timeout;
  }

  @Override
  public String toString() {
    return "KServeClient[" + baseUrl + ", " + routing + "]";
  }
}
