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
import dev.kserveauth.internal.policy.Cidr;
import dev.kserveauth.internal.policy.StringMatch;
import dev.kserveauth.internal.policy.TimeWindow;
import dev.kserveauth.policy.CompiledPolicy.Action;
import dev.kserveauth.policy.CompiledRule.Condition;
import dev.kserveauth.route.KServeRoute;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Compiles Istio {@code security.istio.io/v1} / {@code v1beta1} {@code AuthorizationPolicy}
 * documents into {@link CompiledPolicy} values, with Istio's semantics (<a href="https://istio.io/latest/docs/reference/config/security/authorization-policy/">AuthorizationPolicy
 * reference</a>). Every
 * error names {@code file:line}, the policy and the field.
 *
 * <p>In-process scoping (Istio's workload <a href="https://istio.io/latest/docs/reference/config/security/authorization-policy/">{@code selector}</a>): the process is the workload, so by default every loaded policy
 * applies and policies from every namespace combine additively; {@code selector},
 * {@code targetRef} and {@code targetRefs} are checked for shape (at most one of them) and kept in
 * {@link CompiledPolicy#scope()}, so {@code PolicySet.forWorkload} can apply Istio's selection.
 * {@code metadata.namespace} defaults to {@code default} and forms the policy id.
 */
final class IstioPolicyCompiler {

  /** Accepted {@code apiVersion}s. */
  public static final Set<String> API_VERSIONS = Set.of("security.istio.io/v1", "security.istio.io/v1beta1");

  private static final Set<String> TOP_KEYS = Set.of("apiVersion", "kind", "metadata", "spec", "status");
  private static final Set<String> SPEC_KEYS = Set.of("selector", "targetRef", "targetRefs", "action", "provider",
      "rules");
  private static final Set<String> RULE_KEYS = Set.of("from", "to", "when");
  private static final Set<String> WHEN_KEYS = Set.of("key", "values", "notValues");
  /** Istio {@code {*}} segment characters (Envoy's set). */
  private static final Pattern MAP_KEY = Pattern.compile("([a-zA-Z.]+)\\[([^\\[\\]]+)\\]");

  private final YamlDoc doc;
  private String err = "";
  private String namespace = "default";
  private boolean custom;

  private IstioPolicyCompiler(YamlDoc doc) {
    this.doc = doc;
  }

  /**
   * Compiles one {@code AuthorizationPolicy} document.
   *
   * @param doc the document (its kind already checked)
   * @return the policy
   * @throws PolicyException naming file:line, policy and field
   */
  public static CompiledPolicy compile(YamlDoc doc) {
    return new IstioPolicyCompiler(doc).compile();
  }

  private CompiledPolicy compile() {
    Map<String, Node> top = doc.map(doc.root(), "document", "");
    Node metaNode = top.get("metadata");
    if (YamlDoc.isNull(metaNode)) {
      throw new PolicyException(doc.at(doc.root()), "AuthorizationPolicy: metadata.name is required");
    }
    Map<String, Node> meta = doc.map(metaNode, "metadata", "AuthorizationPolicy: ");
    Node nameNode = meta.get("name");
    if (YamlDoc.isNull(nameNode)) {
      throw new PolicyException(doc.at(metaNode), "AuthorizationPolicy: metadata.name is required");
    }
    String name = doc.scalar(nameNode, "metadata.name", "AuthorizationPolicy: ");
    if (!YamlDoc.isNull(meta.get("namespace"))) {
      namespace = doc.scalar(meta.get("namespace"), "metadata.namespace", "AuthorizationPolicy " + name + ": ");
    }
    String label = namespace + "/" + name;
    err = "AuthorizationPolicy " + label + ": ";
    for (Map.Entry<String, Node> e : top.entrySet()) {
      if (!TOP_KEYS.contains(e.getKey())) {
        throw new PolicyException(doc.at(e.getValue()), err + "unknown field '" + e.getKey() + "'");
      }
    }
    boolean dryRun = false;
    if (!YamlDoc.isNull(meta.get("annotations"))) {
      Map<String, Node> ann = doc.map(meta.get("annotations"), "metadata.annotations", err);
      Node dr = ann.get("istio.io/dry-run");
      if (!YamlDoc.isNull(dr)) {
        String v = doc.scalar(dr, "metadata.annotations[istio.io/dry-run]", err).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
          throw new PolicyException(doc.at(dr), err + "annotation istio.io/dry-run must be \"true\" or \"false\"");
        }
        dryRun = v.equals("true");
      }
    }
    String id = doc.file() + "#" + label;
    Node specNode = top.get("spec");
    Map<String, Node> spec = YamlDoc.isNull(specNode) ? Map.of() : doc.map(specNode, "spec", err);
    for (Map.Entry<String, Node> e : spec.entrySet()) {
      if (!SPEC_KEYS.contains(e.getKey())) {
        throw new PolicyException(doc.at(e.getValue()), err + "spec: unknown field '" + e.getKey() + "'");
      }
    }
    int targets = 0;
    for (String k : List.of("selector", "targetRef", "targetRefs")) {
      if (!YamlDoc.isNull(spec.get(k))) {
        targets++;
      }
    }
    if (targets > 1) {
      throw new PolicyException(doc.at(specNode), err + "spec: only one of selector, targetRef, targetRefs may be set");
    }
    Map<String, String> matchLabels = new LinkedHashMap<>();
    if (!YamlDoc.isNull(spec.get("selector"))) {
      Map<String, Node> sel = doc.map(spec.get("selector"), "spec.selector", err);
      for (Map.Entry<String, Node> e : sel.entrySet()) {
        if (!e.getKey().equals("matchLabels")) {
          throw new PolicyException(doc.at(e.getValue()), err + "spec.selector: unknown field '" + e.getKey() + "'");
        }
        if (!YamlDoc.isNull(e.getValue())) {
          for (Map.Entry<String, Node> l : doc.map(e.getValue(), "spec.selector.matchLabels", err).entrySet()) {
            matchLabels.put(l.getKey(), doc.scalar(l.getValue(), "spec.selector.matchLabels." + l.getKey(), err));
          }
        }
      }
    }
    boolean targetRefs = !YamlDoc.isNull(spec.get("targetRef")) || !YamlDoc.isNull(spec.get("targetRefs"));
    Action action = Action.ALLOW;
    Node actionNode = spec.get("action");
    if (!YamlDoc.isNull(actionNode)) {
      String a = doc.scalar(actionNode, "spec.action", err);
      action = switch (a) {
        case "ALLOW" -> Action.ALLOW;
        case "DENY" -> Action.DENY;
        case "AUDIT" -> Action.AUDIT;
        case "CUSTOM" -> Action.CUSTOM;
        default -> throw new PolicyException(doc.at(actionNode), err + "spec.action: unknown action '" + a
            + "' (ALLOW, DENY, AUDIT or CUSTOM)");
      };
    }
    CompiledPolicy.Provider provider = null;
    Node providerNode = spec.get("provider");
    if (action == Action.CUSTOM) {
      provider = provider(providerNode, specNode);
      if (dryRun) {
        throw new PolicyException(doc.at(actionNode), err + "the istio.io/dry-run annotation is not supported "
            + "with action CUSTOM (Istio does not support it either)");
      }
      custom = true;
    } else if (!YamlDoc.isNull(providerNode)) {
      throw new PolicyException(doc.at(providerNode), err + "spec.provider is only valid with action CUSTOM");
    }
    List<CompiledRule> rules = new ArrayList<>();
    Node rulesNode = spec.get("rules");
    if (!YamlDoc.isNull(rulesNode)) {
      List<Node> items = doc.list(rulesNode, "spec.rules", err);
      for (int i = 0; i < items.size(); i++) {
        rules.add(rule(items.get(i), id + "#rules[" + i + "]", "rules[" + i + "]"));
      }
    }
    if (rules.isEmpty() && (action == Action.DENY || action == Action.CUSTOM)) {
      throw new PolicyException(doc.at(specNode == null ? doc.root() : specNode), err
          + "a " + action + " policy without rules is meaningless (it would never match); add rules, or use "
          + "rules: [{}] to " + (action == Action.DENY ? "deny everything" : "ask the provider for every request"));
    }
    return new CompiledPolicy(id, doc.at(doc.root()), action, dryRun, rules,
        new CompiledPolicy.Scope(namespace, matchLabels, targetRefs), provider);
  }

  /** {@code spec.provider} of a CUSTOM policy: {@code {name: <provider>}}, required. */
  private CompiledPolicy.Provider provider(Node providerNode, Node specNode) {
    if (YamlDoc.isNull(providerNode)) {
      throw new PolicyException(doc.at(specNode == null ? doc.root() : specNode), err
          + "spec.provider.name is required with action CUSTOM (the extension provider to ask)");
    }
    Map<String, Node> m = doc.map(providerNode, "spec.provider", err);
    for (Map.Entry<String, Node> e : m.entrySet()) {
      if (!e.getKey().equals("name")) {
        throw new PolicyException(doc.at(e.getValue()), err + "spec.provider: unknown field '" + e.getKey() + "'");
      }
    }
    Node nameNode = m.get("name");
    if (YamlDoc.isNull(nameNode)) {
      throw new PolicyException(doc.at(providerNode), err + "spec.provider.name is required with action CUSTOM");
    }
    String name = doc.scalar(nameNode, "spec.provider.name", err).trim();
    if (name.isEmpty()) {
      throw new PolicyException(doc.at(nameNode), err + "spec.provider.name must not be empty");
    }
    return new CompiledPolicy.Provider(name, doc.at(nameNode));
  }

  /**
   * Istio validation: a CUSTOM policy is evaluated before request authentication (Envoy's ext_authz
   * filter runs before jwt_authn), so its rules may not read the request's JWT.
   */
  private void notInCustom(Node n, String path, String what) {
    if (custom) {
      throw new PolicyException(doc.at(n), err + path + ": " + what + " cannot be used with action CUSTOM (the "
          + "provider is asked before the request's JWT is authenticated, as in Istio)");
    }
  }

  private CompiledRule rule(Node n, String id, String path) {
    Map<String, Node> r = YamlDoc.isNull(n) ? Map.of() : doc.map(n, path, err);
    List<Condition> conds = new ArrayList<>();
    for (Map.Entry<String, Node> e : r.entrySet()) {
      if (!RULE_KEYS.contains(e.getKey())) {
        throw new PolicyException(doc.at(e.getValue()), err + path + ": unknown field '" + e.getKey() + "'");
      }
    }
    if (r.containsKey("from")) {
      List<Node> from = nonEmptyList(r.get("from"), path + ".from");
      List<Matcher> any = new ArrayList<>();
      for (int i = 0; i < from.size(); i++) {
        any.add(entry(from.get(i), path + ".from[" + i + "]", "source", this::source));
      }
      conds.add(new Condition("from", anyOf(any)));
    }
    if (r.containsKey("to")) {
      List<Node> to = nonEmptyList(r.get("to"), path + ".to");
      List<Matcher> any = new ArrayList<>();
      for (int i = 0; i < to.size(); i++) {
        any.add(entry(to.get(i), path + ".to[" + i + "]", "operation", this::operation));
      }
      conds.add(new Condition("to", anyOf(any)));
    }
    if (r.containsKey("when")) {
      List<Node> when = nonEmptyList(r.get("when"), path + ".when");
      for (int i = 0; i < when.size(); i++) {
        conds.add(when(when.get(i), path + ".when[" + i + "]"));
      }
    }
    return new CompiledRule(id, doc.at(n), conds);
  }

  private List<Node> nonEmptyList(Node n, String path) {
    if (YamlDoc.isNull(n)) {
      throw new PolicyException(doc.at(n), err + path + ": must not be empty");
    }
    List<Node> l = doc.list(n, path, err);
    if (l.isEmpty()) {
      throw new PolicyException(doc.at(n), err + path + ": must not be empty (omit the field instead)");
    }
    return l;
  }

  private record Field(String path, Node node) {}

  private Matcher entry(Node n, String path, String key, Function<Map<String, Field>, Matcher> compile) {
    Map<String, Node> m = doc.map(n, path, err);
    for (Map.Entry<String, Node> e : m.entrySet()) {
      if (!e.getKey().equals(key)) {
        throw new PolicyException(doc.at(e.getValue()), err + path + ": unknown field '" + e.getKey() + "'");
      }
    }
    Node inner = m.get(key);
    if (YamlDoc.isNull(inner)) {
      throw new PolicyException(doc.at(n), err + path + "." + key + ": must not be empty");
    }
    Map<String, Field> fields = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : doc.map(inner, path + "." + key, err).entrySet()) {
      fields.put(e.getKey(), new Field(path + "." + key + "." + e.getKey(), e.getValue()));
    }
    Matcher compiled = compile.apply(fields);
    if (compiled == null) {
      throw new PolicyException(doc.at(inner), err + path + "." + key + ": must not be empty");
    }
    return compiled;
  }

  /** Values of a list field; empty list and null mean "not set" (proto repeated field). */
  private List<String> values(Field f) {
    if (YamlDoc.isNull(f.node())) {
      return List.of();
    }
    List<Node> items = doc.list(f.node(), f.path(), err);
    List<String> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String v = doc.scalar(items.get(i), f.path() + "[" + i + "]", err);
      if (v.isEmpty()) {
        throw new PolicyException(doc.at(items.get(i)), err + f.path() + "[" + i + "]: empty value");
      }
      out.add(v);
    }
    return out;
  }

  private Node item(Field f, int i) {
    return doc.list(f.node(), f.path(), err).get(i);
  }

  private PolicyException bad(Field f, int i, String msg) {
    return new PolicyException(doc.at(item(f, i)), err + f.path() + "[" + i + "]: " + msg);
  }

  /** Compiles a positive/negative field pair with a per-value compiler; {@code null} when neither is set. */
  private interface ValuesCompiler {
    Matcher compile(Field f, List<String> values);
  }

  private Matcher pair(Map<String, Field> fields, String pos, String neg, ValuesCompiler vc, List<Matcher> acc) {
    Field p = fields.remove(pos);
    Field n = fields.remove(neg);
    if (p != null) {
      List<String> v = values(p);
      if (!v.isEmpty()) {
        acc.add(vc.compile(p, v));
      }
    }
    if (n != null) {
      List<String> v = values(n);
      if (!v.isEmpty()) {
        acc.add(new Matcher.Not(vc.compile(n, v)));
      }
    }
    return null;
  }

  private Matcher source(Map<String, Field> fields) {
    Map<String, Field> f = new LinkedHashMap<>(fields);
    boolean hasSa = hasValues(f.get("serviceAccounts")) || hasValues(f.get("notServiceAccounts"));
    if (hasSa && (hasValues(f.get("principals")) || hasValues(f.get("notPrincipals"))
        || hasValues(f.get("namespaces")) || hasValues(f.get("notNamespaces")))) {
      Field sa = f.get("serviceAccounts") != null ? f.get("serviceAccounts") : f.get("notServiceAccounts");
      throw new PolicyException(doc.at(sa.node()), err + sa.path()
          + ": serviceAccounts cannot be combined with principals or namespaces");
    }
    List<Matcher> all = new ArrayList<>();
    pair(f, "principals", "notPrincipals", this::principals, all);
    for (String k : List.of("requestPrincipals", "notRequestPrincipals")) {
      if (hasValues(f.get(k))) {
        notInCustom(f.get(k).node(), f.get(k).path(), k);
      }
    }
    pair(f, "requestPrincipals", "notRequestPrincipals", this::requestPrincipals, all);
    pair(f, "namespaces", "notNamespaces", this::namespaces, all);
    pair(f, "serviceAccounts", "notServiceAccounts", this::serviceAccounts, all);
    pair(f, "trustDomains", "notTrustDomains", this::trustDomains, all);
    pair(f, "ipBlocks", "notIpBlocks", (fl, v) -> ips(fl, v, Attribute.Scalar.SOURCE_IP), all);
    pair(f, "remoteIpBlocks", "notRemoteIpBlocks", (fl, v) -> ips(fl, v, Attribute.Scalar.REMOTE_IP), all);
    unknown(f);
    return all.isEmpty() ? null : allOf(all);
  }

  private Matcher operation(Map<String, Field> fields) {
    Map<String, Field> f = new LinkedHashMap<>(fields);
    List<Matcher> all = new ArrayList<>();
    pair(f, "hosts", "notHosts", (fl, v) -> new Matcher.StringIn(Attribute.Scalar.HOST,
        v.stream().map(x -> StringMatch.istio(x, true, true)).toList()), all);
    pair(f, "ports", "notPorts", this::ports, all);
    pair(f, "methods", "notMethods", (fl, v) -> new Matcher.StringIn(Attribute.Scalar.METHOD,
        v.stream().map(x -> StringMatch.istio(x, true)).toList()), all);
    pair(f, "paths", "notPaths", this::paths, all);
    unknown(f);
    return all.isEmpty() ? null : allOf(all);
  }

  private boolean hasValues(Field f) {
    return f != null && !values(f).isEmpty();
  }

  private void unknown(Map<String, Field> rest) {
    for (Field x : rest.values()) {
      String name = x.path().substring(x.path().lastIndexOf('.') + 1);
      throw new PolicyException(doc.at(x.node()), err + x.path() + ": unknown field '" + name + "'");
    }
  }

  private Matcher principals(Field f, List<String> v) {
    return new Matcher.StringIn(Attribute.Scalar.PEER_PRINCIPAL, v.stream().map(x -> StringMatch.istio(x, false))
        .toList());
  }

  private Matcher requestPrincipals(Field f, List<String> v) {
    return anyOf(v.stream().map(IstioPolicyCompiler::requestPrincipal).toList());
  }

  /** A request principal is {@code <iss>/<sub>}: split at the last {@code /} (Istio's {@code Source.requestPrincipals}). */
  static Matcher requestPrincipal(String v) {
    StringMatch any = new StringMatch(StringMatch.Kind.PRESENT, "", false, null, "*");
    if (v.equals("*")) {
      return new Matcher.RequestPrincipal(any, any, v);
    }
    int last = v.lastIndexOf('/');
    if (v.startsWith("*")) {
      if (last >= 0) {
        String iss = v.substring(0, last);
        String sub = v.substring(last + 1);
        StringMatch im = iss.equals("*") ? any : new StringMatch(StringMatch.Kind.SUFFIX, iss.substring(1), false,
            null, iss);
        return new Matcher.RequestPrincipal(im, StringMatch.exact(sub), v);
      }
      return new Matcher.RequestPrincipal(any, new StringMatch(StringMatch.Kind.SUFFIX, v.substring(1), false, null,
          v), v);
    }
    if (v.endsWith("*")) {
      if (last >= 0) {
        String iss = v.substring(0, last);
        String sub = v.substring(last + 1);
        StringMatch sm = sub.equals("*") ? any : StringMatch.prefix(sub.substring(0, sub.length() - 1));
        return new Matcher.RequestPrincipal(StringMatch.exact(iss), sm, v);
      }
      return new Matcher.RequestPrincipal(StringMatch.prefix(v.substring(0, v.length() - 1)), any, v);
    }
    if (last < 0) {
      return new Matcher.Never("request principal " + v + " (no '/': never matches an <iss>/<sub> pair)");
    }
    return new Matcher.RequestPrincipal(StringMatch.exact(v.substring(0, last)), StringMatch.exact(v.substring(
        last + 1)), v);
  }

  private Matcher namespaces(Field f, List<String> v) {
    return new Matcher.StringIn(Attribute.Scalar.PEER_PRINCIPAL, v.stream().map(IstioPolicyCompiler::namespaceMatch)
        .toList());
  }

  static StringMatch namespaceMatch(String ns) {
    StringBuilder re = new StringBuilder(".*/ns/");
    appendGlob(re, ns);
    re.append("/.*");
    return StringMatch.regex(re.toString(), ns);
  }

  private static void appendGlob(StringBuilder re, String glob) {
    StringBuilder lit = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*') {
        if (lit.length() > 0) {
          re.append(Pattern.quote(lit.toString()));
          lit.setLength(0);
        }
        re.append(".*");
      } else {
        lit.append(c);
      }
    }
    if (lit.length() > 0) {
      re.append(Pattern.quote(lit.toString()));
    }
  }

  private Matcher serviceAccounts(Field f, List<String> v) {
    if (v.size() > 16) {
      throw new PolicyException(doc.at(f.node()), err + f.path() + ": at most 16 service accounts");
    }
    List<StringMatch> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      out.add(serviceAccountMatch(v.get(i), namespace, i, f));
    }
    return new Matcher.StringIn(Attribute.Scalar.PEER_PRINCIPAL, out);
  }

  private StringMatch serviceAccountMatch(String sa, String policyNs, int i, Field f) {
    if (sa.contains("*") || sa.length() > 320) {
      throw bad(f, i, "service account must be 'ns/sa' or 'sa' without wildcards (at most 320 chars)");
    }
    String[] parts = sa.split("/", -1);
    String ns;
    String name;
    if (parts.length == 1) {
      ns = policyNs;
      name = parts[0];
    } else if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
      ns = parts[0];
      name = parts[1];
    } else {
      throw bad(f, i, "service account must be 'ns/sa' or 'sa'");
    }
    return StringMatch.regex(".+/ns/" + Pattern.quote(ns) + "/(.+/|)sa/" + Pattern.quote(name) + "(/.+)?", sa);
  }

  private Matcher trustDomains(Field f, List<String> v) {
    List<StringMatch> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      String td = v.get(i);
      String inner = td.length() > 2 ? td.substring(1, td.length() - 1) : "";
      if (td.contains("/") || inner.contains("*") || (td.startsWith("*") && td.endsWith("*") && td.length() > 1)) {
        throw bad(f, i, "trust domain may have one '*' at its start or end and no '/'");
      }
      out.add(trustDomainMatch(td));
    }
    return new Matcher.StringIn(Attribute.Scalar.PEER_PRINCIPAL, out);
  }

  private static StringMatch trustDomainMatch(String td) {
    if (td.equals("*")) {
      return new StringMatch(StringMatch.Kind.PRESENT, "", false, null, td);
    }
    StringBuilder re = new StringBuilder();
    if (td.startsWith("*")) {
      re.append("[^/]*").append(Pattern.quote(td.substring(1)));
    } else if (td.endsWith("*")) {
      re.append(Pattern.quote(td.substring(0, td.length() - 1))).append("[^/]*");
    } else {
      re.append(Pattern.quote(td));
    }
    re.append("/.*");
    return StringMatch.regex(re.toString(), td);
  }

  private Matcher ips(Field f, List<String> v, Attribute.Scalar attr) {
    List<Cidr> blocks = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      try {
        blocks.add(Cidr.parse(v.get(i)));
      } catch (IllegalArgumentException e) {
        throw bad(f, i, e.getMessage() + " (IP or CIDR, no wildcards)");
      }
    }
    return new Matcher.IpIn(attr, blocks);
  }

  private Matcher ports(Field f, List<String> v) {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < v.size(); i++) {
      ports.add(port(v.get(i), f, i));
    }
    return new Matcher.PortIn(ports);
  }

  private int port(String s, Field f, int i) {
    try {
      int p = Integer.parseInt(s);
      if (p < 0 || p > 65535 || !s.equals(Integer.toString(p))) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw bad(f, i, "bad port '" + s + "' (a number 0-65535, no wildcards)");
    }
  }

  private Matcher paths(Field f, List<String> v) {
    List<StringMatch> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      String p = v.get(i);
      try {
        out.add(StringMatch.pathPattern(p));
      } catch (IllegalArgumentException e) {
        throw bad(f, i, e.getMessage());
      }
    }
    return new Matcher.StringIn(Attribute.Scalar.PATH, out);
  }

  private Condition when(Node n, String path) {
    Map<String, Node> m = doc.map(n, path, err);
    for (Map.Entry<String, Node> e : m.entrySet()) {
      if (!WHEN_KEYS.contains(e.getKey())) {
        throw new PolicyException(doc.at(e.getValue()), err + path + ": unknown field '" + e.getKey() + "'");
      }
    }
    Node keyNode = m.get("key");
    if (YamlDoc.isNull(keyNode)) {
      throw new PolicyException(doc.at(n), err + path + ".key: required");
    }
    String key = doc.scalar(keyNode, path + ".key", err);
    if (key.startsWith("request.auth.")) {
      notInCustom(keyNode, path + ".key", key);
    }
    Field vf = new Field(path + "(" + key + ").values", m.get("values"));
    Field nf = new Field(path + "(" + key + ").notValues", m.get("notValues"));
    List<String> values = values(vf);
    List<String> notValues = values(nf);
    if (values.isEmpty() && notValues.isEmpty()) {
      throw new PolicyException(doc.at(n), err + path + ": values or notValues must be set");
    }
    ValuesCompiler vc = keyCompiler(key, keyNode, path);
    List<Matcher> all = new ArrayList<>();
    if (!values.isEmpty()) {
      all.add(vc.compile(vf, values));
    }
    if (!notValues.isEmpty()) {
      all.add(new Matcher.Not(vc.compile(nf, notValues)));
    }
    return new Condition("when[" + key + "]", allOf(all));
  }

  private ValuesCompiler keyCompiler(String key, Node keyNode, String path) {
    switch (key) {
      case "source.ip":
        return (f, v) -> ips(f, v, Attribute.Scalar.SOURCE_IP);
      case "remote.ip":
        return (f, v) -> ips(f, v, Attribute.Scalar.REMOTE_IP);
      case "destination.ip":
        return (f, v) -> ips(f, v, Attribute.Scalar.DESTINATION_IP);
      case "destination.port":
        return this::ports;
      case "source.namespace":
        return this::namespaces;
      case "source.principal":
        return this::principals;
      case "source.serviceAccount":
        return this::serviceAccounts;
      case "source.trustDomain":
        return this::trustDomains;
      case "connection.sni":
        return (f, v) -> new Matcher.StringIn(Attribute.Scalar.SNI, v.stream().map(x -> StringMatch.istio(x, false))
            .toList());
      case "request.auth.principal":
        return this::requestPrincipals;
      case "request.auth.audiences":
        return (f, v) -> claim(List.of("aud"), false, v);
      case "request.auth.presenter":
        return (f, v) -> claim(List.of("azp"), false, v);
      case "request.time":
        return this::times;
      case "kserve.model":
        return (f, v) -> new Matcher.StringIn(Attribute.Scalar.KSERVE_MODEL, v.stream().map(StringMatch::glob)
            .toList());
      case "kserve.verb":
        return this::verbs;
      case "kserve.protocol":
        return this::protocols;
      default:
        break;
    }
    if (key.startsWith("request.headers[")) {
      java.util.regex.Matcher mm = MAP_KEY.matcher(key);
      if (!mm.matches() || !mm.group(1).equals("request.headers")) {
        throw badKey(keyNode, path, key, "expected request.headers[<name>]");
      }
      Attribute.Header h = new Attribute.Header(mm.group(2));
      return (f, v) -> new Matcher.StringIn(h, v.stream().map(x -> StringMatch.istio(x, true)).toList());
    }
    if (key.startsWith("request.auth.claims[")) {
      List<String> claimPath = claimPath(key.substring("request.auth.claims".length()));
      if (claimPath == null) {
        throw badKey(keyNode, path, key, "expected request.auth.claims[<name>] or [<a>][<b>]...");
      }
      boolean space = claimPath.size() == 1 && (claimPath.get(0).equals("scope") || claimPath.get(0).equals(
          "permission"));
      return (f, v) -> claim(claimPath, space, v);
    }
    if (key.startsWith("experimental.envoy.filters.")) {
      throw badKey(keyNode, path, key, "Envoy dynamic-metadata conditions are experimental in Istio and not "
          + "supported in-process");
    }
    throw badKey(keyNode, path, key, "unknown attribute (supported: request.headers[..], source.ip, remote.ip, "
        + "source.namespace, source.principal, source.serviceAccount, source.trustDomain, request.auth.principal, "
        + "request.auth.audiences, request.auth.presenter, request.auth.claims[..], destination.ip, "
        + "destination.port, connection.sni, and the kserve-auth extensions request.time, kserve.model, "
        + "kserve.verb, kserve.protocol)");
  }

  private PolicyException badKey(Node keyNode, String path, String key, String why) {
    return new PolicyException(doc.at(keyNode), err + path + ".key: '" + key + "': " + why);
  }

  /** {@code [a][b.c]} → [a, b.c]; {@code null} when malformed. */
  static List<String> claimPath(String brackets) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < brackets.length()) {
      if (brackets.charAt(i) != '[') {
        return null;
      }
      int close = brackets.indexOf(']', i);
      if (close < 0) {
        return null;
      }
      String name = brackets.substring(i + 1, close);
      if (name.isEmpty() || name.contains("[")) {
        return null;
      }
      out.add(name);
      i = close + 1;
    }
    return out.isEmpty() ? null : out;
  }

  private static Matcher claim(List<String> path, boolean space, List<String> v) {
    return new Matcher.StringIn(new Attribute.Claim(path, space), v.stream().map(x -> StringMatch.istio(x, false))
        .toList());
  }

  private Matcher times(Field f, List<String> v) {
    List<Matcher> any = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      try {
        any.add(new Matcher.TimeIn(TimeWindow.parse(v.get(i))));
      } catch (IllegalArgumentException e) {
        throw bad(f, i, e.getMessage());
      }
    }
    return anyOf(any);
  }

  private Matcher verbs(Field f, List<String> v) {
    List<StringMatch> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      String s = v.get(i).toLowerCase(Locale.ROOT);
      if (s.equals("*")) {
        out.add(StringMatch.istio("*", false));
        continue;
      }
      boolean known = false;
      for (KServeRoute.Verb verb : KServeRoute.Verb.values()) {
        known |= verb.id().equals(s);
      }
      if (!known) {
        throw bad(f, i, "unknown KServe verb '" + v.get(i) + "' (one of "
            + java.util.Arrays.stream(KServeRoute.Verb.values()).map(KServeRoute.Verb::id).toList() + ")");
      }
      out.add(StringMatch.exact(s));
    }
    return new Matcher.StringIn(Attribute.Scalar.KSERVE_VERB, out);
  }

  private Matcher protocols(Field f, List<String> v) {
    List<StringMatch> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      String s = v.get(i).toLowerCase(Locale.ROOT);
      if (!Set.of("v1", "v2", "openai", "other").contains(s)) {
        throw bad(f, i, "unknown KServe protocol '" + v.get(i) + "' (v1, v2, openai or other)");
      }
      out.add(StringMatch.exact(s));
    }
    return new Matcher.StringIn(Attribute.Scalar.KSERVE_PROTOCOL, out);
  }

  private static Matcher anyOf(List<Matcher> l) {
    return l.size() == 1 ? l.get(0) : new Matcher.AnyOf(l);
  }

  private static Matcher allOf(List<Matcher> l) {
    return l.size() == 1 ? l.get(0) : new Matcher.AllOf(l);
  }
}
