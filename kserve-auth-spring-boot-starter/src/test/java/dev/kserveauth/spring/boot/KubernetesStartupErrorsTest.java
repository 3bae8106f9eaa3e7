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

import dev.kserveauth.KServeAuth;
import dev.kserveauth.authn.RequestAuthenticator;
import dev.kserveauth.kubernetes.FakeKubeApi;
import dev.kserveauth.kubernetes.KubernetesApi;
import dev.kserveauth.kubernetes.SubjectAccessReviewAuthorizer;
import dev.kserveauth.kubernetes.TokenReviewAuthenticator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code kserve.auth.kubernetes.*}: bad values stop startup with a message naming the property and
 * the file, the settings are inert unless asked for, and every bean backs off for the application's own.
 */
class KubernetesStartupErrorsTest {
  @TempDir Path dir;
  FakeKubeApi kube;
  ApplicationContextRunner runner;

  @BeforeEach
  void setUp() throws IOException {
    kube = new FakeKubeApi(Files.createDirectory(dir.resolve("api")));
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: kserve-rbac, namespace: team-a}
        spec:
          action: CUSTOM
          provider: {name: kubernetes-rbac}
          rules:
          - to:
            - operation:
                paths: ["/v1/*"]
        """);
    runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KServeAuthAutoConfiguration.class))
        .withPropertyValues("kserve.auth.policies=" + policy, "kserve.auth.kubernetes.token-review=true",
            "kserve.auth.kubernetes.api-url=" + kube.url(), "kserve.auth.kubernetes.ca-file=" + kube.caFile(),
            "kserve.auth.kubernetes.token-file=" + kube.tokenFile(), "kserve.auth.kubernetes.namespace=team-a");
  }

  @AfterEach
  void tearDown() {
    kube.close();
  }

  private static String messages(Throwable t) {
    return StartupErrorsTest.messages(t);
  }

  @Test
  void aMissingKubeRbacProxyConfigFileStopsStartupNamingPropertyAndFile() {
    Path missing = dir.resolve("no-such-kube-rbac-proxy.yaml");
    runner.withPropertyValues("kserve.auth.kubernetes.authorization=" + missing).run(ctx -> {
      assertThat(ctx).hasFailed();
      assertThat(messages(ctx.getStartupFailure()))
          .contains("kserve.auth.kubernetes.authorization: " + missing + " does not exist");
    });
  }

  @Test
  void anInvalidKubeRbacProxyConfigNamesFileAndLine() throws IOException {
    Path bad = dir.resolve("bad-kube-rbac-proxy.yaml");
    Files.writeString(bad, "authorization:\n  resourceAttribute:\n    name: x\n");
    runner.withPropertyValues("kserve.auth.kubernetes.authorization=" + bad).run(ctx -> {
      assertThat(ctx).hasFailed();
      assertThat(messages(ctx.getStartupFailure())).contains("kserve.auth.kubernetes.authorization: ")
          .containsPattern("bad-kube-rbac-proxy\\.yaml:2:3: authorization\\.resourceAttribute: unknown key");
    });
  }

  @Test
  void badApiServerSettingsNameTheProperty() {
    runner.withPropertyValues("kserve.auth.kubernetes.api-url=http://127.0.0.1:6443").run(ctx ->
        assertThat(messages(ctx.getStartupFailure())).contains("kserve.auth.kubernetes.api-url: ")
            .contains("must be an https URL"));
    runner.withPropertyValues("kserve.auth.kubernetes.ca-file=" + dir.resolve("no-ca.crt")).run(ctx ->
        assertThat(messages(ctx.getStartupFailure()))
            .contains("kserve.auth.kubernetes.ca-file: " + dir.resolve("no-ca.crt") + " does not exist"));
    runner.withPropertyValues("kserve.auth.kubernetes.api-url=").run(ctx ->
        assertThat(messages(ctx.getStartupFailure())).contains("kserve.auth.kubernetes.ca-file and "
            + "kserve.auth.kubernetes.token-file go with kserve.auth.kubernetes.api-url"));
  }

  @Test
  void kubernetesSettingsWithoutTheModuleStopStartupSayingSo() {
    runner.withClassLoader(new FilteredClassLoader("dev.kserveauth.kubernetes.")).run(ctx -> {
      assertThat(ctx).hasFailed();
      assertThat(messages(ctx.getStartupFailure()))
          .contains("kserve.auth.kubernetes.* is set but dev.kserveauth:kserve-auth-kubernetes is not on the class path");
    });
  }

  @Test
  void aCustomPolicyWithoutTheAuthorizationSettingIsALoadErrorNamingTheProvider() {
    // token-review alone registers no provider: the CUSTOM policy's provider is unknown
    runner.run(ctx -> {
      assertThat(ctx).hasFailed();
      assertThat(messages(ctx.getStartupFailure())).contains("kubernetes-rbac");
    });
  }

  @Test
  void withoutKubernetesSettingsNothingKubernetesIsBuilt() throws IOException {
    Path authn = dir.resolve("authn.yaml");
    Files.writeString(authn, """
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        metadata: {name: x}
        spec:
          jwtRules:
          - issuer: https://issuer.example
            jwks: '%s'
        """.formatted(dev.kserveauth.testing.TestKeys.jwks(dev.kserveauth.testing.TestKeys.RSA_KID)));
    Path allow = dir.resolve("allow.yaml");
    Files.writeString(allow, """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: allow}
        spec:
          rules:
          - to:
            - operation:
                paths: ["/v1/*"]
        """);
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KServeAuthAutoConfiguration.class))
        .withPropertyValues("kserve.auth.policies=" + allow, "kserve.auth.request-authentication=" + authn)
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          assertThat(ctx).hasSingleBean(KServeAuth.class).doesNotHaveBean(KubernetesApi.class)
              .doesNotHaveBean(SubjectAccessReviewAuthorizer.class);
          assertThat(ctx.getBean(RequestAuthenticator.class)).isNotInstanceOf(TokenReviewAuthenticator.class);
        });
  }

  @Test
  void theApplicationsOwnBeansWin() throws IOException {
    Path config = dir.resolve("kube-rbac-proxy.yaml");
    Files.writeString(config, "authorization:\n  resourceAttributes:\n    namespace: team-a\n    resource: pods\n");
    runner.withPropertyValues("kserve.auth.kubernetes.authorization=" + config)
        .withUserConfiguration(OwnApi.class).run(ctx -> {
          assertThat(ctx).hasNotFailed();
          assertThat(ctx.getBean(KubernetesApi.class).namespace()).isEqualTo("own-namespace");
          assertThat(ctx.getBean(SubjectAccessReviewAuthorizer.class).config().resourceAttributes().resource())
              .isEqualTo("pods");
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnApi {
    @Bean
    KubernetesApi ownApi() {
      return KubernetesApi.builder().url("https://127.0.0.1:1").namespace("own-namespace").build();
    }
  }
}
