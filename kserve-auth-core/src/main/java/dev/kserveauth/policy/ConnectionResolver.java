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

/**
 * Supplies {@link ConnectionInfo} for a request, e.g. from a trusted {@code X-Forwarded-Client-Cert}
 * header set by a sidecar, or from the server's TLS session. The default, {@link #none()}, knows no
 * peer: an in-process server without mTLS cannot prove a workload identity, so {@code principals}
 * and {@code namespaces} never match and their {@code not*} forms always do (Istio's plaintext
 * behaviour).
 *
 * <pre>{@code
 * ConnectionResolver fromTls = req -> new ConnectionInfo(spiffeIdOf(req), null, null);
 * }</pre>
 *
 * <p>Must be thread-safe and must not block. An exception thrown here makes the decision DENY.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ConnectionResolver {

  /**
   * Facts about the connection that carried this request; never {@code null}.
   *
   * @param request the request being decided
   * @return the connection facts; {@link ConnectionInfo#NONE} when none are known
   */
  ConnectionInfo resolve(AccessRequest request);

  /**
   * A resolver that knows nothing about the connection.
   *
   * @return a resolver that always answers {@link ConnectionInfo#NONE}
   */
  static ConnectionResolver none() {
    return r -> ConnectionInfo.NONE;
  }
}
