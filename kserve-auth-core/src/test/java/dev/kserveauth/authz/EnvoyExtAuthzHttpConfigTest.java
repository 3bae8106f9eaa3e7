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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kserveauth.policy.PolicyException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MeshConfig {@code extensionProviders} in the shapes users keep, and its errors (file:line, field). */
class EnvoyExtAuthzHttpConfigTest {

  /** Kubeflow's oauth2-proxy provider (kubeflow/manifests common/istio), in the istio ConfigMap's data.mesh. */
  static final String CONFIG_MAP = """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: istio, namespace: istio-system}
      data:
        mesh: |-
          extensionProviders:
          - name: oauth2-proxy
            envoyExtAuthzHttp:
              service: oauth2-proxy.oauth2-proxy.svc.cluster.local
              port: 80
              timeout: 2.5s
              headersToDownstreamOnDeny: [content-type, set-cookie]
              headersToUpstreamOnAllow: [authorization, path, x-auth-request-email, x-auth-request-groups, x-auth-request-user]
              includeRequestHeadersInCheck: [authorization, cookie]
          - name: opa
            envoyExtAuthzGrpc: {service: opa.opa.svc.cluster.local, port: 9191}
      """;

  @Test
  void readsEveryShapeAndSkipsOtherKinds() {
    Map<String, EnvoyExtAuthzHttp> p = EnvoyExtAuthzHttp.parse(CONFIG_MAP, "istio-cm.yaml");
    assertThat(p).containsOnlyKeys("oauth2-proxy");
    EnvoyExtAuthzHttp.Settings s = p.get("oauth2-proxy").settings();
    assertThat(s.port()).isEqualTo(80);
    assertThat(s.timeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(s.statusOnError()).isEqualTo(403);
    assertThat(s.failOpen()).isFalse();
    assertThat(s.headersToUpstreamOnAllow()).contains("x-auth-request-user");
    assertThat(p.get("oauth2-proxy").wantsBody()).isFalse();
    p.values().forEach(EnvoyExtAuthzHttp::close);
    String operator = """
        apiVersion: install.istio.io/v1alpha1
        kind: IstioOperator
        spec:
          meshConfig:
            extensionProviders:
            - name: authz
              envoyExtAuthzHttp:
                service: kubeflow/authz.kubeflow.svc.cluster.local
                port: "8000"
                includeRequestBodyInCheck: {maxRequestBytes: 1024}
        """;
    Map<String, EnvoyExtAuthzHttp> op = EnvoyExtAuthzHttp.parse(operator, "operator.yaml");
    assertThat(op.get("authz").settings().timeout()).isEqualTo(Duration.ofSeconds(600)); // Istio's default
    assertThat(op.get("authz").wantsBody()).isTrue();
    assertThat(op.get("authz").toString()).contains("http://authz.kubeflow.svc.cluster.local:8000");
    op.values().forEach(EnvoyExtAuthzHttp::close);
  }

  @Test
  void errorsNameFileLineAndField() {
    String base = """
        extensionProviders:
        - name: authz
          envoyExtAuthzHttp:
            service: authz.local
            port: 8000
        """;
    assertThatThrownBy(() -> EnvoyExtAuthzHttp.parse(base + "    timeOut: 1s\n", "mesh.yaml"))
        .isInstanceOf(PolicyException.class).hasMessageStartingWith("mesh.yaml:6:")
        .hasMessageContaining("unknown field 'timeOut'");
    assertThatThrownBy(() -> EnvoyExtAuthzHttp.parse(base.replace("8000", "http"), "mesh.yaml"))
        .isInstanceOf(PolicyException.class).hasMessageStartingWith("mesh.yaml:5:")
        .hasMessageContaining("port: expected an integer");
    assertThatThrownBy(() -> EnvoyExtAuthzHttp.parse(base + "    timeout: soon\n", "mesh.yaml"))
        .hasMessageContaining("expected a duration");
    assertThatThrownBy(() -> EnvoyExtAuthzHttp.parse(base + "    statusOnError: 99\n", "mesh.yaml"))
        .hasMessageContaining("statusOnError: must be 100-599");
    assertThatThrownBy(() -> EnvoyExtAuthzHttp.parse(base + "    pathPrefix: check\n", "mesh.yaml"))
        .hasMessageContaining("pathPrefix: must start with '/'");
    assertThatThrownBy(() -> EnvoyExtAuthzHttp.parse(base + "    headersToUpstreamOnAllow: [\"x y\"]\n", "mesh.yaml"))
        .hasMessageContaining("expected a header name");
    assertThatThrownBy(() -> EnvoyExtAuthzHttp.parse(base.replace("authz.local", "http://authz.local"), "mesh.yaml"))
        .hasMessageContaining("service: expected a host name");
    assertThatThrownBy(() -> EnvoyExtAuthzHttp.parse(base + base.substring("extensionProviders:\n".length()),
        "mesh.yaml")).hasMessageContaining("duplicate provider name 'authz'");
    assertThatThrownBy(() -> EnvoyExtAuthzHttp.parse(base.replace("    port: 8000\n", ""), "mesh.yaml"))
        .hasMessageContaining("port is required");
  }

  @Test
  void decisionsRefuseHeaderInjection() {
    assertThatThrownBy(() -> ExternalDecision.allow(Map.of("x-a", List.of("v\r\nx-b: 1")), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ExternalDecision.deny(403, Map.of("bad name", List.of("v")), new byte[0], "r"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ExternalDecision.deny(42, "no")).isInstanceOf(IllegalArgumentException.class);
    ExternalDecision.Allow a = (ExternalDecision.Allow) ExternalDecision.allow(Map.of("X-User", List.of("a")), Map.of());
    assertThat(a.upstreamHeaders()).containsOnlyKeys("x-user");
  }
}
