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
package dev.kserveauth.authz;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Istio's {@code envoyExtAuthzHttp} extension provider in process: asks an HTTP authorization
 * service (oauth2-proxy, OPA's HTTP API, a custom service) with Envoy's
 * <a href="https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/ext_authz_filter">ext_authz
 * HTTP semantics</a>, configured by the
 * <a href="https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-ExtensionProvider-EnvoyExternalAuthorizationHttpProvider">MeshConfig
 * {@code extensionProviders}</a> entry users already keep.
 *
 * <pre>{@code
 * Map<String, EnvoyExtAuthzHttp> providers = EnvoyExtAuthzHttp.load(Path.of("mesh.yaml"));
 * KServeAuth auth = KServeAuth.builder()
 *     .requestAuthentication(Path.of("request-authentication.yaml"))
 *     .policies(Path.of("policies/"))            // action: CUSTOM, provider: {name: oauth2-proxy}
 *     .authorizers(providers)
 *     .build();
 * }</pre>
 *
 * <p>The check request is the original method, {@code pathPrefix} + the path as routed (normalized,
 * with the query string), {@code Host}, {@code Authorization} and the headers
 * {@code includeRequestHeadersInCheck} names, plus {@code includeAdditionalHeadersInCheck}; a body only
 * with {@code includeRequestBodyInCheck} (at most {@code maxRequestBytes}; over it a 413 unless
 * {@code allowPartialMessage}). The answer, as Envoy's HTTP client reads it: 200 allows (the headers
 * {@code headersToUpstreamOnAllow} names go to the application, {@code headersToDownstreamOnAllow} to
 * the response); 5xx, a connection error, a timeout ({@code timeout}, default 600 s as Istio's) or an
 * answer over 64 KiB are errors: denied with {@code statusOnError} (default 403), or allowed when
 * {@code failOpen}; any other status denies and is passed through with its body and the headers
 * {@code headersToDownstreamOnDeny} names (all but framing headers when unset). Redirects are never
 * followed: a 302 to a login page reaches the caller. Thread-safe; {@link #close()} releases the
 * connection pool.
 *
 * @since 0.1
 */
public final class EnvoyExtAuthzHttp implements ExternalAuthorizer, AutoCloseable {

  /** The largest authorization-service answer read (body); a larger one is an error (fail closed). */
  public static final int MAX_RESPONSE_BYTES = 64 * 1024;
  /** Headers that frame a message: never copied between the caller, the service and the application. */
  private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection", "keep-alive",
      "upgrade", "te", "trailer", "proxy-connection", "expect", "host");

  /**
   * One {@code envoyExtAuthzHttp} provider, as MeshConfig writes it.
   *
   * @param name the provider name ({@code extensionProviders[].name}), as CUSTOM policies name it
   * @param service the service host ({@code ns/host} accepted, the namespace is dropped)
   * @param port the service port
   * @param pathPrefix prefix of the check request's path ("" for none)
   * @param timeout how long to wait for the answer (Istio's default: 600 s)
   * @param failOpen whether an error allows the request
   * @param statusOnError the status of the denial after an error (default 403)
   * @param includeRequestHeadersInCheck request headers sent to the service (exact, {@code prefix*}, {@code *suffix})
   * @param includeAdditionalHeadersInCheck fixed headers added to the check request
   * @param includeRequestBodyInCheck whether and how much of the body is sent, or {@code null}
   * @param headersToUpstreamOnAllow service answer headers set on the application's request on allow
   * @param headersToDownstreamOnAllow service answer headers added to the response on allow
   * @param headersToDownstreamOnDeny service answer headers sent to the caller on deny (all when empty)
   */
  public record Settings(String name, String service, int port, String pathPrefix, Duration timeout, boolean failOpen,
      int statusOnError, List<String> includeRequestHeadersInCheck, Map<String, String> includeAdditionalHeadersInCheck,
      BodySettings includeRequestBodyInCheck, List<String> headersToUpstreamOnAllow,
      List<String> headersToDownstreamOnAllow, List<String> headersToDownstreamOnDeny) {

    /**
     * Validates the settings, lower-cases the header names and fills the defaults: no path prefix, a 600 s
     * timeout, no extra headers.
     *
     * @param name the provider name ({@code extensionProviders[].name}), as CUSTOM policies name it
     * @param service the service host ({@code ns/host} accepted, the namespace is dropped)
     * @param port the service port
     * @param pathPrefix prefix of the check request's path ("" for none)
     * @param timeout how long to wait for the answer (Istio's default: 600 s)
     * @param failOpen whether an error allows the request
     * @param statusOnError the status of the denial after an error (default 403)
     * @param includeRequestHeadersInCheck request headers sent to the service (exact, {@code prefix*}, {@code *suffix})
     * @param includeAdditionalHeadersInCheck fixed headers added to the check request
     * @param includeRequestBodyInCheck whether and how much of the body is sent, or {@code null}
     * @param headersToUpstreamOnAllow service answer headers set on the application's request on allow
     * @param headersToDownstreamOnAllow service answer headers added to the response on allow
     * @param headersToDownstreamOnDeny service answer headers sent to the caller on deny (all when empty)
     * @throws NullPointerException if {@code name} or {@code service} is {@code null}
     * @throws IllegalArgumentException if {@code port} is outside 1-65535 or {@code statusOnError} outside 100-599
     */
    public Settings {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(service, "service");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be 1-65535, was " + port);
      }
      pathPrefix = pathPrefix == null ? "" : pathPrefix;
      timeout = timeout == null ? Duration.ofSeconds(600) : timeout;
      if (statusOnError < 100 || statusOnError > 599) {
        throw new IllegalArgumentException("statusOnError must be 100-599, was " + statusOnError);
      }
      includeRequestHeadersInCheck = lower(includeRequestHeadersInCheck);
      includeAdditionalHeadersInCheck = includeAdditionalHeadersInCheck == null ? Map.of()
          : Map.copyOf(includeAdditionalHeadersInCheck);
      headersToUpstreamOnAllow = lower(headersToUpstreamOnAllow);
      headersToDownstreamOnAllow = lower(headersToDownstreamOnAllow);
      headersToDownstreamOnDeny = lower(headersToDownstreamOnDeny);
    }

    private static List<String> lower(List<String> l) {
      return l == null ? List.of() : l.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }
  }

  /**
   * {@code includeRequestBodyInCheck}.
   *
   * @param maxRequestBytes the most body bytes sent
   * @param allowPartialMessage whether a larger body is sent truncated (else the caller gets 413)
   * @param packAsBytes gRPC only (no effect on the HTTP provider; accepted so the same YAML loads)
   */
  public record BodySettings(int maxRequestBytes, boolean allowPartialMessage, boolean packAsBytes) {
    /**
     * Validates the limit.
     *
     * @param maxRequestBytes the most body bytes sent
     * @param allowPartialMessage whether a larger body is sent truncated (else the caller gets 413)
     * @param packAsBytes gRPC only (no effect on the HTTP provider; accepted so the same YAML loads)
     * @throws IllegalArgumentException if {@code maxRequestBytes} is negative
     */
    public BodySettings {
      if (maxRequestBytes < 0) {
        throw new IllegalArgumentException("maxRequestBytes must not be negative");
      }
    }
  }

  private final Settings settings;
  private final OkHttpClient client;
  private final String base; // scheme://host:port, no trailing slash

  /**
   * A provider with its own connection pool.
   *
   * @param settings the provider's settings
   */
  public EnvoyExtAuthzHttp(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    Dispatcher d = new Dispatcher();
    d.setMaxRequests(512);
    d.setMaxRequestsPerHost(512); // one service: OkHttp's default of 5 would queue a busy server's checks
    this.client = new OkHttpClient.Builder()
        .dispatcher(d)
        .followRedirects(false) // a 302 to a login page is the answer, passed to the caller
        .followSslRedirects(false)
        .retryOnConnectionFailure(false)
        .callTimeout(settings.timeout())
        .connectTimeout(settings.timeout())
        .readTimeout(settings.timeout())
        .writeTimeout(settings.timeout())
        .build();
    String host = settings.service().contains("/") ? settings.service().substring(settings.service().indexOf('/') + 1)
        : settings.service();
    HttpUrl u = new HttpUrl.Builder().scheme("http").host(host).port(settings.port()).build();
    this.base = "http://" + (u.host().contains(":") ? "[" + u.host() + "]" : u.host()) + ":" + u.port();
  }

  /**
   * Every {@code envoyExtAuthzHttp} provider of a MeshConfig file: a mesh config
   * ({@code extensionProviders:} at the top), an {@code IstioOperator} ({@code spec.meshConfig}), a
   * Helm values file ({@code meshConfig:}) or the {@code istio} ConfigMap ({@code data.mesh}). Providers
   * of other kinds (gRPC, tracing, logging) are skipped.
   *
   * @param file the YAML file
   * @return provider name to provider, in file order
   * @throws dev.kserveauth.policy.PolicyException naming {@code file:line} and the field when invalid
   */
  public static Map<String, EnvoyExtAuthzHttp> load(Path file) {
    return create(MeshConfigReader.load(file));
  }

  /**
   * As {@link #load}, from YAML text.
   *
   * @param yaml the YAML
   * @param sourceName the name used in messages
   * @return provider name to provider
   */
  public static Map<String, EnvoyExtAuthzHttp> parse(String yaml, String sourceName) {
    return create(MeshConfigReader.parse(yaml, sourceName));
  }

  private static Map<String, EnvoyExtAuthzHttp> create(List<Settings> all) {
    Map<String, EnvoyExtAuthzHttp> out = new LinkedHashMap<>();
    for (Settings s : all) {
      out.put(s.name(), new EnvoyExtAuthzHttp(s));
    }
    return out;
  }

  /**
   * The settings.
   *
   * @return the settings this provider was built with
   */
  public Settings settings() {
    return settings;
  }

  @Override
  public CompletionStage<ExternalDecision> check(CheckRequest request) {
    CompletableFuture<ExternalDecision> out = new CompletableFuture<>();
    Request http;
    try {
      http = checkRequest(request);
    } catch (TooLarge e) {
      out.complete(ExternalDecision.deny(413, "Payload Too Large"));
      return out;
    } catch (RuntimeException e) { // e.g. a header value OkHttp refuses
      out.complete(onError("cannot build the check request: " + e.getClass().getSimpleName()));
      return out;
    }
    Call call = client.newCall(http);
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        out.complete(onError(e instanceof InterruptedIOException ? "timed out" : e.getClass().getSimpleName()));
      }

      @Override
      public void onResponse(Call c, Response response) {
        try (response) {
          out.complete(answer(response));
        } catch (IOException | RuntimeException e) {
          out.complete(onError(e instanceof InterruptedIOException ? "timed out" : e.getClass().getSimpleName()));
        }
      }
    });
    return out;
  }

  /** With {@code includeRequestBodyInCheck}. */
  @Override
  public boolean wantsBody() {
    return settings.includeRequestBodyInCheck() != null;
  }

  /** A body over {@code maxRequestBytes} without {@code allowPartialMessage}: Envoy answers 413. */
  private static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super(null, null, false, false);
    }
  }

  private Request checkRequest(CheckRequest r) {
    HttpUrl url = HttpUrl.get(base + settings.pathPrefix() + r.pathWithQuery());
    Request.Builder b = new Request.Builder().url(url);
    r.headers().forEach((name, values) -> {
      if (!FRAMING.contains(name) && (name.equals("authorization") || matches(settings.includeRequestHeadersInCheck(),
          name))) {
        for (String v : values) {
          b.addHeader(name, v);
        }
      }
    });
    if (!r.host().isEmpty()) {
      b.header("Host", r.host());
    }
    settings.includeAdditionalHeadersInCheck().forEach(b::header);
    byte[] body = new byte[0];
    BodySettings bs = settings.includeRequestBodyInCheck();
    if (bs != null && r.body() != null) {
      body = r.body();
      boolean partial = body.length > bs.maxRequestBytes();
      if (partial && !bs.allowPartialMessage()) {
        throw new TooLarge();
      }
      if (partial) {
        body = java.util.Arrays.copyOf(body, bs.maxRequestBytes());
      }
      b.header("x-envoy-auth-partial-body", Boolean.toString(partial));
    }
    String method = r.method();
    RequestBody rb = null;
    if (!method.equals("GET") && !method.equals("HEAD")) { // OkHttp: GET and HEAD carry no body, others may
      String type = r.header("content-type");
      // the four-argument overload: the module path does not read okio, which the others name
      rb = RequestBody.create(body, type == null || body.length == 0 ? null : MediaType.parse(type), 0, body.length);
    }
    return b.method(method, rb).build();
  }

  private ExternalDecision answer(Response response) throws IOException {
    byte[] body = bounded(response.body());
    int code = response.code();
    if (code >= 500) {
      return onError("the authorization service answered HTTP " + code);
    }
    Headers h = response.headers();
    if (code == 200) {
      return ExternalDecision.allow(pick(h, settings.headersToUpstreamOnAllow(), false),
          pick(h, settings.headersToDownstreamOnAllow(), false));
    }
    return ExternalDecision.deny(code, pick(h, settings.headersToDownstreamOnDeny(), true), body,
        "ext_authz service '" + settings.name() + "' answered HTTP " + code);
  }

  /** The body, at most {@link #MAX_RESPONSE_BYTES}; more is an error. */
  private static byte[] bounded(ResponseBody body) throws IOException {
    if (body == null) {
      return new byte[0];
    }
    if (body.contentLength() > MAX_RESPONSE_BYTES) {
      throw new IOException("answer too large");
    }
    byte[] bytes = body.byteStream().readNBytes(MAX_RESPONSE_BYTES + 1);
    if (bytes.length > MAX_RESPONSE_BYTES) {
      throw new IOException("answer too large");
    }
    return bytes;
  }

  /** Headers of the answer that the patterns name (all but framing headers when {@code allWhenEmpty} and none). */
  private static Map<String, List<String>> pick(Headers h, List<String> patterns, boolean allWhenEmpty) {
    if (patterns.isEmpty() && !allWhenEmpty) {
      return Map.of();
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String name : h.names()) {
      String n = name.toLowerCase(Locale.ROOT);
      if (FRAMING.contains(n) || n.startsWith(":") || !(patterns.isEmpty() || matches(patterns, n))) {
        continue;
      }
      out.put(n, new ArrayList<>(h.values(name)));
    }
    return out;
  }

  /** Istio's header patterns: exact, {@code prefix*}, {@code *suffix} (lower case). */
  static boolean matches(List<String> patterns, String name) {
    for (String p : patterns) {
      if (p.equals("*") || p.equals(name)
          || p.endsWith("*") && name.startsWith(p.substring(0, p.length() - 1))
          || p.startsWith("*") && name.endsWith(p.substring(1))) {
        return true;
      }
    }
    return false;
  }

  private ExternalDecision onError(String why) {
    if (settings.failOpen()) {
      return ExternalDecision.allow();
    }
    return ExternalDecision.deny(settings.statusOnError(), Map.of(), new byte[0],
        "ext_authz service '" + settings.name() + "' failed: " + why + " (statusOnError)");
  }

  /** Releases the connection pool and the dispatcher's threads. */
  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "EnvoyExtAuthzHttp[" + settings.name() + " -> " + base + settings.pathPrefix() + "]";
  }
}
