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

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads {@link JwtRule}s from YAML: Istio {@code RequestAuthentication} documents
 * ({@code security.istio.io/v1} or {@code v1beta1}) and kserve-auth {@code IssuerConfig} documents
 * ({@code apiVersion: kserve-auth/v1}), any number per file ({@code ---}). {@code AuthorizationPolicy}
 * documents in the same file are skipped. Unknown keys are rejected.
 *
 * <pre>{@code
 * List<JwtRule> rules = JwtRules.load(Path.of("request-authentication.yaml"));
 * }</pre>
 *
 * <p>An {@code IssuerConfig} lists issuers with one key source each and kserve-auth's validation settings:
 * <pre>{@code
 * apiVersion: kserve-auth/v1
 * kind: IssuerConfig
 * spec:
 *   issuers:
 *   - issuer: https://keycloak.example.com/realms/kserve
 *     discovery: true               # or jwksUri, discoveryUrl, jwks, jwksFile, publicKeys, publicKeyFiles,
 *                                   #    hmacSecret: {env: NAME | file: path, kid: k}, kubernetes: {apiServer, caFile, tokenFile}
 *     audiences: [kserve]
 *     algorithms: [RS256, ES256]
 *     clockSkew: 30s
 *     maxLifetime: 1h
 *     types: [JWT, at+jwt]
 *     roleClaims: [realm_access.roles, groups]
 *     rolePrefix: ""
 *     cognitoClientId: false
 *     allowLegacyKubernetesTokens: false
 *     requireExpiration: true        # false: accept tokens without exp for this issuer (as Istio does)
 *     fromHeaders: [{name: Authorization, prefix: "Bearer "}]   # plus every Istio jwtRules field
 *   - kubernetes: true              # issuer defaults to https://kubernetes.default.svc.cluster.local
 *     audiences: [kserve]
 * }</pre>
 *
 * @since 0.1
 */
public final class JwtRules {
  private JwtRules() {}

  /**
   * Reads every rule of a file; relative file references resolve against its directory.
   *
   * @param file the YAML file
   * @return the rules in file order
   * @throws JwtConfigException naming file:line and the field when the file is invalid or unreadable
   */
  public static List<JwtRule> load(Path file) {
    String text;
    try {
      text = dev.kserveauth.internal.config.BoundedFiles.readText(file);
    } catch (IOException e) {
      String why = e instanceof dev.kserveauth.internal.config.BoundedFiles.UnreadableFileException ? e.getMessage()
          : e instanceof java.nio.file.NoSuchFileException ? "no such file"
          : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
          : e.getClass().getSimpleName();
      throw new JwtConfigException(file.toString(), 0, 0, "", "cannot read file (" + why + ")");
    }
    Path dir = file.toAbsolutePath().getParent();
    return new JwtRulesReader(file.toString(), dir, System::getenv).read(text);
  }

  /**
   * Reads every rule of a YAML text.
   *
   * @param yaml the documents
   * @param fileName the name errors report
   * @return the rules in document order
   * @throws JwtConfigException naming fileName:line and the field
   */
  public static List<JwtRule> parse(String yaml, String fileName) {
    return new JwtRulesReader(fileName, null, System::getenv).read(yaml);
  }
}
