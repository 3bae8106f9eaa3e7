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

/**
 * The names under which every adapter hands the outcome to the application: servlet request attributes,
 * Vert.x routing-context data. One set of names for every server.
 *
 * @since 0.1
 */
public final class RequestAttributes {
  /** The verified {@code dev.kserveauth.authn.Principal}; absent for an anonymous request. */
  public static final String PRINCIPAL = "dev.kserveauth.principal";
  /** The policy {@code dev.kserveauth.policy.Decision}. */
  public static final String DECISION = "dev.kserveauth.decision";
  /** The whole {@code dev.kserveauth.AuthResult.Proceed}. */
  public static final String RESULT = "dev.kserveauth.result";

  private RequestAttributes() {}
}
