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

import dev.kserveauth.route.KServeRoute;
import dev.kserveauth.authn.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link ExternalAuthorizer} is asked about: the request exactly as it is routed (the
 * normalized path the application dispatches on, never the raw spelling), who made it, and why the
 * authorizer is asked.
 *
 * @param provider the name the authorizer is registered under (the policy's {@code provider.name})
 * @param policy the id of the CUSTOM policy whose rule matched, e.g. {@code authz.yaml#istio-system/ext-authz}
 * @param rule the id of the matching rule ({@code ...#rules[0]})
 * @param method the HTTP method, upper case
 * @param path the normalized path the request is decided and routed on, without the query string
 * @param query the query string as received, without the {@code ?} (empty when there is none)
 * @param host the {@code Host} (or {@code :authority}) value
 * @param headers the request headers, lower-case names, values in order; the token header included
 *     (an authorizer such as oauth2-proxy or kube-rbac-proxy reads it); headers the facade sets from
 *     verified claims ({@code outputClaimToHeaders}) hold the verified values, never the caller's copies
 * @param sourceAddress the peer's IP address
 * @param localPort the port the request arrived on
 * @param principal the caller verified by {@code RequestAuthentication}, or {@code null} for an anonymous
 *     request (an invalid token never gets here: it is refused with 401 first)
 * @param route the KServe route parsed from method + path (+ body): protocol, verb, model
 * @param body the request body when it was read for the decision (OpenAI-compatible routes), else {@code null}
 * @since 0.1
 */
public record CheckRequest(
    String provider,
    String policy,
    String rule,
    String method,
    String path,
    String query,
    String host,
    Map<String, List<String>> headers,
    String sourceAddress,
    int localPort,
    Principal principal,
    KServeRoute route,
    byte[] body) {

  /**
   * Copies the headers; {@code null} strings become {@code ""} and a {@code null} route {@link KServeRoute#other()}.
   *
   * @param provider the name the authorizer is registered under (the policy's {@code provider.name})
   * @param policy the id of the CUSTOM policy whose rule matched, e.g. {@code authz.yaml#istio-system/ext-authz}
   * @param rule the id of the matching rule ({@code ...#rules[0]})
   * @param method the HTTP method, upper case
   * @param path the normalized path the request is decided and routed on, without the query string
   * @param query the query string as received, without the {@code ?} (empty when there is none)
   * @param host the {@code Host} (or {@code :authority}) value
   * @param headers the request headers, lower-case names, values in order; the token header included
   *     (an authorizer such as oauth2-proxy or kube-rbac-proxy reads it); headers the facade sets from
   *     verified claims ({@code outputClaimToHeaders}) hold the verified values, never the caller's copies
   * @param sourceAddress the peer's IP address
   * @param localPort the port the request arrived on
   * @param principal the caller verified by {@code RequestAuthentication}, or {@code null} for an anonymous
   *     request (an invalid token never gets here: it is refused with 401 first)
   * @param route the KServe route parsed from method + path (+ body): protocol, verb, model
   * @param body the request body when it was read for the decision (OpenAI-compatible routes), else {@code null}
   * @throws NullPointerException if {@code provider}, {@code method} or {@code path} is {@code null}
   */
  public CheckRequest {
    Objects.requireNonNull(provider, "provider");
    policy = policy == null ? "" : policy;
    rule = rule == null ? "" : rule;
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    query = query == null ? "" : query;
    host = host == null ? "" : host;
    headers = dev.kserveauth.http.RequestHeaders.copyOf(headers == null ? Map.of() : headers);
    sourceAddress = sourceAddress == null ? "" : sourceAddress;
    route = route == null ? KServeRoute.other() : route;
  }

  /**
   * The first value of a header (name matched case-insensitively), or {@code null}.
   *
   * @param name the header name, any case
   * @return the first value, or {@code null} when the header is absent
   */
  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /**
   * The path with the query string, as an HTTP request line carries it ({@code /v1/models/m?x=1}).
   *
   * @return the path, followed by {@code ?} and the query when there is one
   */
  public String pathWithQuery() {
    return query.isEmpty() ? path : path + "?" + query;
  }

  /**
   * Whether a verified principal made the request.
   *
   * @return {@code true} when a principal is present
   */
  public boolean authenticated() {
    return principal != null;
  }

  /** Safe to log: no header values, no body. */
  @Override
  public String toString() {
    return "CheckRequest[" + provider + ": " + method + " " + path + " host=" + host + ", policy=" + policy
        + ", principal=" + (principal == null ? "none" : principal.subject()) + "]";
  }
}
