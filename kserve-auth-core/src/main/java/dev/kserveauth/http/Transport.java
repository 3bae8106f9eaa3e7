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
