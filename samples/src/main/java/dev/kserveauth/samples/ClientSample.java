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

import dev.kserveauth.client.ForbiddenException;
import dev.kserveauth.client.InferTensor;
import dev.kserveauth.client.InferenceRequest;
import dev.kserveauth.client.InferenceResponse;
import dev.kserveauth.client.KServeClient;
import dev.kserveauth.client.KServeHttpException;
import dev.kserveauth.client.OAuth2ClientCredentialsProvider;
import dev.kserveauth.client.ServiceAccountTokenFileProvider;
import dev.kserveauth.client.TokenProvider;
import dev.kserveauth.client.UnauthorizedException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Calling a protected model with {@link KServeClient}: pick a token provider, build the client
 * once, call V1 and V2. The provider refreshes the token before it expires, and a 401 makes the
 * client refresh once and retry once. Copy this class.
 *
 * <pre>
 * # inside a pod with a projected token:   ClientSample http://iris-predictor.ml-models.svc.cluster.local
 * # with Keycloak client credentials:      OIDC_ISSUER=... CLIENT_ID=... CLIENT_SECRET=... ClientSample URL
 * </pre>
 */
public final class ClientSample {

  private ClientSample() {}

  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : "http://localhost:8080";
    KServeClient client = KServeClient.builder()
        .baseUrl(url)
        .tokenProvider(tokensFromEnvironment())
        .build();
    System.exit(run(client, "sklearn-iris", System.out));
  }

  /** Client credentials when OIDC_ISSUER is set, else the pod's projected service-account token. */
  static TokenProvider tokensFromEnvironment() {
    String issuer = System.getenv("OIDC_ISSUER");
    if (issuer != null) {
      return OAuth2ClientCredentialsProvider.builder()
          .issuer(issuer)                                   // token endpoint found by OIDC discovery
          .clientId(System.getenv("CLIENT_ID"))
          .clientSecret(System.getenv("CLIENT_SECRET"))
          .build();
    }
    String file = System.getenv().getOrDefault("TOKEN_FILE", "/var/run/secrets/kserve-auth/token");
    return ServiceAccountTokenFileProvider.of(Path.of(file));  // re-read when the kubelet rotates it
  }

  /**
   * Predicts one iris with V1 and V2 and prints the classes.
   *
   * @return 0 when both calls succeeded, 1 otherwise
   */
  static int run(KServeClient client, String model, PrintStream out) {
    try {
      // V1: {"instances": [[...]]} -> {"predictions": [...]}
      List<Integer> v1 = client.predict(model, List.of(List.of(6.8, 2.8, 4.8, 1.4)), Integer.class);
      out.println("V1 predictions: " + v1);

      // V2 (Open Inference Protocol): typed tensors, shape checked against the data
      InferenceRequest request = InferenceRequest.builder()
          .input(InferTensor.fp32("input-0", new long[] {1, 4}, 6.8f, 2.8f, 4.8f, 1.4f))
          .build();
      InferenceResponse response = client.infer(model, request);
      out.println("V2 outputs: " + Arrays.toString(response.outputs().get(0).longs()));
      return 0;
    } catch (UnauthorizedException e) {
      out.println("401: no valid token (" + e.error().orElse(e.body()) + ")");
    } catch (ForbiddenException e) {
      out.println("403: the policies deny this caller (" + e.error().orElse(e.body()) + ")");
    } catch (KServeHttpException e) {
      out.println(e.status() + ": " + e.error().orElse(e.body()));   // 404 model not found, 5xx, ...
    }
    return 1;
  }
}
