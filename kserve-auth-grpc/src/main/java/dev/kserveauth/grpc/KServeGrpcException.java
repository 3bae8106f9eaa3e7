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

import dev.kserveauth.client.KServeClientException;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.Optional;

/**
 * A gRPC call of {@link KServeGrpcClient} failed: the server's status (UNAUTHENTICATED,
 * PERMISSION_DENIED, NOT_FOUND, UNAVAILABLE, DEADLINE_EXCEEDED...) and its description.
 *
 * @since 0.1
 */
public final class KServeGrpcException extends KServeClientException {
  private static final long serialVersionUID = 1L;
  private static final Metadata.Key<String> WWW_AUTHENTICATE = Metadata.Key.of("www-authenticate",
      Metadata.ASCII_STRING_MARSHALLER);

  private final transient Status status;
  /** The {@code www-authenticate} trailer, or {@code null}. */
  private final String challenge;
  /** Whether the call had been retried with a refreshed token. */
  private final boolean afterRefresh;

  KServeGrpcException(String rpc, Status status, Metadata trailers, boolean afterRefresh) {
    super(rpc + " failed: " + status.getCode() + (status.getDescription() == null ? "" : ": "
        + status.getDescription()), status.getCause());
    this.status = status;
    this.challenge = trailers == null ? null : trailers.get(WWW_AUTHENTICATE);
    this.afterRefresh = afterRefresh;
  }

  /**
   * The gRPC status.
   *
   * @return the status, or {@code null} after deserialization (it is not serializable)
   */
  public Status status() {
    return status;
  }

  /**
   * The status code.
   *
   * @return the status code
   */
  public Status.Code code() {
    return status.getCode();
  }

  /**
   * The {@code www-authenticate} trailer of an UNAUTHENTICATED or PERMISSION_DENIED answer, if any.
   *
   * @return the challenge, or empty when the server sent none
   */
  public Optional<String> challenge() {
    return Optional.ofNullable(challenge);
  }

  /**
   * True when this UNAUTHENTICATED answered the retry made with a freshly refreshed token.
   *
   * @return {@code true} when even a refreshed token was refused
   */
  public boolean afterRefresh() {
    return afterRefresh;
  }
}
