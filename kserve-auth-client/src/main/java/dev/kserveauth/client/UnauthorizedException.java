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
 * 401 Unauthorized: the model server (or its proxy) rejected the bearer token. {@link #afterRefresh()} tells whether the client had already refreshed the token once and retried.
 *
 * @since 0.1
 */
public final class UnauthorizedException extends KServeHttpException {
  private static final long serialVersionUID = 1L;
  /** @serial whether the 401 answered the retry with a refreshed token */
  private final boolean afterRefresh;

  UnauthorizedException(String message, String method, String path, String error, String detail, String body, boolean afterRefresh) {
    super(message, 401, method, path, error, detail, body);
    this.afterRefresh = afterRefresh;
  }

  /**
   * Whether this 401 answered the retry made with a freshly refreshed token. {@code false} means
   * the provider had no other token to offer (e.g. {@link TokenProvider#ofStatic(String)}), so no
   * retry was made.
   *
   * @return {@code true} when the refreshed token was rejected too
   */
  public boolean afterRefresh() {
    return afterRefresh;
  }
}
