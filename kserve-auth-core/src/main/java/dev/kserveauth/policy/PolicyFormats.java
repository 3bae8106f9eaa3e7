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
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Dispatches YAML documents to the format compilers. The known kinds that are not policies (Istio
 * {@code RequestAuthentication} and {@code PeerAuthentication}, kserve-auth {@code IssuerConfig}) are
 * skipped and reported; any other kind is an error naming {@code file:line}, so that a misspelled
 * {@code kind} can never leave a server without the policy it was meant to have.
 */
final class PolicyFormats {

  /** Istio {@code AuthorizationPolicy} ({@code security.istio.io/v1}, {@code v1beta1}). */
  public static final DocumentCompiler ISTIO = new DocumentCompiler() {
    @Override
    public boolean accepts(String apiVersion, String kind) {
      return "AuthorizationPolicy".equals(kind) && apiVersion != null && apiVersion.startsWith("security.istio.io/");
    }

    @Override
    public List<CompiledPolicy> compile(YamlDoc doc) {
      return List.of(IstioPolicyCompiler.compile(doc));
    }
  };

  /** The compact format ({@code kserve-auth/v1} {@code AccessPolicy}). */
  public static final DocumentCompiler COMPACT = new DocumentCompiler() {
    @Override
    public boolean accepts(String apiVersion, String kind) {
      return CompactPolicyCompiler.API_VERSION.equals(apiVersion) && CompactPolicyCompiler.KIND.equals(kind);
    }

    @Override
    public List<CompiledPolicy> compile(YamlDoc doc) {
      return CompactPolicyCompiler.compile(doc);
    }
  };

  /** The registered compilers, tried in order. */
  public static final List<DocumentCompiler> COMPILERS = List.of(ISTIO, COMPACT);

  /** Our own documents that are not policies (issuer configuration), skipped like RequestAuthentication. */
  private static final java.util.Set<String> OWN_NON_POLICY_KINDS = java.util.Set.of("IssuerConfig");

  /** Istio security documents that are not authorization policies: skipped, they often share a folder. */
  private static final java.util.Set<String> ISTIO_NON_POLICY_KINDS =
      java.util.Set.of("RequestAuthentication", "PeerAuthentication");

  private PolicyFormats() {}

  /**
   * The result of compiling a text.
   *
   * @param policies the compiled policies
   * @param skipped one note per skipped document ({@code file:line: kind name skipped})
   */
  public record Compiled(List<CompiledPolicy> policies, List<String> skipped) {}

  /**
   * Compiles every document of a YAML text (all-or-nothing).
   *
   * @param yaml the text
   * @param file the source name for ids and messages
   */
  public static Compiled compile(String yaml, String file) {
    List<CompiledPolicy> out = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (YamlDoc doc : YamlDoc.parseAll(yaml, file, PolicyException::new)) {
      if (!(doc.root() instanceof MappingNode m)) {
        throw new PolicyException(doc.at(doc.root()), "a policy document must be a mapping with apiVersion and kind");
      }
      String apiVersion = scalarField(m, "apiVersion");
      String kind = scalarField(m, "kind");
      if ("AuthorizationPolicy".equals(kind) && apiVersion != null
          && !IstioPolicyCompiler.API_VERSIONS.contains(apiVersion)) {
        throw new PolicyException(doc.at(doc.root()), "AuthorizationPolicy: unsupported apiVersion '" + apiVersion
            + "' (security.istio.io/v1 or security.istio.io/v1beta1)");
      }
      DocumentCompiler dc = null;
      for (DocumentCompiler c : COMPILERS) {
        if (c.accepts(apiVersion, kind)) {
          dc = c;
          break;
        }
      }
      if (dc != null) {
        out.addAll(dc.compile(doc));
      } else if (apiVersion != null && apiVersion.startsWith("kserve-auth/") && !OWN_NON_POLICY_KINDS.contains(kind)) {
        throw new PolicyException(doc.at(doc.root()), "apiVersion '" + apiVersion + "' kind '" + kind
            + "' is not supported by this version");
      } else if (apiVersion == null || kind == null) {
        throw new PolicyException(doc.at(doc.root()), "document without apiVersion and kind");
      } else if (knownNonPolicy(apiVersion, kind)) {
        skipped.add(doc.at(doc.root()) + ": " + kind + " " + name(m) + " skipped (not a policy)");
      } else {
        throw new PolicyException(doc.at(doc.root()), "unknown kind '" + kind + "'" + hint(kind) + " (apiVersion '"
            + apiVersion + "'): a policy source holds AuthorizationPolicy (security.istio.io/v1) or AccessPolicy ("
            + CompactPolicyCompiler.API_VERSION + "); RequestAuthentication, PeerAuthentication and IssuerConfig "
            + "documents are skipped; anything else is refused so that no policy is lost to a typo");
      }
    }
    return new Compiled(out, skipped);
  }

  private static boolean knownNonPolicy(String apiVersion, String kind) {
    if (apiVersion.startsWith("security.istio.io/")) {
      return ISTIO_NON_POLICY_KINDS.contains(kind);
    }
    return apiVersion.startsWith("kserve-auth/") && OWN_NON_POLICY_KINDS.contains(kind);
  }

  private static String hint(String kind) {
    String k = kind.toLowerCase(java.util.Locale.ROOT);
    if (k.contains("polic") && (k.contains("author") || k.contains("authz"))) {
      return " (did you mean AuthorizationPolicy?)";
    }
    if (k.contains("polic") && k.contains("access")) {
      return " (did you mean AccessPolicy?)";
    }
    return "";
  }

  private static String name(MappingNode m) {
    for (NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("metadata")
          && t.getValueNode() instanceof MappingNode meta) {
        String ns = scalarField(meta, "namespace");
        String n = scalarField(meta, "name");
        return (ns == null ? "" : ns + "/") + (n == null ? "" : n);
      }
    }
    return "";
  }

  static String scalarField(MappingNode m, String key) {
    for (NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        Node v = t.getValueNode();
        return v instanceof ScalarNode s && !YamlDoc.isNull(s) ? s.getValue() : null;
      }
    }
    return null;
  }

}
