package dev.kserveauth.http;

/**
 * The wire protocol a request came over. Audit events ({@code transport}) and the
 * {@code rbac_authorization} meter ({@code transport} tag) carry it, so that one policy set deciding
 * REST and gRPC calls alike can still be told apart in the logs and dashboards.
 *
 * <pre>{@code
 * RequestView view = new RequestView("POST", "/inference.GRPCInferenceService/ModelInfer", authority,
 *     headers, Map.of(), Map.of(), peerIp, localPort, null, Transport.GRPC);
 * }</pre>
 *
 * @since 0.1
 */
public enum Transport {
  /** HTTP/1.1 or HTTP/2 REST (servlet, Vert.x, Spring adapters). */
  HTTP("http"),
  /** gRPC (the Open Inference Protocol's {@code GRPCInferenceService}). */
  GRPC("grpc");

  private final String id;

  Transport(String id) {
    this.id = id;
  }

  /**
   * The lower-case name used in audit events and metric tags.
   *
   * @return {@code http} or {@code grpc}
   */
  public String id() {
    return id;
  }
}
