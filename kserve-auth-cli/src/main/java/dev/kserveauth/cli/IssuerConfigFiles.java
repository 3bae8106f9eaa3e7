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
package dev.kserveauth.cli;

import dev.kserveauth.authn.JwtConfigException;
import dev.kserveauth.authn.JwtRule;
import dev.kserveauth.authn.JwtRules;
import java.nio.file.Path;
import java.util.List;

/** Loading a {@code --config} file (RequestAuthentication or IssuerConfig) the same way for every command. */
final class IssuerConfigFiles {
  private IssuerConfigFiles() {}

  /**
   * The jwtRules of {@code config}, or {@code null} after printing why they cannot be used (a YAML
   * error with file:line, or a file that names no issuer); the caller then exits 2.
   */
  static List<JwtRule> load(String config, Io io) {
    List<JwtRule> rules;
    try {
      rules = JwtRules.load(Path.of(config));
    } catch (JwtConfigException e) {
      io.err().println("error: " + e.getMessage());
      return null;
    }
    if (rules.isEmpty()) {
      io.err().println("error: " + config + ": no RequestAuthentication jwtRules and no IssuerConfig issuers");
      return null;
    }
    return rules;
  }
}
