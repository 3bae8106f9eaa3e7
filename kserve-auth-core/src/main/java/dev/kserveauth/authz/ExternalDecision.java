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

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An {@link ExternalAuthorizer}'s answer: {@link Allow} (the request goes on to the DENY and ALLOW
 * policies, with headers added) or {@link Deny} (the caller gets exactly this status, these headers and
 * this body). Header maps keep their order; names are compared case-insensitively and must be HTTP
 * tokens, values must not hold CR, LF or NUL (checked here: an invalid header throws
 * {@link IllegalArgumentException}, which the facade treats as a provider failure, failing closed).
 *
 * <pre>{@code
 * ExternalDecision.allow(Map.of("x-user", List.of("alice")), Map.of());   // header to the application
 * ExternalDecision.deny(302, Map.of("location", List.of("/oauth2/start")), new byte[0], "login required");
 * }</pre>
 *
 * @since 0.1
 */
public sealed interface ExternalDecision permits ExternalDecision.Allow, ExternalDecision.Deny {

  /**
   * Whether the authorizer allowed the request.
   *
   * @return {@code true} for {@link Allow}
   */
  default boolean allowed() {
    return this instanceof Allow;
  }

  /**
   * Allowed by the authorizer.
   *
   * @param upstreamHeaders headers set on the request the application sees (each replaces any
   *     incoming header of that name; Envoy's {@code headersToUpstreamOnAllow}). When one of them is the
   *     token header (e.g. {@code authorization}), the request is authenticated again with it, as Istio's
   *     {@code jwt_authn} filter, which runs after {@code ext_authz}, sees it.
   * @param downstreamHeaders headers added to the response the caller gets (Envoy's
   *     {@code headersToDownstreamOnAllow}), e.g. {@code set-cookie}
   */
  record Allow(Map<String, List<String>> upstreamHeaders, Map<String, List<String>> downstreamHeaders)
      implements ExternalDecision {
    /**
     * Lower-cases and checks the header names and values; {@code null} maps become empty.
     *
     * @param upstreamHeaders headers set on the request the application sees (each replaces any
     *     incoming header of that name; Envoy's {@code headersToUpstreamOnAllow}). When one of them is the
     *     token header (e.g. {@code authorization}), the request is authenticated again with it, as Istio's
     *     {@code jwt_authn} filter, which runs after {@code ext_authz}, sees it.
     * @param downstreamHeaders headers added to the response the caller gets (Envoy's
     *     {@code headersToDownstreamOnAllow}), e.g. {@code set-cookie}
     * @throws IllegalArgumentException if a header name or value is not valid HTTP
     */
    public Allow {
      upstreamHeaders = checked(upstreamHeaders);
      downstreamHeaders = checked(downstreamHeaders);
    }
  }

  /**
   * Denied by the authorizer: the caller gets this answer as it is.
   *
   * @param status the HTTP status (e.g. 401, 403, or 302 to a login page); 100-599
   * @param headers the response headers (e.g. {@code location}, {@code www-authenticate}, {@code set-cookie})
   * @param body the response body (possibly empty)
   * @param reason a short, caller-safe reason for audit events, {@code explain} and logs
   */
  record Deny(int status, Map<String, List<String>> headers, byte[] body, String reason) implements ExternalDecision {
    /**
     * Checks the status and headers; a {@code null} body becomes empty and a blank reason a generic one.
     *
     * @param status the HTTP status (e.g. 401, 403, or 302 to a login page); 100-599
     * @param headers the response headers (e.g. {@code location}, {@code www-authenticate}, {@code set-cookie})
     * @param body the response body (possibly empty)
     * @param reason a short, caller-safe reason for audit events, {@code explain} and logs
     * @throws IllegalArgumentException if {@code status} is outside 100-599, or a header name or value is not valid HTTP
     */
    public Deny {
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("deny status must be 100-599, was " + status);
      }
      headers = checked(headers);
      body = body == null ? new byte[0] : body.clone();
      reason = reason == null || reason.isBlank() ? "denied by external authorizer" : reason;
    }

    /**
     * The response body.
     *
     * @return a fresh copy of the body bytes, empty when there is none
     */
    @Override
    public byte[] body() {
      return body.clone();
    }

    /** Safe to log: status and reason only. */
    @Override
    public String toString() {
      return "Deny[status=" + status + ", reason=" + reason + "]";
    }
  }

  /**
   * Allows, adding no header.
   *
   * @return an allow without headers
   */
  static ExternalDecision allow() {
    return new Allow(Map.of(), Map.of());
  }

  /**
   * Allows, setting headers on the request and adding headers to the response.
   *
   * @param upstreamHeaders set on the request the application sees
   * @param downstreamHeaders added to the response
   * @return the allow
   */
  static ExternalDecision allow(Map<String, List<String>> upstreamHeaders,
      Map<String, List<String>> downstreamHeaders) {
    return new Allow(upstreamHeaders, downstreamHeaders);
  }

  /**
   * Denies with a status and a plain-text reason as the body.
   *
   * @param status the HTTP status
   * @param reason the reason (also the body)
   * @return the deny, with a {@code text/plain} body
   */
  static ExternalDecision deny(int status, String reason) {
    Objects.requireNonNull(reason, "reason");
    return new Deny(status, Map.of("content-type", List.of("text/plain; charset=utf-8")),
        reason.getBytes(StandardCharsets.UTF_8), reason);
  }

  /**
   * Denies with the exact answer the caller gets.
   *
   * @param status the HTTP status
   * @param headers the response headers
   * @param body the response body
   * @param reason a caller-safe reason for audit and logs
   * @return the deny
   */
  static ExternalDecision deny(int status, Map<String, List<String>> headers, byte[] body, String reason) {
    return new Deny(status, headers, body, reason);
  }

  /** Lower-cases names, checks names and values, copies. */
  private static Map<String, List<String>> checked(Map<String, List<String>> headers) {
    if (headers == null || headers.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    headers.forEach((name, values) -> {
      String n = Objects.requireNonNull(name, "header name").toLowerCase(Locale.ROOT);
      if (!isToken(n)) {
        throw new IllegalArgumentException("invalid header name from external authorizer");
      }
      for (String v : Objects.requireNonNull(values, "header values")) {
        if (v == null || !isValue(v)) {
          throw new IllegalArgumentException("invalid value for header '" + n + "' from external authorizer");
        }
      }
      out.merge(n, List.copyOf(values), (a, b) -> {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
      });
    });
    return Collections.unmodifiableMap(out);
  }

  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isValue(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        return false;
      }
    }
    return true;
  }
}
