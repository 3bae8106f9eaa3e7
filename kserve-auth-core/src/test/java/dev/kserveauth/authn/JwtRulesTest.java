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
package dev.kserveauth.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtRulesTest {

  private static final String ISTIO = """
      apiVersion: security.istio.io/v1
      kind: RequestAuthentication
      metadata:
        name: jwt
        namespace: kserve
      spec:
        selector:
          matchLabels: {app: sklearn-iris}
        jwtRules:
        - issuer: https://keycloak.example.com/realms/kserve
          jwksUri: https://keycloak.example.com/realms/kserve/protocol/openid-connect/certs
          audiences: [kserve, account]
          fromHeaders:
          - name: X-Jwt-Assertion
          - name: Authorization
            prefix: "Bearer "
          fromParams: [token]
          fromCookies: [session]
          outputPayloadToHeader: x-jwt-payload
          outputClaimToHeaders:
          - header: x-user
            claim: sub
          - header: x-team
            claim: attrs.team
          forwardOriginalToken: true
          timeout: 1.5s
          spaceDelimitedClaims: [custom_scope]
        - issuer: https://other.example.com
      ---
      apiVersion: security.istio.io/v1beta1
      kind: AuthorizationPolicy
      metadata: {name: allow}
      spec: {action: ALLOW, rules: [{}]}
      ---
      apiVersion: security.istio.io/v1beta1
      kind: RequestAuthentication
      metadata: {name: inline}
      spec:
        jwtRules:
        - issuer: inline-issuer
          jwks: '{"keys":[]}'
      """;

  @Test
  void readsIstioRequestAuthenticationMultiDocument() {
    List<JwtRule> rules = JwtRules.parse(ISTIO, "ra.yaml");
    assertThat(rules).hasSize(3);
    JwtRule r = rules.get(0);
    assertThat(r.issuer()).isEqualTo("https://keycloak.example.com/realms/kserve");
    assertThat(r.keys()).isEqualTo(new JwtRule.Keys.JwksUri("https://keycloak.example.com/realms/kserve/protocol/openid-connect/certs"));
    assertThat(r.audiences()).containsExactly("kserve", "account");
    assertThat(r.fromHeaders()).containsExactly(new JwtRule.HeaderLocation("x-jwt-assertion", ""),
        new JwtRule.HeaderLocation("authorization", "Bearer "));
    assertThat(r.fromParams()).containsExactly("token");
    assertThat(r.fromCookies()).containsExactly("session");
    assertThat(r.outputPayloadToHeader()).isEqualTo("x-jwt-payload");
    assertThat(r.outputClaimToHeaders()).containsExactly(new JwtRule.ClaimToHeader("x-user", "sub"),
        new JwtRule.ClaimToHeader("x-team", "attrs.team"));
    assertThat(r.outputHeaderNames()).containsExactly("x-user", "x-team", "x-jwt-payload");
    assertThat(r.forwardOriginalToken()).isTrue();
    assertThat(r.timeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(r.validation().spaceDelimitedClaims()).containsExactly("custom_scope");
    assertThat(r.origin()).isEqualTo("ra.yaml:10");
    assertThat(r.usesDefaultLocations()).isFalse();

    JwtRule discovered = rules.get(1);
    assertThat(discovered.keys()).isEqualTo(new JwtRule.Keys.Discovery(null));
    assertThat(discovered.usesDefaultLocations()).isTrue();
    assertThat(discovered.locations()).isEqualTo(JwtRule.DEFAULT_LOCATIONS);
    assertThat(discovered.forwardOriginalToken()).isFalse();
    assertThat(rules.get(2).keys()).isEqualTo(new JwtRule.Keys.InlineJwks("{\"keys\":[]}"));
  }

  @Test
  void aFileEndingInADocumentSeparatorLoads() throws Exception {
    // issue 14 item 22: kubectl-style files often end with "---"
    for (String end : List.of("---\n", "---", "---\n...\n", "\n---\n---\n")) {
      assertThat(JwtRules.parse(ISTIO + end, "ra.yaml")).as(end).hasSize(3);
      assertThat(JwtRules.parse("---\n" + ISTIO, "ra.yaml")).hasSize(3);
    }
  }

  @Test
  void aFifoOrAnOversizedFileIsRefusedWithoutBlocking(@TempDir Path dir) throws Exception {
    // issue 14 item 18: a FIFO blocks Files.readString forever; a huge file is refused before reading
    Path big = dir.resolve("big.yaml");
    try (var out = Files.newOutputStream(big)) {
      byte[] line = "# padding padding padding padding padding padding padding padding\n".getBytes();
      for (int i = 0; i < (3 << 20) / line.length; i++) {
        out.write(line);
      }
    }
    assertThatThrownBy(() -> JwtRules.load(big)).hasMessageContaining("over the limit");
    Path fifo = dir.resolve("fifo.yaml");
    org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo(fifo), "needs mkfifo (POSIX)");
    var f = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        JwtRules.load(fifo);
        return "loaded";
      } catch (JwtConfigException e) {
        return e.getMessage();
      }
    });
    assertThat(f.get(5, java.util.concurrent.TimeUnit.SECONDS)).contains("not a regular file");
  }

  static boolean mkfifo(Path p) throws Exception {
    try {
      return new ProcessBuilder("mkfifo", p.toString()).start().waitFor() == 0;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void unknownKeyIsRejectedWithFileLineAndField() {
    String yaml = """
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        spec:
          jwtRules:
          - issuer: https://a
            fromHeaders:
            - name: x-token
              prefx: "Bearer "
        """;
    assertThatThrownBy(() -> JwtRules.parse(yaml, "bad.yaml"))
        .isInstanceOf(JwtConfigException.class)
        .hasMessageStartingWith("bad.yaml:8:")
        .hasMessageContaining("spec.jwtRules[0].fromHeaders[0]")
        .hasMessageContaining("unknown key 'prefx'")
        .satisfies(e -> assertThat(((JwtConfigException) e).line()).isEqualTo(8));
  }

  @Test
  void typeErrorsNameTheField() {
    String yaml = """
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        spec:
          jwtRules:
          - issuer: https://a
            audiences: kserve
        """;
    assertThatThrownBy(() -> JwtRules.parse(yaml, "t.yaml"))
        .hasMessage("t.yaml:6:16: spec.jwtRules[0].audiences: must be a list");
  }

  @Test
  void missingIssuerAndConflictingKeysAreErrors() {
    assertThatThrownBy(() -> JwtRules.parse("""
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        spec:
          jwtRules:
          - jwksUri: https://a/jwks
        """, "m.yaml")).hasMessageContaining("m.yaml:5:").hasMessageContaining("missing required key 'issuer'");
    assertThatThrownBy(() -> JwtRules.parse("""
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        spec:
          jwtRules:
          - issuer: a
            jwksUri: https://a/jwks
            jwks: '{}'
        """, "m.yaml")).hasMessageContaining("m.yaml:7:").hasMessageContaining("mutually exclusive");
  }

  @Test
  void badYamlReportsLine() {
    assertThatThrownBy(() -> JwtRules.parse("apiVersion: security.istio.io/v1\nkind: [unclosed\n", "y.yaml"))
        .isInstanceOf(JwtConfigException.class).hasMessageStartingWith("y.yaml:").hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> JwtRules.parse("a: 1\na: 2\n", "d.yaml"))
        .hasMessageStartingWith("d.yaml:2:").hasMessageContaining("Duplicate");
  }

  @Test
  void unsupportedKindAndBadValuesAreErrors() {
    assertThatThrownBy(() -> JwtRules.parse("apiVersion: security.istio.io/v1\nkind: RequestAuthenticaton\nspec: {}\n", "k.yaml"))
        .hasMessageStartingWith("k.yaml:2:").hasMessageContaining("unsupported document");
    assertThatThrownBy(() -> JwtRules.parse("""
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        spec:
          jwtRules:
          - issuer: a
            timeout: soon
        """, "d.yaml")).hasMessageContaining("d.yaml:6:").hasMessageContaining("not a duration");
    assertThatThrownBy(() -> JwtRules.parse("""
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        spec:
          jwtRules:
          - issuer: a
            jwksUri: file:///etc/passwd
        """, "u.yaml")).hasMessageContaining("not an http(s) URL");
    assertThatThrownBy(() -> JwtRules.parse("""
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        spec:
          jwtRules:
          - issuer: a
            outputClaimToHeaders: [{header: "x user", claim: sub}]
        """, "h.yaml")).hasMessageContaining("not a valid header name");
  }

  @Test
  void readsIssuerConfigWithFilesEnvAndKubernetes(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("jwks.json"), "{\"keys\":[]}");
    Files.writeString(dir.resolve("hs.key"), "0123456789abcdef0123456789abcdef\n");
    Path file = dir.resolve("issuers.yaml");
    Files.writeString(file, """
        apiVersion: kserve-auth/v1
        kind: IssuerConfig
        metadata: {name: prod}
        spec:
          issuers:
          - issuer: https://keycloak.example.com/realms/kserve
            discovery: true
            audiences: [kserve]
            algorithms: [RS256, ES256]
            clockSkew: 30s
            maxLifetime: 1h
            types: [JWT, at+jwt]
            roleClaims: [realm_access.roles, groups]
            rolePrefix: ROLE_
          - issuer: https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc
            jwksFile: jwks.json
            cognitoClientId: true
            audiences: [client-123]
          - issuer: internal
            hmacSecret: {file: hs.key, kid: hs-1}
            algorithms: [HS256]
          - kubernetes:
              apiServer: https://127.0.0.1:6443
              caFile: ca.crt
              tokenFile: token
            allowLegacyKubernetesTokens: true
            fromHeaders: [{name: x-k8s-token}]
        """);
    List<JwtRule> rules = JwtRules.load(file);
    assertThat(rules).hasSize(4);
    JwtRule kc = rules.get(0);
    assertThat(kc.keys()).isEqualTo(new JwtRule.Keys.Discovery(null));
    assertThat(kc.validation().algorithms()).containsExactlyInAnyOrder("RS256", "ES256");
    assertThat(kc.validation().clockSkew()).isEqualTo(Duration.ofSeconds(30));
    assertThat(kc.validation().maxTokenLifetime()).isEqualTo(Duration.ofHours(1));
    assertThat(kc.validation().allowedTypes()).containsExactly("JWT", "at+jwt");
    assertThat(kc.validation().roleMapping().paths()).containsExactly(List.of("realm_access", "roles"), List.of("groups"));
    assertThat(kc.validation().roleMapping().prefix()).isEqualTo("ROLE_");
    assertThat(rules.get(1).keys()).isEqualTo(new JwtRule.Keys.InlineJwks("{\"keys\":[]}"));
    assertThat(rules.get(1).validation().cognitoClientId()).isTrue();
    JwtRule.Keys.HmacSecret hs = (JwtRule.Keys.HmacSecret) rules.get(2).keys();
    assertThat(hs.kid()).isEqualTo("hs-1");
    assertThat(hs.secret()).hasSize(32);
    assertThat(hs.toString()).doesNotContain("0123456789");
    JwtRule k8s = rules.get(3);
    assertThat(k8s.issuer()).isEqualTo("https://kubernetes.default.svc.cluster.local");
    assertThat(k8s.keys()).isEqualTo(new JwtRule.Keys.Kubernetes("https://127.0.0.1:6443", dir.resolve("ca.crt"), dir.resolve("token")));
    assertThat(k8s.validation().allowLegacyKubernetesTokens()).isTrue();
  }

  /** Auth0 custom roles live in a URL-named claim and Keycloak client ids may contain dots: both must be expressible. */
  @Test
  void roleClaimsTakeNamespacedClaimsAndKeysWithDots() {
    List<JwtRule> rules = JwtRules.parse("""
        apiVersion: kserve-auth/v1
        kind: IssuerConfig
        spec:
          issuers:
          - issuer: https://tenant.eu.auth0.com/
            jwksUri: https://tenant.eu.auth0.com/.well-known/jwks.json
            roleClaims: ["https://example.com/roles", realm_access.roles, [resource_access, my.dotted.client, roles]]
        """, "r.yaml");
    RoleMapping m = rules.get(0).validation().roleMapping();
    assertThat(m.paths()).containsExactly(List.of("https://example.com/roles"), List.of("realm_access", "roles"),
        List.of("resource_access", "my.dotted.client", "roles"));
    assertThat(m.rolesOf(Map.of("https://example.com/roles", List.of("admin"),
        "resource_access", Map.of("my.dotted.client", Map.of("roles", List.of("reader"))))))
        .containsExactly("admin", "reader");
    String head = "apiVersion: kserve-auth/v1\nkind: IssuerConfig\nspec:\n  issuers:\n  - issuer: a\n    jwksUri: https://a/j\n";
    assertThatThrownBy(() -> JwtRules.parse(head + "    roleClaims: [realm_access..roles]\n", "e.yaml"))
        .hasMessageContaining("e.yaml:7:").hasMessageContaining("non-empty keys");
    assertThatThrownBy(() -> JwtRules.parse(head + "    roleClaims: [[]]\n", "e.yaml"))
        .hasMessageContaining("e.yaml:7:").hasMessageContaining("non-empty keys");
  }

  @Test
  void issuerConfigRejectsUnsafeOrAmbiguousSettings() {
    String head = "apiVersion: kserve-auth/v1\nkind: IssuerConfig\nspec:\n  issuers:\n";
    assertThatThrownBy(() -> JwtRules.parse(head + "  - issuer: a\n    algorithms: [none]\n", "a.yaml"))
        .hasMessageContaining("a.yaml:6:").hasMessageContaining("unknown algorithm 'none'");
    assertThatThrownBy(() -> JwtRules.parse(head + "  - issuer: a\n    jwksUri: https://a/j\n    kubernetes: true\n", "a.yaml"))
        .hasMessageContaining("a.yaml:7:").hasMessageContaining("only one key source");
    assertThatThrownBy(() -> JwtRules.parse(head + "  - issuer: a\n    hmacSecret: {env: KSA_TEST_SURELY_UNSET_VAR}\n", "a.yaml"))
        .hasMessageContaining("is not set");
    assertThatThrownBy(() -> JwtRules.parse(head + "  - issuer: a\n    clockSkew: 10m\n", "a.yaml"))
        .hasMessageContaining("clockSkew above 5m");
    assertThatThrownBy(() -> JwtRules.parse(head + "  - issuer: a\n    jwksFile: /nonexistent/jwks.json\n", "a.yaml"))
        .hasMessageContaining("cannot read file");
  }

  /** A file that is not there is named as such: no fake ":0:0" position, no exception class name. */
  @Test
  void aMissingFileIsNamedWithoutAFakePosition(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    java.nio.file.Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> JwtRules.load(missing))
        .hasMessage(missing + ": cannot read file (no such file)");
  }

  @Test
  void documentedIssuerConfigExampleLoads(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("hs256.key");
    Files.writeString(key, "a-32-byte-or-longer-shared-secret-value");
    String yaml = """
        apiVersion: kserve-auth/v1
        kind: IssuerConfig
        metadata: {name: ml-issuers}
        spec:
          issuers:
          - kubernetes: {}
            audiences: [iris.ml-models.kserve-auth]
            maxLifetime: 2h
          - issuer: https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123
            discovery: true
            cognitoClientId: true
            audiences: [3n4b5urk1ft4fl3mg5e62d9ado]
          - issuer: https://keycloak.example.com/realms/ml
            jwksUri: https://keycloak.example.com/realms/ml/protocol/openid-connect/certs
            audiences: [kserve-api]
            algorithms: [RS256]
            clockSkew: 30s
            types: [JWT, at+jwt]
            roleClaims: [realm_access.roles, resource_access.kserve-api.roles]
          - issuer: internal-batch
            hmacSecret: {file: %s, kid: batch}
        """.formatted(key);
    List<JwtRule> rules = JwtRules.parse(yaml, "issuers.yaml");
    assertThat(rules).extracting(JwtRule::issuer).containsExactly("https://kubernetes.default.svc.cluster.local",
        "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123", "https://keycloak.example.com/realms/ml",
        "internal-batch");
    assertThat(rules.get(0).keys()).isEqualTo(new JwtRule.Keys.Kubernetes(null, null, null));
    // and they compile into working issuer settings (no network needed to build)
    RequestAuthenticator auth = RequestAuthenticator.builder().rules(rules.subList(1, 4)).build();
    assertThat(auth.keySourceStats()).containsOnlyKeys(rules.get(1).issuer(), rules.get(2).issuer(), rules.get(3).issuer());
  }

  @Test
  void requireExpirationOptOutPerIssuerInBothFormats() {
    List<JwtRule> rules = JwtRules.parse("""
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        metadata:
          name: legacy-idp
          annotations: {kserve-auth/require-expiration: "false"}
        spec:
          jwtRules:
          - issuer: https://legacy.example.com
        ---
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        metadata: {name: normal}
        spec:
          jwtRules:
          - issuer: https://normal.example.com
        ---
        apiVersion: kserve-auth/v1
        kind: IssuerConfig
        metadata: {name: ours}
        spec:
          issuers:
          - issuer: https://batch.example.com
            jwksUri: https://batch.example.com/jwks
            requireExpiration: false
          - issuer: https://strict.example.com
            jwksUri: https://strict.example.com/jwks
        """, "exp.yaml");
    assertThat(rules).extracting(JwtRule::issuer, r -> r.validation().requireExpiration()).containsExactly(
        org.assertj.core.groups.Tuple.tuple("https://legacy.example.com", false),
        org.assertj.core.groups.Tuple.tuple("https://normal.example.com", true),
        org.assertj.core.groups.Tuple.tuple("https://batch.example.com", false),
        org.assertj.core.groups.Tuple.tuple("https://strict.example.com", true));
    assertThatThrownBy(() -> JwtRules.parse("""
        apiVersion: security.istio.io/v1
        kind: RequestAuthentication
        metadata:
          name: typo
          annotations: {kserve-auth/require-expiration: "no"}
        spec:
          jwtRules:
          - issuer: https://legacy.example.com
        """, "typo.yaml")).isInstanceOf(JwtConfigException.class)
        .hasMessageContaining("typo.yaml:5").hasMessageContaining("must be \"true\" or \"false\"");
  }
}
