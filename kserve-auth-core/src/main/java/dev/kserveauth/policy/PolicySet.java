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

import dev.kserveauth.internal.config.BoundedFiles;
import dev.kserveauth.internal.policy.PolicyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable, validated set of compiled policies, ready for {@link PolicyEngine#builder()}.
 *
 * <pre>{@code
 * PolicySet set = PolicySet.load(Path.of("policies/"));          // every *.yaml / *.yml in the folder
 * PolicyEngine engine = PolicyEngine.builder().policies(set).build();
 * Decision d = engine.decide(request);
 * }</pre>
 *
 * <p>Files hold multi-document YAML. Istio {@code AuthorizationPolicy} documents
 * ({@code security.istio.io/v1}, {@code v1beta1}) and kserve-auth {@code AccessPolicy} documents are
 * compiled; the known kinds that are not policies (Istio {@code RequestAuthentication} and
 * {@code PeerAuthentication}, kserve-auth {@code IssuerConfig}) are skipped and listed in
 * {@link #skipped()}; any other kind (a misspelled {@code AuthorisationPolicy}, a {@code ConfigMap}) is
 * an error. Loading is all-or-nothing: any error throws a {@link PolicyException} whose message starts
 * with {@code file:line}, and nothing is loaded. A file must be a regular file of at most 2 MiB
 * (a FIFO or an oversized file is an error, never a stalled read).
 *
 * <p>Policy ids are {@code <file name>#<namespace>/<name>} (e.g. {@code rbac.yaml#ml-models/kserve-rbac}),
 * rule ids add {@code #rules[<i>]}. Policies are kept sorted by id, so the order of files and
 * documents never changes a decision. Duplicate ids are rejected.
 *
 * <p>In-process scoping: the process is the workload. By default every loaded policy applies, from
 * every namespace, additively, and {@code selector}/{@code targetRefs} are only checked for shape.
 * To apply Istio's selection to a folder holding policies for several workloads, use
 * {@link #forWorkload(String, Map, String)}.
 *
 * @since 0.1
 */
public final class PolicySet {

  private final List<CompiledPolicy> policies;
  private final List<String> skipped;

  private PolicySet(List<CompiledPolicy> policies, List<String> skipped) {
    List<CompiledPolicy> sorted = new ArrayList<>(policies);
    sorted.sort(Comparator.comparing(CompiledPolicy::id));
    Set<String> ids = new HashSet<>();
    for (CompiledPolicy p : sorted) {
      if (!ids.add(p.id())) {
        throw new PolicyException(p.location(), "duplicate policy id '" + p.id() + "'");
      }
    }
    this.policies = List.copyOf(sorted);
    this.skipped = List.copyOf(skipped);
  }

  /**
   * Loads policy files and/or directories. A directory contributes its regular {@code *.yaml} and
   * {@code *.yml} files (not recursive; names starting with {@code .} are ignored, which skips a
   * mounted ConfigMap's {@code ..data} entries while following its file symlinks).
   *
   * @param paths files or directories
   * @return the set
   * @throws PolicyException on any unreadable file or invalid policy (nothing is loaded)
   */
  public static PolicySet load(Path... paths) {
    List<CompiledPolicy> all = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Path p : paths) {
      for (Path f : files(p)) {
        String text;
        try {
          text = BoundedFiles.readText(f);
        } catch (IOException | RuntimeException e) {
          String why = e instanceof BoundedFiles.UnreadableFileException ? e.getMessage() : e.getClass().getSimpleName();
          throw new PolicyException(f.getFileName() + ":1", "cannot read policy file: " + why, e);
        }
        PolicyFormats.Compiled c = PolicyFormats.compile(text, f.getFileName().toString());
        all.addAll(c.policies());
        skipped.addAll(c.skipped());
      }
    }
    return new PolicySet(all, skipped);
  }

  /**
   * Parses policies from YAML text.
   *
   * @param yaml multi-document YAML
   * @param sourceName the name used in ids and messages (e.g. {@code inline.yaml})
   * @return the set
   * @throws PolicyException on any invalid policy
   */
  public static PolicySet parse(String yaml, String sourceName) {
    PolicyFormats.Compiled c = PolicyFormats.compile(yaml, sourceName);
    return new PolicySet(c.policies(), c.skipped());
  }

  /**
   * A set of already compiled policies (the entry point for other policy formats).
   *
   * @param compiled the policies
   * @return the set
   * @throws PolicyException on duplicate ids
   */
  static PolicySet of(Collection<CompiledPolicy> compiled) {
    return new PolicySet(List.copyOf(compiled), List.of());
  }

  /**
   * An empty set: with no policy at all every request is allowed (Istio).
   *
   * @return a set without policies
   */
  public static PolicySet empty() {
    return new PolicySet(List.of(), List.of());
  }

  /**
   * The policies Istio would apply to one workload (<a href="https://istio.io/latest/docs/reference/config/security/authorization-policy/">Istio's {@code selector}</a>): those in the workload's namespace or
   * the mesh root namespace whose {@code selector.matchLabels} are a subset of the workload's labels
   * (no selector: every workload of that namespace, mesh-wide in the root namespace). Policies with
   * {@code targetRef(s)} (gateways, waypoints) are dropped. Policies of formats without a scope are
   * kept.
   *
   * <pre>{@code
   * PolicySet mine = PolicySet.load(dir).forWorkload("ml-models", Map.of("app", "kserve"), "istio-system");
   * }</pre>
   *
   * @param namespace the workload's namespace
   * @param labels the workload's labels
   * @param rootNamespace the mesh root namespace (Istio's default: {@code istio-system})
   * @return the applicable subset
   */
  public PolicySet forWorkload(String namespace, Map<String, String> labels, String rootNamespace) {
    List<CompiledPolicy> keep = new ArrayList<>();
    for (CompiledPolicy p : policies) {
      if (p.scope() == null || p.scope().appliesTo(namespace, labels, rootNamespace)) {
        keep.add(p);
      }
    }
    return new PolicySet(keep, skipped);
  }

  /**
   * This set plus another one.
   *
   * @param other the policies to add
   * @return a new set holding the policies and skipped documents of both
   */
  public PolicySet plus(PolicySet other) {
    List<CompiledPolicy> all = new ArrayList<>(policies);
    all.addAll(other.policies);
    List<String> sk = new ArrayList<>(skipped);
    sk.addAll(other.skipped);
    return new PolicySet(all, sk);
  }

  /** The compiled policies, sorted by id (internal model; no compatibility promise). */
  List<CompiledPolicy> compiled() {
    return policies;
  }

  /**
   * The policy ids, sorted.
   *
   * @return the ids in ascending order
   */
  public List<String> ids() {
    return policies.stream().map(CompiledPolicy::id).toList();
  }

  /**
   * Number of policies.
   *
   * @return the count of policies, dry-run and AUDIT ones included
   */
  public int size() {
    return policies.size();
  }

  /**
   * Number of policies that can change a decision: ALLOW and DENY policies that are not dry-run. AUDIT
   * and dry-run policies are only reported. With none, every request is allowed (Istio's meaning).
   *
   * @return the count of enforcing policies
   */
  public int enforcingSize() {
    int n = 0;
    for (CompiledPolicy p : policies) {
      if (p.enforcing()) {
        n++;
      }
    }
    return n;
  }

  /**
   * Documents that were not policies ({@code file:line: kind name skipped}).
   *
   * @return one line per skipped document, possibly empty
   */
  public List<String> skipped() {
    return skipped;
  }

  private static List<Path> files(Path p) {
    if (!Files.isDirectory(p) && !Files.exists(p)) {
      throw new PolicyException(p.getFileName() + ":1", "policy file not found");
    }
    try {
      return PolicyFiles.of(p);
    } catch (IOException e) {
      throw new PolicyException(p.getFileName() + ":1", "cannot list policy directory", e);
    }
  }

  @Override
  public String toString() {
    return "PolicySet" + ids();
  }
}
