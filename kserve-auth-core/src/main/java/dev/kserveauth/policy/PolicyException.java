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
package dev.kserveauth.policy;

import dev.kserveauth.error.KServeAuthException;

/**
 * A policy file could not be loaded. The message always starts with {@code <file>:<line>:} and
 * names the policy and the field, e.g.
 * {@code policies.yaml:14: AuthorizationPolicy ml-models/rbac: rules[0].to[0].operation.ports[0]: bad port 'http'}.
 * Loading is all-or-nothing: when this is thrown, nothing from the input was loaded.
 *
 * @since 0.1
 */
public class PolicyException extends KServeAuthException {
  private static final long serialVersionUID = 1L;

  /** The {@code file:line} of the offending element. */
  private final String location;

  /**
   * @param location {@code file:line}
   * @param message what is wrong (without the location)
   */
  public PolicyException(String location, String message) {
    super(location + ": " + message);
    this.location = location;
  }

  /**
   * @param location {@code file:line}
   * @param message what is wrong (without the location)
   * @param cause the underlying parser error
   */
  public PolicyException(String location, String message, Throwable cause) {
    super(location + ": " + message, cause);
    this.location = location;
  }

  /**
   * {@code file:line} of the offending element.
   *
   * @return the location, {@code file:line}
   */
  public String location() {
    return location;
  }
}
