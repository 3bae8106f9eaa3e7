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
package dev.kserveauth.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One audit record per decision, with the fields of the seed's audit log. Never holds the raw token;
 * {@code claims} holds only the claims selected for auditing, already redacted.
 *
 * @since 0.1
 * @param timestamp when the decision was taken
 * @param event {@code authorization} for a policy decision, {@code authentication_failed} for a
 *     rejected token, {@code request_rejected} for a malformed request, {@code skipped} for a public
 *     path or CORS preflight, {@code error} for a fail-closed internal error
 * @param userId the subject, or {@code null} for anonymous
 * @param issuer the token issuer, or {@code null}
 * @param roles the caller's roles
 * @param method the HTTP method
 * @param path the normalized path (raw when the path itself was rejected)
 * @param model the KServe model, or {@code null}
 * @param verb the KServe verb ({@code predict}, ...), or {@code other}
 * @param result {@code allow} or {@code deny}
 * @param status the HTTP status returned (200 when the request went on)
 * @param policy the determining policy id, or {@code null}
 * @param rule the determining rule id, or {@code null}
 * @param reason the first decision reason, or {@code null}
 * @param ipAddress the peer address
 * @param userAgent the {@code User-Agent}, or {@code null}
 * @param claims selected claims (redacted per configuration)
 * @param durationNanos time spent authenticating and deciding
 * @param authorizer what an external authorizer (Istio CUSTOM provider) answered, e.g.
 *     {@code oauth2-proxy: deny 302 (policy ...)}, or {@code null} when none was asked
 * @param transport the wire protocol the request came over: {@code http} or {@code grpc}
 */
public record AuditEvent(
    Instant timestamp,
    String event,
    String userId,
    String issuer,
    List<String> roles,
    String method,
    String path,
    String model,
    String verb,
    String result,
    int status,
    String policy,
    String rule,
    String reason,
    String ipAddress,
    String userAgent,
    Map<String, Object> claims,
    long durationNanos,
    String authorizer,
    String transport) {

  /**
   * An HTTP event ({@code transport} is {@code http}).
   *
   * @param timestamp when the decision was taken
   * @param event the event kind, as {@link #event()}
   * @param userId the subject, or {@code null} for anonymous
   * @param issuer the token issuer, or {@code null}
   * @param roles the caller's roles (copied)
   * @param method the HTTP method
   * @param path the normalized path (raw when the path itself was rejected)
   * @param model the KServe model, or {@code null}
   * @param verb the KServe verb, or {@code other}
   * @param result {@code allow} or {@code deny}
   * @param status the HTTP status returned (200 when the request went on)
   * @param policy the determining policy id, or {@code null}
   * @param rule the determining rule id, or {@code null}
   * @param reason the first decision reason, or {@code null}
   * @param ipAddress the peer address
   * @param userAgent the {@code User-Agent}, or {@code null}
   * @param claims selected claims, already redacted (copied)
   * @param durationNanos time spent authenticating and deciding, in nanoseconds
   * @param authorizer what an external authorizer answered, or {@code null} when none was asked
   */
  public AuditEvent(Instant timestamp, String event, String userId, String issuer, List<String> roles, String method,
      String path, String model, String verb, String result, int status, String policy, String rule, String reason,
      String ipAddress, String userAgent, Map<String, Object> claims, long durationNanos, String authorizer) {
    this(timestamp, event, userId, issuer, roles, method, path, model, verb, result, status, policy, rule, reason,
        ipAddress, userAgent, claims, durationNanos, authorizer, "http");
  }

  /**
   * An HTTP event without an external authorizer's answer ({@code authorizer} is {@code null},
   * {@code transport} is {@code http}).
   *
   * @param timestamp when the decision was taken
   * @param event the event kind, as {@link #event()}
   * @param userId the subject, or {@code null} for anonymous
   * @param issuer the token issuer, or {@code null}
   * @param roles the caller's roles (copied)
   * @param method the HTTP method
   * @param path the normalized path (raw when the path itself was rejected)
   * @param model the KServe model, or {@code null}
   * @param verb the KServe verb, or {@code other}
   * @param result {@code allow} or {@code deny}
   * @param status the HTTP status returned (200 when the request went on)
   * @param policy the determining policy id, or {@code null}
   * @param rule the determining rule id, or {@code null}
   * @param reason the first decision reason, or {@code null}
   * @param ipAddress the peer address
   * @param userAgent the {@code User-Agent}, or {@code null}
   * @param claims selected claims, already redacted (copied)
   * @param durationNanos time spent authenticating and deciding, in nanoseconds
   */
  public AuditEvent(Instant timestamp, String event, String userId, String issuer, List<String> roles, String method,
      String path, String model, String verb, String result, int status, String policy, String rule, String reason,
      String ipAddress, String userAgent, Map<String, Object> claims, long durationNanos) {
    this(timestamp, event, userId, issuer, roles, method, path, model, verb, result, status, policy, rule, reason,
        ipAddress, userAgent, claims, durationNanos, null);
  }

  /**
   * Copies {@code roles} and {@code claims} into unmodifiable collections; a {@code null}
   * {@code transport} becomes {@code http}.
   *
   * @param timestamp when the decision was taken
   * @param event {@code authorization} for a policy decision, {@code authentication_failed} for a
   *     rejected token, {@code request_rejected} for a malformed request, {@code skipped} for a public
   *     path or CORS preflight, {@code error} for a fail-closed internal error
   * @param userId the subject, or {@code null} for anonymous
   * @param issuer the token issuer, or {@code null}
   * @param roles the caller's roles
   * @param method the HTTP method
   * @param path the normalized path (raw when the path itself was rejected)
   * @param model the KServe model, or {@code null}
   * @param verb the KServe verb ({@code predict}, ...), or {@code other}
   * @param result {@code allow} or {@code deny}
   * @param status the HTTP status returned (200 when the request went on)
   * @param policy the determining policy id, or {@code null}
   * @param rule the determining rule id, or {@code null}
   * @param reason the first decision reason, or {@code null}
   * @param ipAddress the peer address
   * @param userAgent the {@code User-Agent}, or {@code null}
   * @param claims selected claims (redacted per configuration)
   * @param durationNanos time spent authenticating and deciding
   * @param authorizer what an external authorizer (Istio CUSTOM provider) answered, e.g.
   *     {@code oauth2-proxy: deny 302 (policy ...)}, or {@code null} when none was asked
   * @param transport the wire protocol the request came over: {@code http} or {@code grpc}
   * @throws NullPointerException if {@code timestamp}, {@code event}, {@code roles} or {@code claims}
   *     is {@code null}
   */
  public AuditEvent {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(event, "event");
    roles = List.copyOf(roles);
    claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    transport = transport == null ? "http" : transport;
  }

  /**
   * {@code action} in the seed's audit log: method and path.
   *
   * @return the method, a space and the path, e.g. {@code POST /v1/models/iris:predict}
   */
  public String action() {
    return method + " " + path;
  }

  /**
   * Whether the request went on to the application.
   *
   * @return {@code true} when {@link #result()} is {@code allow}
   */
  public boolean allowed() {
    return "allow".equals(result);
  }
}
