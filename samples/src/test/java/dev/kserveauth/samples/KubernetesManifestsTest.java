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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.kserveauth.policy.PolicySet;
import dev.kserveauth.authn.JwtRule;
import dev.kserveauth.authn.JwtRules;

/**
 * A shape check of {@code samples/k8s} (no cluster here, and {@code kubectl apply --dry-run=client}
 * needs one to resolve the InferenceService kind): every document parses, has apiVersion, kind and
 * metadata.name, the fields each kind requires are there, and the pieces refer to each other
 * consistently (service accounts, the ConfigMap mount, the token audience the policies accept, the
 * client's arguments).
 */
class KubernetesManifestsTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path DIR = Path.of("k8s");
  private static final List<JsonNode> DOCS = new ArrayList<>();

  @BeforeAll
  static void load() throws IOException {
    assertThat(DIR).as("run from the samples module").isDirectory();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        if (f.getFileName().toString().equals("kustomization.yaml")) {
          continue;
        }
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
          while (it.hasNext()) {
            JsonNode doc = it.next();
            if (doc != null && !doc.isNull() && !doc.isEmpty()) {
              DOCS.add(doc);
            }
          }
        }
      }
    }
  }

  private static List<JsonNode> ofKind(String kind) {
    return DOCS.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
  }

  private static JsonNode one(String kind, String name) {
    List<JsonNode> found = ofKind(kind).stream().filter(d -> d.at("/metadata/name").asText().equals(name)).toList();
    assertThat(found).as(kind + " " + name).hasSize(1);
    return found.get(0);
  }

  @Test
  void everyDocumentHasApiVersionKindAndName() {
    assertThat(DOCS).hasSizeGreaterThanOrEqualTo(9);
    Map<String, String> apiVersions = Map.of(
        "Namespace", "v1", "ServiceAccount", "v1", "ConfigMap", "v1",
        "Role", "rbac.authorization.k8s.io/v1", "RoleBinding", "rbac.authorization.k8s.io/v1",
        "ClusterRole", "rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "rbac.authorization.k8s.io/v1",
        "InferenceService", "serving.kserve.io/v1beta1", "Job", "batch/v1");
    for (JsonNode d : DOCS) {
      String kind = d.path("kind").asText();
      assertThat(apiVersions).as("known kind in " + d).containsKey(kind);
      assertThat(d.path("apiVersion").asText()).as(kind).isEqualTo(apiVersions.get(kind));
      assertThat(d.at("/metadata/name").asText()).as(kind + " name").matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
      if (!kind.equals("Namespace") && !kind.startsWith("ClusterRole")) {
        assertThat(d.at("/metadata/namespace").asText()).as(kind + " namespace").isEqualTo("ml-models");
      }
    }
  }

  @Test
  void kustomizationListsEveryFile() throws IOException {
    JsonNode k = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
    Set<String> listed = new HashSet<>();
    k.path("resources").forEach(r -> listed.add(r.asText()));
    try (Stream<Path> files = Files.list(DIR)) {
      Set<String> present = new HashSet<>(files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).toList());
      assertThat(listed).isEqualTo(present);
    }
  }

  @Test
  void inferenceServiceRunsThePredictorWithTheMountedPolicies() {
    JsonNode isvc = one("InferenceService", "iris");
    JsonNode predictor = isvc.at("/spec/predictor");
    JsonNode container = predictor.at("/containers/0");
    assertThat(container.path("image").asText()).isNotBlank();
    List<String> args = strings(container.path("args"));
    assertThat(args.get(0)).isEqualTo("predictor");
    String policyDir = args.get(args.indexOf("--policy") + 1);
    assertThat(args.get(args.indexOf("--port") + 1)).isEqualTo(String.valueOf(container.at("/ports/0/containerPort").asInt()));

    // the policy directory is a whole-ConfigMap mount (no subPath, so kubelet updates reach the reloader)
    JsonNode mount = find(container.path("volumeMounts"), "mountPath", policyDir);
    assertThat(mount.has("subPath")).as("subPath mounts never see ConfigMap updates").isFalse();
    JsonNode volume = find(predictor.path("volumes"), "name", mount.path("name").asText());
    String cm = volume.at("/configMap/name").asText();
    one("ConfigMap", cm);

    one("ServiceAccount", predictor.path("serviceAccountName").asText());
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isNotBlank();
  }

  @Test
  void configMapPoliciesLoadAsThePredictorLoadsThemAndAcceptTheClientsAudience(@TempDir Path mounted)
      throws IOException {
    JsonNode cm = one("ConfigMap", "kserve-auth-policies");
    // materialize the ConfigMap as the kubelet mounts it, then load it exactly as the predictor does
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) cm.path("data")::fields) {
      Files.writeString(mounted.resolve(e.getKey()), e.getValue().asText());
    }
    List<JwtRule> rules = new ArrayList<>();
    for (Path f : PredictorCommand.yamlFiles(List.of(mounted))) {
      rules.addAll(JwtRules.load(f));
    }
    assertThat(rules).hasSize(1);
    JwtRule rule = rules.get(0);
    assertThat(rule.issuer()).isEqualTo("https://kubernetes.default.svc.cluster.local");
    List<String> audiences = rule.audiences();
    PolicySet policies = PolicySet.load(mounted);
    assertThat(policies.ids()).hasSize(1);

    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(cm.at("/data/authorizationpolicy.yaml").asText())) {
      docs.addAll(it.readAll());
    }
    String principal = docs.get(0).at("/spec/rules/0/from/0/source/requestPrincipals/0").asText();
    assertThat(principal).isEqualTo(rule.issuer() + "/system:serviceaccount:ml-models:iris-client");

    // the projected token of the client Job is minted for an audience the predictor accepts
    JsonNode job = one("Job", "iris-client");
    JsonNode pod = job.at("/spec/template/spec");
    assertThat(pod.path("serviceAccountName").asText()).isEqualTo("iris-client");
    assertThat(pod.path("restartPolicy").asText()).isIn("Never", "OnFailure");
    JsonNode token = pod.at("/volumes/0/projected/sources/0/serviceAccountToken");
    assertThat(audiences).contains(token.path("audience").asText());
    assertThat(token.path("expirationSeconds").asInt()).isBetween(600, 86400);
    JsonNode container = pod.at("/containers/0");
    List<String> args = strings(container.path("args"));
    String tokenFile = args.get(args.indexOf("--token-file") + 1);
    JsonNode mount = find(container.path("volumeMounts"), "name", pod.at("/volumes/0/name").asText());
    assertThat(tokenFile).isEqualTo(mount.path("mountPath").asText() + "/" + token.path("path").asText());

    // the TokenRequest variant asks for the same audience
    List<String> trArgs = strings(one("Job", "iris-client-token-request").at("/spec/template/spec/containers/0/args"));
    assertThat(trArgs).contains("--token-request");
    assertThat(audiences).contains(trArgs.get(trArgs.indexOf("--audience") + 1));
  }

  @Test
  void rbacLetsTheClientRequestOnlyItsOwnToken() {
    JsonNode role = one("Role", "iris-client-token-request");
    JsonNode rule = role.at("/rules/0");
    assertThat(strings(rule.path("resources"))).containsExactly("serviceaccounts/token");
    assertThat(strings(rule.path("verbs"))).containsExactly("create");
    assertThat(strings(rule.path("resourceNames"))).containsExactly("iris-client");
    for (JsonNode binding : Stream.concat(ofKind("RoleBinding").stream(), ofKind("ClusterRoleBinding").stream()).toList()) {
      assertThat(binding.at("/roleRef/apiGroup").asText()).isEqualTo("rbac.authorization.k8s.io");
      assertThat(binding.at("/roleRef/name").asText()).isNotBlank();
      for (JsonNode s : binding.path("subjects")) {
        assertThat(s.path("kind").asText()).isEqualTo("ServiceAccount");
        one("ServiceAccount", s.path("name").asText());
      }
    }
    one("RoleBinding", "iris-client-token-request");
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode n : array) {
      if (n.path(field).asText().equals(value)) {
        return n;
      }
    }
    throw new AssertionError("no entry with " + field + "=" + value + " in " + array);
  }
}
