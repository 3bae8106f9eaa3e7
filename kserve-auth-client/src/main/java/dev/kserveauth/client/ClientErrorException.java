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

/**
 * A 4xx status other than 401, 403 and a model's 404, for example KServe's 400 {@code {"error": "..."}} for bad input or FastAPI's 422.
 *
 * @since 0.1
 */
public final class ClientErrorException extends KServeHttpException {
  private static final long serialVersionUID = 1L;

  ClientErrorException(String message, int status, String method, String path, String error, String detail, String body) {
    super(message, status, method, path, error, detail, body);
  }
}
