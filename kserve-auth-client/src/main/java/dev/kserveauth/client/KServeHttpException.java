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

  /** @serial the HTTP status code */
  private final int status;
  /** @serial the HTTP method of the call */
  private final String method;
  /** @serial the encoded path of the call */
  private final String path;
  /** @serial the {@code error} field of the body, or {@code null} */
  private final String error;
  /** @serial the {@code detail} field of the body, or {@code null} */
  private final String detail;
  /** @serial the raw body, truncated, or {@code null} */
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

  /**
   * The HTTP status code of the answer.
   *
   * @return the status; never 2xx
   */
  public int status() {
    return status;
  }

  /**
   * The HTTP method of the failed call.
   *
   * @return the method, e.g. {@code POST}
   */
  public String method() {
    return method;
  }

  /**
   * The path of the failed call, as sent, without host or query.
   *
   * @return the encoded path, e.g. {@code /v2/models/iris/infer}
   */
  public String path() {
    return path;
  }

  /**
   * The {@code error} field of a JSON error body: KServe's error text.
   *
   * @return the text, or empty when the body had no such field
   */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /**
   * The {@code detail} field of a JSON error body (FastAPI validation errors).
   *
   * @return the field as text (JSON text when it is not a string), or empty when the body had no
   *     such field
   */
  public Optional<String> detail() {
    return Optional.ofNullable(detail);
  }

  /**
   * The raw response body, for answers that are not KServe's JSON, such as a proxy's plain text.
   *
   * @return the body, truncated to 4 KiB; empty, never {@code null}, when the server sent none
   */
  public String body() {
    return body == null ? "" : body;
  }
}
