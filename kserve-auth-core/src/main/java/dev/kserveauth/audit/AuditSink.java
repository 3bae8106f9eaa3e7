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

/**
 * Receives one {@link AuditEvent} per decision. The default, {@link #slf4j()}, writes each event as
 * one line of JSON at INFO on the SLF4J logger {@value #LOGGER}. Implementations must be
 * thread-safe and must not block (they run on the request path, also on a Vert.x event loop).
 *
 * <pre>{@code
 * List<AuditEvent> seen = new CopyOnWriteArrayList<>();
 * KServeAuth auth = KServeAuth.builder()...auditSink(seen::add).build();
 * }</pre>
 *
 * @since 0.1
 */
@FunctionalInterface
public interface AuditSink {

  /** The logger the default sink writes to. */
  String LOGGER = "kserve.auth.audit";

  /**
   * Records one event. Exceptions thrown here are caught and logged; they never change a decision.
   *
   * @param event the event, already redacted
   */
  void record(AuditEvent event);

  /**
   * Whether events are wanted at all. When false, {@link dev.kserveauth.KServeAuth} does not build
   * events, which keeps auditing off the request path entirely. The default is true; {@link #none()} answers
   * false, and {@link #slf4j()} answers whether its logger has INFO enabled.
   *
   * @return whether {@link #record} should be called
   */
  default boolean isEnabled() {
    return true;
  }

  /**
   * JSON lines on the SLF4J logger {@value #LOGGER}.
   *
   * @return the default sink
   */
  static AuditSink slf4j() {
    return Slf4jAuditSink.INSTANCE;
  }

  /**
   * Records nothing.
   *
   * @return a sink that drops every event
   */
  static AuditSink none() {
    return NoAuditSink.INSTANCE;
  }

  /**
   * Renders an event as the JSON the default sink writes.
   *
   * @param event the event
   * @return one line of JSON, without a line break
   */
  static String toJson(AuditEvent event) {
    return AuditJson.render(event);
  }
}
