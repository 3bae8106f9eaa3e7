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
package dev.kserveauth.policy;

import dev.kserveauth.route.KServeRoute;
import dev.kserveauth.authn.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a policy may look at for one request. Built by the facade from the adapter's request
 * view after authentication; built directly in tests and by {@code kserve-auth explain}.
 *
 * @since 0.1
 * @param principal the verified caller, or {@code null} for an anonymous request
 * @param method HTTP method, upper case
 * @param path the normalized path the server routes on (no query string)
 * @param host the {@code Host} header value
 * @param port the destination port
 * @param headers header name to values (kept as is when a {@link dev.kserveauth.http.RequestHeaders}, else copied into one)
 * @param sourceIp the peer address ({@code source.ip})
 * @param remoteIp the original client address ({@code remote.ip}, e.g. from X-Forwarded-For when trusted)
 * @param route the KServe route parsed from method + path (+ body)
 * @param time the request time, for time-window conditions
 */
public record AccessRequest(
    Principal principal,
    String method,
    String path,
    String host,
    int port,
    Map<String, List<String>> headers,
    String sourceIp,
    String remoteIp,
    KServeRoute route,
    Instant time) {

  /**
   * Copies the headers; {@code null} host and source become {@code ""}, an empty remote IP the source IP,
   * and a {@code null} route {@link KServeRoute#other()}.
   *
   * @param principal the verified caller, or {@code null} for an anonymous request
   * @param method HTTP method, upper case
   * @param path the normalized path the server routes on (no query string)
   * @param host the {@code Host} header value
   * @param port the destination port
   * @param headers header name to values (kept as is when a {@link dev.kserveauth.http.RequestHeaders}, else copied into one)
   * @param sourceIp the peer address ({@code source.ip})
   * @param remoteIp the original client address ({@code remote.ip}, e.g. from X-Forwarded-For when trusted)
   * @param route the KServe route parsed from method + path (+ body)
   * @param time the request time, for time-window conditions
   * @throws NullPointerException if {@code method}, {@code path} or {@code time} is {@code null}
   */
  public AccessRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    host = host == null ? "" : host;
    headers = dev.kserveauth.http.RequestHeaders.copyOf(headers);
    sourceIp = sourceIp == null ? "" : sourceIp;
    remoteIp = remoteIp == null || remoteIp.isEmpty() ? sourceIp : remoteIp;
    route = route == null ? KServeRoute.other() : route;
    Objects.requireNonNull(time, "time");
  }

  /**
   * Whether a verified principal made this request.
   *
   * @return {@code true} when a principal is present
   */
  public boolean authenticated() {
    return principal != null;
  }
}
