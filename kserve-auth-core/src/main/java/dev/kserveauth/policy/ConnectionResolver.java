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
