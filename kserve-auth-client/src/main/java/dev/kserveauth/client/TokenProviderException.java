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
 * A {@link TokenProvider} could not produce a usable token: the token file is missing or holds an
 * expired token, the Kubernetes API refused the TokenRequest, the OAuth2 token endpoint refused the
 * client credentials, and so on. The cause, when there is one, is the underlying failure. Messages
 * never contain a token or a secret.
 *
 * @since 0.1
 */
public final class TokenProviderException extends KServeClientException {
  private static final long serialVersionUID = 1L;

  /**
   * A failure without an underlying exception, e.g. an error answer of a token endpoint. Custom
   * {@link TokenProvider}s throw it too.
   *
   * @param message what failed, naming the source; must not contain a token or a secret
   */
  public TokenProviderException(String message) {
    super(message);
  }

  /**
   * A failure caused by another exception, e.g. an I/O error reading a token file.
   *
   * @param message what failed, naming the source; must not contain a token or a secret
   * @param cause the underlying failure, or {@code null}
   */
  public TokenProviderException(String message, Throwable cause) {
    super(message, cause);
  }
}
