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

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kserveauth.client.InferenceRequest;
import dev.kserveauth.client.KServeClientException;
import dev.kserveauth.client.TokenProvider;
import dev.kserveauth.grpc.KServeGrpcClient;
import dev.kserveauth.grpc.KServeGrpcClientBuilder;
import dev.kserveauth.grpc.KServeGrpcException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;

/** {@code client --protocol grpc}: ModelInfer over gRPC with {@link KServeGrpcClient}. */
final class GrpcClientCommand {
  private GrpcClientCommand() {}

  static int run(String url, String model, InferenceRequest request, TokenProvider tokens, Duration timeout,
      String authority, PrintStream out, PrintStream err) {
    URI u;
    try {
      u = URI.create(url.contains("://") ? url : "grpc://" + url);
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException("--url is not HOST:PORT or SCHEME://HOST:PORT: " + url);
    }
    String scheme = u.getScheme();
    boolean tls = "https".equals(scheme) || "grpcs".equals(scheme);
    if (u.getHost() == null || !tls && !"http".equals(scheme) && !"grpc".equals(scheme)) {
      throw new Args.UsageException("--url for gRPC is grpc://HOST:PORT, http://HOST:PORT or https://HOST:PORT, got "
          + url);
    }
    int port = u.getPort() > 0 ? u.getPort() : tls ? 443 : 80;
    KServeGrpcClientBuilder b = KServeGrpcClient.builder().target(u.getHost(), port).tls(tls).tokenProvider(tokens)
        .timeout(timeout);
    if (authority != null) {
      b.authority(authority);
    }
    KServeGrpcClient built;
    try {
      built = b.build();
    } catch (IllegalArgumentException e) {
      if (authority == null) {
        throw e;
      }
      // grpc-java checks the :authority when the channel is built
      throw new Args.UsageException("--host-header must be a host[:port] for gRPC's :authority, got "
          + Args.quote(authority));
    }
    try (KServeGrpcClient client = built) {
      out.println(new ObjectMapper().writerWithDefaultPrettyPrinter()
          .writeValueAsString(ClientCommand.toJson(client.infer(model, request))));
      return 0;
    } catch (KServeGrpcException e) {
      err.println("error: ModelInfer answered " + e.code() + ": " + e.status().getDescription());
      return 1;
    } catch (KServeClientException e) {
      err.println("error: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
      return 1;
    } catch (IOException e) {
      err.println("error: cannot print the response: " + e.getMessage());
      return 1;
    }
  }
}
