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
package dev.kserveauth.http;

import dev.kserveauth.error.KServeAuthException;

/**
 * A request path that servers or routers could read in more than one way (an encoded slash, an
 * encoded dot segment, an encoded {@code ?}, {@code #} or {@code ;}, an empty segment, a matrix
 * parameter, a path escaping the root, a KServe route with a trailing slash), a method that is not
 * an upper-case token, or an OpenAI-compatible JSON body that is not one standard JSON object
 * naming its {@code "model"} exactly once. kserve-auth answers such a request with 400 rather than
 * guess which resource it names. The message is safe to return to the caller.
 *
 * @since 0.1
 */
public final class AmbiguousPathException extends KServeAuthException {
  private static final long serialVersionUID = 1L;

  /**
   * A request whose path or body names its resource ambiguously.
   *
   * @param message what is wrong; safe to log and to return (never a token or a secret)
   */
  public AmbiguousPathException(String message) {
    super(message);
  }
}
