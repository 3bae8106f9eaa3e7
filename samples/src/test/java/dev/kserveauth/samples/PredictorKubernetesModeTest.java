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
package dev.kserveauth.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The predictor's Kubernetes-RBAC flags, with the ConfigMaps of samples/k8s/kubernetes-rbac.yaml. */
class PredictorKubernetesModeTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  @TempDir Path dir;

  List<JsonNode> manifests() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class)
        .readValues(Path.of("k8s/kubernetes-rbac.yaml").toFile())) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  String data(String configMap, String key) throws Exception {
    for (JsonNode m : manifests()) {
      if (m.path("kind").asText().equals("ConfigMap") && m.at("/metadata/name").asText().equals(configMap)) {
        return m.at("/data/" + key).asText();
      }
    }
    throw new AssertionError(configMap + " not found");
  }

  @Test
  void theKubeRbacProxyConfigAndTheCustomPolicyOfTheSampleRegisterTheProvider() throws Exception {
    Path policies = Files.createDirectory(dir.resolve("policies"));
    // the sample's CUSTOM policy; an inline-JWKS rule instead of the in-cluster issuer (no cluster here)
    Files.writeString(policies.resolve("authorizationpolicy.yaml"), data("iris-rbac-policies", "authorizationpolicy.yaml"));
    Files.writeString(policies.resolve("ra.yaml"), """
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        metadata: {name: k8s}
        spec:
          jwtRules:
          - issuer: https://issuer.test
            jwks: '%s'
        """.formatted(jwks()));
    Path config = dir.resolve("kube-rbac-proxy.yaml");
    Files.writeString(config, data("iris-rbac-config", "kube-rbac-proxy.yaml"));
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).build();
    Path caFile = dir.resolve("ca.crt");
    Files.writeString(caFile, ca.certificatePem());
    Path token = dir.resolve("token");
    Files.writeString(token, "t");
    try (PredictorCommand.Running p = PredictorCommand.start(List.of("--port", "0", "--host", "127.0.0.1",
        "--models", "iris", "--policy", policies.toString(), "--kubernetes-authorization", config.toString(),
        "--token-review", "--kube-api", "https://127.0.0.1:9", "--kube-ca", caFile.toString(),
        "--kube-token-file", token.toString(), "--namespace", "ml-models"))) {
      assertThat(p.description).contains("SubjectAccessReview provider kubernetes-rbac").contains("TokenReview");
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port()
          + "/v1/models/iris:predict")).timeout(Duration.ofSeconds(20))
          .POST(HttpRequest.BodyPublishers.ofString("{\"instances\":[[1,2,3,4]]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401); // the kubernetes-rbac provider: no caller
      // an opaque token: the TokenReview cannot reach the API server (nothing listens on port 9) → 503
      HttpResponse<String> opaque = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port()
          + "/v1/models/iris")).header("Authorization", "Bearer sha256~x").timeout(Duration.ofSeconds(20)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(opaque.statusCode()).isEqualTo(503);
    }
  }

  static String jwks() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    var pub = (java.security.interfaces.RSAPublicKey) g.generateKeyPair().getPublic();
    java.util.Base64.Encoder b = java.util.Base64.getUrlEncoder().withoutPadding();
    return "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k\",\"alg\":\"RS256\",\"n\":\"" + b.encodeToString(unsigned(pub.getModulus()))
        + "\",\"e\":\"" + b.encodeToString(unsigned(pub.getPublicExponent())) + "\"}]}";
  }

  static byte[] unsigned(java.math.BigInteger i) {
    byte[] a = i.toByteArray();
    return a[0] == 0 ? java.util.Arrays.copyOfRange(a, 1, a.length) : a;
  }

  @Test
  void kubernetesFlagsAreCheckedTogether() {
    assertThatThrownBy(() -> PredictorCommand.start(List.of("--port", "0", "--policy", ".", "--namespace", "x")))
        .isInstanceOf(Args.UsageException.class).hasMessageContaining("--namespace needs --kubernetes-authorization");
    assertThatThrownBy(() -> PredictorCommand.start(List.of("--port", "0", "--policy", ".", "--token-review",
        "--kube-ca", "ca.crt"))).isInstanceOf(Args.UsageException.class)
        .hasMessageContaining("--kube-ca and --kube-token-file go with --kube-api");
  }
}
