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

import dev.kserveauth.authn.Principal;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.policy.Decision;
import dev.kserveauth.route.KServeRoute;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Maps one handled request to its {@link AuditEvent}: who (subject, issuer, roles and the configured claims,
 * redacted where asked), what (method, decided path, model, verb) and the outcome (allow/deny, status, the
 * determining policy and rule, the first reason). Never the token.
 *
 * <pre>{@code
 * AuditEvents events = new AuditEvents(Clock.systemUTC(), List.of("team", "email"), Set.of("email"));
 * sink.record(events.of("authorization", request, path, route, principal, decision, true, 200, nanos, null));
 * }</pre>
 *
 * @since 0.1
 */
public final class AuditEvents {
  private final Clock clock;
  private final List<String> claims;
  private final Set<String> redacted;

  /**
   * @param clock the clock of the events' timestamps
   * @param claims claim paths copied into each event
   * @param redacted the claims among them whose value is replaced by {@code [REDACTED]}
   */
  public AuditEvents(Clock clock, List<String> claims, Set<String> redacted) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.claims = List.copyOf(claims);
    this.redacted = Set.copyOf(redacted);
  }

  /**
   * The event for one request.
   *
   * @param event the kind ({@code authorization}, {@code authentication_failed}, {@code request_rejected}, ...)
   * @param request the request
   * @param path the path decided on
   * @param route the route
   * @param principal the verified principal, or {@code null}
   * @param decision the decision
   * @param allowed whether the request goes on
   * @param status the HTTP status answered (200 when it goes on)
   * @param nanos how long handling took
   * @param authorizer what an external authorizer answered, or {@code null} when none was asked
   * @return the event
   */
  public AuditEvent of(String event, RequestView request, String path, KServeRoute route, Principal principal,
      Decision decision, boolean allowed, int status, long nanos, String authorizer) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (principal != null) {
      for (String name : claims) {
        principal.claimPath(name).ifPresent(v -> values.put(name, redacted.contains(name) ? "[REDACTED]" : v));
      }
    }
    return new AuditEvent(clock.instant(), event,
        principal == null ? null : principal.subject(),
        principal == null ? null : principal.issuer(),
        principal == null ? List.of() : new ArrayList<>(principal.roles()),
        request.method(), path, route.model(), route.verb().id(),
        allowed ? "allow" : "deny", status, decision.policy(), decision.rule(),
        decision.reasons().isEmpty() ? null : decision.reasons().get(0), request.remoteAddress(),
        request.header("user-agent"), values, nanos, authorizer, request.transport().id());
  }
}
