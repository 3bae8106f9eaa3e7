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
