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
package dev.kserveauth.client;

import java.util.Optional;

/**
 * The model server (or a proxy in front of it) answered with a non-2xx status. Subclasses group the
 * statuses a caller handles differently: {@link UnauthorizedException} (401), {@link
 * ForbiddenException} (403), {@link ModelNotFoundException} (404), {@link ClientErrorException}
 * (other 4xx) and {@link ServerErrorException} (5xx).
 *
 * <p>{@link #error()} is the text of KServe's {@code {"error": "..."}} body, {@link #detail()} the
 * text of FastAPI's {@code {"detail": ...}} body, and {@link #body()} the raw body (truncated to 4
 * KiB) for anything else, such as Envoy's {@code RBAC: access denied}.
 *
 * @since 0.1
 */
public abstract class KServeHttpException extends KServeClientException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String method;
  private final String path;
  private final String error;
  private final String detail;
  private final String body;

  KServeHttpException(String message, int status, String method, String path, String error, String detail, String body) {
    super(message);
    this.status = status;
    this.method = method;
    this.path = path;
    this.error = error;
    this.detail = detail;
    this.body = body;
  }

  /** HTTP status code. */
  public int status() {
    return status;
  }

  /** HTTP method of the failed call. */
  public String method() {
    return method;
  }

  /** Encoded path of the failed call (no query, no host). */
  public String path() {
    return path;
  }

  /** The {@code error} field of a JSON error body, if there was one. */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /** The {@code detail} field of a JSON error body (FastAPI validation errors), if there was one. */
  public Optional<String> detail() {
    return Optional.ofNullable(detail);
  }

  /** The raw response body, truncated to 4 KiB; empty when the server sent none. */
  public String body() {
    return body == null ? "" : body;
  }
}
