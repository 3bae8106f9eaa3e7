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
package dev.kserveauth.http;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a refused request is answered on the wire: status, headers and the JSON error body
 * ({@link ErrorBody}). The facade renders every refusal through these factories, so that the servlet,
 * Vert.x, Spring and gRPC adapters answer byte-for-byte alike; an adapter writes what it is given.
 *
 * <pre>{@code
 * ErrorResponse r = ErrorResponse.bearer("kserve", 401, BearerErrorCode.INVALID_TOKEN, "token expired", "token expired");
 * // 401, WWW-Authenticate: Bearer realm="kserve", error="invalid_token", error_description="token expired"
 * // Content-Type: application/json, body {"error":"token expired"}
 * }</pre>
 *
 * @param status the HTTP status
 * @param headers response headers, in the order they are written
 * @param body the body bytes
 * @since 0.1
 */
public record ErrorResponse(int status, Map<String, String> headers, byte[] body) {

  /**
   * Copies the headers and the body.
   *
   * @param status the HTTP status
   * @param headers response headers, in the order they are written
   * @param body the body bytes
   * @throws NullPointerException if {@code headers} or {@code body} is {@code null}
   */
  public ErrorResponse {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    body = body.clone();
  }

  /**
   * The response body.
   *
   * @return a fresh copy of the body bytes
   */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /**
   * A refusal with an RFC 6750 Bearer challenge (every 401 and 403 the policies answer, and any status
   * that carries an error code).
   *
   * @param realm the challenge's realm
   * @param status the status (401, 403, or another with {@code code})
   * @param code the RFC 6750 error code, or {@code null}
   * @param description the challenge's {@code error_description}, or {@code null}
   * @param message the body's error text
   * @return the response
   */
  public static ErrorResponse bearer(String realm, int status, BearerErrorCode code, String description,
      String message) {
    Map<String, String> h = new LinkedHashMap<>();
    if (status == 401 || status == 403 || code != null) {
      h.put("WWW-Authenticate", BearerChallenge.render(realm, code, description, null));
    }
    h.put("Content-Type", ErrorBody.CONTENT_TYPE);
    return new ErrorResponse(status, h, ErrorBody.json(message));
  }

  /**
   * A refusal without a challenge (e.g. an external authorizer that failed: 403).
   *
   * @param status the status
   * @param message the body's error text
   * @return the response
   */
  public static ErrorResponse plain(int status, String message) {
    return new ErrorResponse(status, Map.of("Content-Type", ErrorBody.CONTENT_TYPE), ErrorBody.json(message));
  }

  /**
   * 503 with {@code Retry-After} and no challenge: the server cannot decide yet (no usable signing keys);
   * a 401 would make clients throw away a good token.
   *
   * @param retryAfterSeconds the {@code Retry-After} value, at least 1
   * @param message the body's error text
   * @return the response
   */
  public static ErrorResponse retryLater(long retryAfterSeconds, String message) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
    h.put("Content-Type", ErrorBody.CONTENT_TYPE);
    return new ErrorResponse(503, h, ErrorBody.json(message));
  }

  /**
   * The {@code Retry-After} delta-seconds for a wait: whole seconds, rounded up, at least 1 (a client
   * must not retry before the wait is over).
   *
   * <pre>{@code
   * ErrorResponse.retryLater(ErrorResponse.retryAfterSeconds(e.retryAfter()), "retry later");
   * }</pre>
   *
   * @param wait how long the caller should wait
   * @return the seconds to send
   * @since 0.1
   */
  public static long retryAfterSeconds(java.time.Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ErrorResponse e && e.status == status && e.headers.equals(headers)
        && Arrays.equals(e.body, body);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * status + headers.hashCode()) + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "ErrorResponse[" + status + " " + headers + "]";
  }
}
