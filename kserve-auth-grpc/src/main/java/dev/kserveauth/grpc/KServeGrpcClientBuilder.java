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
package dev.kserveauth.grpc;

import static dev.kserveauth.grpc.KServeGrpcClient.positive;

import dev.kserveauth.client.AccessToken;
import dev.kserveauth.client.InferenceRequest;
import dev.kserveauth.client.InferenceResponse;
import dev.kserveauth.client.ModelMetadata;
import dev.kserveauth.client.ServerMetadata;
import dev.kserveauth.client.TensorMetadata;
import dev.kserveauth.client.TokenProvider;
import dev.kserveauth.grpc.v2.GRPCInferenceServiceGrpc;
import dev.kserveauth.grpc.v2.ModelMetadataRequest;
import dev.kserveauth.grpc.v2.ModelMetadataResponse;
import dev.kserveauth.grpc.v2.ModelReadyRequest;
import dev.kserveauth.grpc.v2.ServerLiveRequest;
import dev.kserveauth.grpc.v2.ServerMetadataRequest;
import dev.kserveauth.grpc.v2.ServerReadyRequest;
import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Builds a {@link KServeGrpcClient}.
 *
 * @since 0.1
 */
public final class KServeGrpcClientBuilder {
  String host;
  int port;
  ManagedChannel channel;
  TokenProvider tokens;
  Path caPem;
  boolean tls;
  String authority;
  private Duration timeout = Duration.ofSeconds(60);
  int maxInboundMessageBytes = 64 * 1024 * 1024;

  KServeGrpcClientBuilder() {}

  /**
   * Where to connect.
   *
   * @param host the host name or address
   * @param port the port
   * @return this
   */
  public KServeGrpcClientBuilder target(String host, int port) {
    this.host = Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    this.port = port;
    return this;
  }

  /**
   * A channel built by the caller instead of {@link #target}; the client does not close it.
   *
   * @param channel the channel
   * @return this
   */
  public KServeGrpcClientBuilder channel(ManagedChannel channel) {
    this.channel = Objects.requireNonNull(channel, "channel");
    return this;
  }

  /**
   * Where the bearer token comes from; without one, calls carry no token.
   *
   * @param tokens the provider
   * @return this
   */
  public KServeGrpcClientBuilder tokenProvider(TokenProvider tokens) {
    this.tokens = Objects.requireNonNull(tokens, "tokenProvider");
    return this;
  }

  /**
   * TLS with the system's trusted certificates ({@code true}) or plaintext ({@code false}, the default).
   *
   * @param tls whether to use TLS
   * @return this
   */
  public KServeGrpcClientBuilder tls(boolean tls) {
    this.tls = tls;
    return this;
  }

  /**
   * TLS trusting only the CA certificates in a PEM file (a private CA, a mesh's root).
   *
   * @param caPemFile the PEM file
   * @return this
   */
  public KServeGrpcClientBuilder trustedCertificates(Path caPemFile) {
    this.caPem = Objects.requireNonNull(caPemFile, "caPemFile");
    this.tls = true;
    return this;
  }

  /**
   * The {@code :authority} to send (and, with TLS, to verify the certificate against) instead of
   * the target's: for an ingress that routes on the host, e.g.
   * {@code sklearn-iris-predictor.team-a.example.com}.
   *
   * @param authority host[:port]
   * @return this
   */
  public KServeGrpcClientBuilder authority(String authority) {
    this.authority = Objects.requireNonNull(authority, "authority");
    return this;
  }

  /**
   * The deadline of each call, retries included in none: each attempt gets it afresh (default 60 s).
   *
   * @param timeout the deadline
   * @return this
   */
  public KServeGrpcClientBuilder timeout(Duration timeout) {
    this.timeout = positive(timeout);
    return this;
  }

  /**
   * The largest response message accepted (default 64 MiB).
   *
   * @param bytes the limit
   * @return this
   */
  public KServeGrpcClientBuilder maxInboundMessageBytes(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxInboundMessageBytes must be positive");
    }
    this.maxInboundMessageBytes = bytes;
    return this;
  }

  /**
   * The client.
   *
   * @return a new client
   * @throws IllegalStateException when neither a target nor a channel was given
   * @throws UncheckedIOException when the CA file cannot be read
   */
  public KServeGrpcClient build() {
    if (channel != null) {
      return new KServeGrpcClient(channel, false, tokens, timeout);
    }
    if (host == null) {
      throw new IllegalStateException("target(host, port) or channel(...) is required");
    }
    ChannelCredentials creds;
    if (caPem != null) {
      try {
        creds = TlsChannelCredentials.newBuilder().trustManager(caPem.toFile()).build();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read trusted certificates " + caPem, e);
      }
    } else if (tls) {
      creds = TlsChannelCredentials.create();
    } else {
      creds = InsecureChannelCredentials.create();
    }
    ManagedChannelBuilder<?> b = Grpc.newChannelBuilderForAddress(host, port, creds)
        .maxInboundMessageSize(maxInboundMessageBytes);
    if (authority != null) {
      b.overrideAuthority(authority);
    }
    return new KServeGrpcClient(b.build(), true, tokens, timeout);
  }
}
