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

import dev.kserveauth.internal.config.YamlDoc;
import java.util.List;

/**
 * Compiles one YAML document of a policy format into the model. Register an implementation in
 * {@link PolicyFormats#COMPILERS} to teach {@code PolicySet.load} a new format.
 */
interface DocumentCompiler {

  /** Whether this compiler owns documents with this {@code apiVersion} and {@code kind} (either may be null). */
  boolean accepts(String apiVersion, String kind);

  /**
   * Compiles the document.
   *
   * @throws dev.kserveauth.policy.PolicyException naming file:line, policy and field
   */
  List<CompiledPolicy> compile(YamlDoc doc);
}
