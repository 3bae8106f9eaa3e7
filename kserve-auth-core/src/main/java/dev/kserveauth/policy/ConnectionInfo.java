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
 * Connection facts that are not part of the HTTP request: the peer's workload identity (Istio
 * {@code principals}, {@code namespaces}, {@code source.principal}, {@code source.namespace}), the
 * local address ({@code destination.ip}) and the TLS SNI ({@code connection.sni}).
 *
 * @since 0.1
 * @param peerPrincipal the peer's identity as {@code <td>/ns/<ns>/sa/<sa>} (a leading {@code spiffe://}
 *     is removed), or {@code null} when there is no authenticated peer
 * @param destinationIp the local IP address, or {@code null}
 * @param sni the TLS server name, or {@code null}
 */
public record ConnectionInfo(String peerPrincipal, String destinationIp, String sni) {

  /** Nothing known: plaintext, no sidecar. Peer-identity matchers never match; their {@code not*} forms do. */
  public static final ConnectionInfo NONE = new ConnectionInfo(null, null, null);

  /**
   * Strips {@code spiffe://} from the peer principal; empty values become {@code null}.
   *
   * @param peerPrincipal the peer's identity as {@code <td>/ns/<ns>/sa/<sa>} (a leading {@code spiffe://}
   *     is removed), or {@code null} when there is no authenticated peer
   * @param destinationIp the local IP address, or {@code null}
   * @param sni the TLS server name, or {@code null}
   */
  public ConnectionInfo {
    if (peerPrincipal != null && peerPrincipal.startsWith("spiffe://")) {
      peerPrincipal = peerPrincipal.substring("spiffe://".length());
    }
    if (peerPrincipal != null && peerPrincipal.isEmpty()) {
      peerPrincipal = null;
    }
    if (destinationIp != null && destinationIp.isEmpty()) {
      destinationIp = null;
    }
    if (sni != null && sni.isEmpty()) {
      sni = null;
    }
  }
}
