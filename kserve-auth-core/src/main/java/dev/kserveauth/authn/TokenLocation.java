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
package dev.kserveauth.authn;

import java.util.Objects;

/**
 * Where a token was found in a request, so an adapter can strip it ({@code forwardOriginalToken: false}).
 *
 * @since 0.1
 * @param kind header, query parameter or cookie
 * @param name the header name (lower case), parameter name or cookie name
 */
public record TokenLocation(Kind kind, String name) {

  /** The three places Istio's {@code jwtRules} read tokens from. */
  public enum Kind {
    /** A request header, with an optional prefix such as {@code "Bearer "}. */
    HEADER,
    /** A query parameter such as {@code access_token}. */
    QUERY_PARAM,
    /** A cookie. */
    COOKIE
  }

  /**
   * Checks the components.
   *
   * @param kind header, query parameter or cookie
   * @param name the header name (lower case), parameter name or cookie name
   * @throws NullPointerException if {@code kind} or {@code name} is {@code null}
   */
  public TokenLocation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }
}
