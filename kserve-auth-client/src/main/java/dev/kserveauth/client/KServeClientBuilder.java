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

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Builder for {@link KServeClient}. Each setting may be set once.
 *
 * @since 0.1
 */
public final class KServeClientBuilder {
  HttpUrl baseUrl;
  Routing routing;
  TokenProvider tokenProvider;
  OkHttpClient okHttpClient;
  Path caFile;
  RetryPolicy retry;
  Duration timeout;
  Duration connectTimeout;
  Boolean retryInference;
  ObjectMapper mapper;

  KServeClientBuilder() {}

  private static void once(Object current, String what) {
    if (current != null) {
      throw new IllegalStateException(what + " was already set to " + current);
    }
  }

  /**
   * Base URL (http or https), optionally with a path prefix: {@code https://host/serving}.
   *
   * @param baseUrl the base URL
   * @return this builder
   */
  public KServeClientBuilder baseUrl(String baseUrl) {
    once(this.baseUrl, "baseUrl");
    HttpUrl url = HttpUrl.parse(Objects.requireNonNull(baseUrl, "baseUrl"));
    if (url == null) {
      throw new IllegalArgumentException("baseUrl is not an http(s) URL: '" + baseUrl + "'");
    }
    if (url.query() != null || url.fragment() != null) {
      throw new IllegalArgumentException("baseUrl must not have a query or fragment: '" + baseUrl + "'");
    }
    this.baseUrl = url;
    return this;
  }

  /**
   * How requests reach the model (default {@link Routing#direct()}).
   *
   * @param routing how requests reach the model
   * @return this builder
   */
  public KServeClientBuilder routing(Routing routing) {
    once(this.routing, "routing");
    this.routing = Objects.requireNonNull(routing, "routing");
    return this;
  }

  /**
   * Where the bearer token comes from; without one no Authorization header is sent.
   *
   * @param tokenProvider the source of bearer tokens
   * @return this builder
   */
  public KServeClientBuilder tokenProvider(TokenProvider tokenProvider) {
    once(this.tokenProvider, "tokenProvider");
    this.tokenProvider = Objects.requireNonNull(tokenProvider, "tokenProvider");
    return this;
  }

  /**
   * Base OkHttp client whose pool, dispatcher, DNS and proxy settings are reused.
   *
   * @param okHttpClient the OkHttp client to derive from
   * @return this builder
   */
  public KServeClientBuilder okHttpClient(OkHttpClient okHttpClient) {
    once(this.okHttpClient, "okHttpClient");
    this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient");
    return this;
  }

  /**
   * Trust only the CA certificates in this PEM file for https (e.g. an ingress's private CA).
   *
   * @param caPemFile a PEM file with one or more CA certificates
   * @return this builder
   */
  public KServeClientBuilder trustedCertificates(Path caPemFile) {
    once(this.caFile, "trustedCertificates");
    this.caFile = Objects.requireNonNull(caPemFile, "caPemFile");
    return this;
  }

  /**
   * Retry policy (default {@link RetryPolicy#defaults()}).
   *
   * @param retry the retry policy
   * @return this builder
   */
  public KServeClientBuilder retryPolicy(RetryPolicy retry) {
    once(this.retry, "retryPolicy");
    this.retry = Objects.requireNonNull(retry, "retry");
    return this;
  }

  /**
   * Total time for one call including retries (default 60 s, like KServe's Python client).
   *
   * @param timeout the total time for one call, including retries; positive
   * @return this builder
   */
  public KServeClientBuilder timeout(Duration timeout) {
    once(this.timeout, "timeout");
    this.timeout = KServeClient.checkTimeout(timeout);
    return this;
  }

  /**
   * TCP/TLS connect timeout of one attempt (default 10 s).
   *
   * @param connectTimeout the connect timeout of one attempt; positive
   * @return this builder
   */
  public KServeClientBuilder connectTimeout(Duration connectTimeout) {
    once(this.connectTimeout, "connectTimeout");
    this.connectTimeout = KServeClient.checkTimeout(connectTimeout);
    return this;
  }

  /**
   * Retry predict/explain/infer POSTs like GETs (default false).
   *
   * @param retryInference whether predict/explain/infer POSTs are retried like GETs
   * @return this builder
   */
  public KServeClientBuilder retryInference(boolean retryInference) {
    once(this.retryInference, "retryInference");
    this.retryInference = retryInference;
    return this;
  }

  /**
   * Jackson mapper for V1 bodies and typed helpers (default: a plain mapper ignoring unknown fields).
   *
   * @param mapper the Jackson mapper
   * @return this builder
   */
  public KServeClientBuilder objectMapper(ObjectMapper mapper) {
    once(this.mapper, "objectMapper");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    return this;
  }

  /**
   * The client; fails when the base URL is missing or the CA file cannot be read.
   *
   * @return the client
   */
  public KServeClient build() {
    if (baseUrl == null) {
      throw new IllegalStateException("baseUrl is not set");
    }
    OkHttpClient.Builder http = (okHttpClient == null ? new OkHttpClient() : okHttpClient).newBuilder()
        // The client does its own retries so that inference POSTs are never silently replayed.
        .retryOnConnectionFailure(false)
        .connectTimeout((connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout).toMillis(),
            TimeUnit.MILLISECONDS)
        .readTimeout(0, TimeUnit.MILLISECONDS)
        .writeTimeout(0, TimeUnit.MILLISECONDS);
    if (caFile != null) {
      Tls.trustOnly(http, caFile);
    }
    if (tokenProvider != null) {
      BearerAuth auth = new BearerAuth(tokenProvider);
      http.addInterceptor(auth).authenticator(auth);
    }
    ObjectMapper m = mapper == null
        ? new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        : mapper;
    return new KServeClient(http.build(), baseUrl, routing == null ? Routing.direct() : routing, m,
        retry == null ? RetryPolicy.defaults() : retry, timeout == null ? Duration.ofSeconds(60) : timeout,
        retryInference != null && retryInference);
  }
}
