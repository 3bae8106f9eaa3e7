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
package dev.kserveauth.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.authn.RequestAuthenticator;
import dev.kserveauth.kubernetes.FakeKubeApi;
import dev.kserveauth.kubernetes.KubernetesMeters;
import dev.kserveauth.kubernetes.SubjectAccessReviewAuthorizer;
import dev.kserveauth.kubernetes.TokenReviewAuthenticator;
import dev.kserveauth.testing.http.RawHttp;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code kserve.auth.kubernetes.*} on a real server (Reactor Netty: {@link KubernetesNettyStarterTest}; Tomcat:
 * {@link KubernetesTomcatStarterTest}), against the fake Kubernetes API server (TLS, its
 * own CA, RoleBindings): a CUSTOM policy naming {@code kubernetes-rbac} decided by SubjectAccessReviews,
 * opaque tokens authenticated by TokenReview, no Java configuration, and the review meters on the
 * application's registry.
 */
@SpringBootTest(classes = KubernetesStarterChecks.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"kserve.auth.kubernetes.token-review=true", "kserve.auth.kubernetes.namespace=team-a"})
abstract class KubernetesStarterChecks {

  static final String NS = "team-a";
  static final String SCORER = "sha256~scorer-opaque-token";
  static final String INTRUDER = "sha256~intruder-opaque-token";
  static final Path DIR;
  static final FakeKubeApi KUBE;

  static {
    try {
      DIR = Files.createTempDirectory("kserve-auth-kube-starter");
      KUBE = new FakeKubeApi(DIR); // shared by the subclasses' contexts (cached by Spring): closed with the JVM
      Runtime.getRuntime().addShutdownHook(new Thread(KUBE::close));
      // kube-rbac-proxy derives the verb from the method: POST is create
      KUBE.bindServiceAccount(NS, "scorer", "sklearn-iris", "create");
      KUBE.knowToken(SCORER, sa("scorer"));
      KUBE.knowToken(INTRUDER, sa("intruder"));
      Files.writeString(DIR.resolve("kube-rbac-proxy.yaml"), """
          authorization:
            resourceAttributes:
              namespace: team-a
              apiGroup: serving.kserve.io
              apiVersion: v1beta1
              resource: inferenceservices
              name: "{{.Model}}"
          """);
      Files.writeString(DIR.resolve("policy.yaml"), """
          apiVersion: security.istio.io/v1
          kind: AuthorizationPolicy
          metadata: {name: kserve-rbac, namespace: team-a}
          spec:
            action: CUSTOM
            provider:
              name: kubernetes-rbac
            rules:
            - to:
              - operation:
                  paths: ["/v1/*", "/v2/*"]
          """);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static FakeKubeApi.KnownToken sa(String name) {
    return new FakeKubeApi.KnownToken("system:serviceaccount:" + NS + ":" + name, "uid-" + name,
        List.of("system:serviceaccounts", "system:serviceaccounts:" + NS, "system:authenticated"), Map.of(),
        List.of("https://kubernetes.default.svc"));
  }

  @DynamicPropertySource
  static void props(DynamicPropertyRegistry r) {
    r.add("kserve.auth.policies", () -> DIR.resolve("policy.yaml").toString());
    r.add("kserve.auth.kubernetes.authorization", () -> DIR.resolve("kube-rbac-proxy.yaml").toString());
    r.add("kserve.auth.kubernetes.api-url", KUBE::url);
    r.add("kserve.auth.kubernetes.ca-file", () -> KUBE.caFile().toString());
    r.add("kserve.auth.kubernetes.token-file", () -> KUBE.tokenFile().toString());
  }

  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(Models.class)
  static class App {}

  @RestController
  static class Models {
    @PostMapping("/v1/models/{model}:predict")
    Map<String, Object> predict(@PathVariable String model) {
      return Map.of("model", model);
    }
  }

  @Value("${local.server.port}")
  int port;

  @Autowired
  RequestAuthenticator authenticator;

  @Autowired
  SubjectAccessReviewAuthorizer sar;

  @Autowired
  MeterRegistry registry;

  private RawHttp.Response predict(String model, String token) throws IOException {
    return RawHttp.send(port, "POST", "/v1/models/" + model + ":predict",
        token == null ? List.of() : List.of("Authorization: Bearer " + token),
        "{\"instances\":[[1,2,3,4]]}".getBytes(StandardCharsets.UTF_8));
  }

  private double reviews(String review, String result) {
    return registry.get("kubernetes_review_requests").tags("review", review, "result", result).functionCounter()
        .count();
  }

  @Test
  void theRoleBindingDecidesThroughTheCustomPolicy() throws Exception {
    RawHttp.Response allowed = predict("sklearn-iris", SCORER);
    assertThat(allowed.status()).as(allowed.bodyText()).isEqualTo(200);
    assertThat(allowed.bodyText()).contains("\"model\":\"sklearn-iris\"");

    RawHttp.Response intruder = predict("sklearn-iris", INTRUDER);
    assertThat(intruder.status()).as(intruder.bodyText()).isEqualTo(403);
    assertThat(intruder.bodyText()).contains("Forbidden (user=system:serviceaccount:team-a:intruder, verb=create");

    // the binding names one InferenceService
    assertThat(predict("other-model", SCORER).status()).isEqualTo(403);
  }

  @Test
  void tokensTheApiServerDoesNotKnowAndMissingTokensAre401() throws Exception {
    RawHttp.Response revoked = predict("sklearn-iris", "sha256~revoked-token");
    assertThat(revoked.status()).as(revoked.bodyText()).isEqualTo(401);
    assertThat(revoked.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    assertThat(revoked.bodyText()).doesNotContain("revoked-token");
    assertThat(predict("sklearn-iris", null).status()).isEqualTo(401);
  }

  @Test
  void theBeansComeFromThePropertiesAlone() {
    assertThat(authenticator).isInstanceOf(TokenReviewAuthenticator.class);
    assertThat(sar.config().resourceAttributes().apiGroup()).isEqualTo("serving.kserve.io");
  }

  @Test
  void theReviewMetersMoveWithRequests() throws Exception {
    double allowBefore = reviews(KubernetesMeters.SUBJECT_ACCESS_REVIEW, "allow");
    double denyBefore = reviews(KubernetesMeters.SUBJECT_ACCESS_REVIEW, "deny");
    double tokenDenyBefore = reviews(KubernetesMeters.TOKEN_REVIEW, "deny");
    int sarCallsBefore = KUBE.calls("subjectaccessreviews");
    // a model no test asked for yet: one SubjectAccessReview each way
    KUBE.bindServiceAccount(NS, "scorer", "metered-model", "create");
    assertThat(predict("metered-model", SCORER).status()).isEqualTo(200);
    assertThat(predict("metered-model", INTRUDER).status()).isEqualTo(403);
    assertThat(predict("metered-model", "sha256~metered-unknown").status()).isEqualTo(401);
    assertThat(KUBE.calls("subjectaccessreviews") - sarCallsBefore).isEqualTo(2);
    assertThat(reviews(KubernetesMeters.SUBJECT_ACCESS_REVIEW, "allow") - allowBefore).isEqualTo(1);
    assertThat(reviews(KubernetesMeters.SUBJECT_ACCESS_REVIEW, "deny") - denyBefore).isEqualTo(1);
    // the unknown token (the others' answers may come from the cache)
    assertThat(reviews(KubernetesMeters.TOKEN_REVIEW, "deny") - tokenDenyBefore).isEqualTo(1);
  }
}
