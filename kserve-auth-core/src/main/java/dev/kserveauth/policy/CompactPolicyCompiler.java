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
import dev.kserveauth.internal.policy.StringMatch;
import dev.kserveauth.internal.policy.TimeWindow;
import dev.kserveauth.policy.CompiledRule.Condition;
import dev.kserveauth.route.KServeRoute.Verb;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Compiles the compact {@code kserve-auth/v1} {@code AccessPolicy} format into the same model as
 * Istio policies. For people without Istio: roles with permissions, role inheritance, where roles
 * come from in the token, grants and denies by verb, model glob, namespace, team or any claim, time
 * windows, and public routes.
 *
 * <pre>
 * apiVersion: kserve-auth/v1
 * kind: AccessPolicy
 * metadata: {name: kserve-rbac}
 * spec:
 *   roleClaims: [role, realm_access.roles]     # optional; default: the principal's roles
 *   public:
 *     - paths: [/health, /metrics]
 *   roles:
 *     admin:           {permissions: ["*"]}
 *     data-scientist:  {permissions: [model:predict, model:explain, model:list]}
 *     model-developer: {permissions: ["model:*"], inherits: [data-scientist]}
 *   deny:
 *     - name: production-is-admin-only
 *       notRoles: [admin]
 *       models: ["production-*"]
 *     - name: dev-models-in-business-hours
 *       roles: [data-scientist]
 *       models: ["dev-*"]
 *       outside: "Mon-Fri 09:00-17:00 Europe/Berlin"
 *   allow:
 *     - name: platform-team-may-load
 *       claims: {team: [ml-platform]}
 *       verbs: [load, unload]
 * </pre>
 *
 * <p>Semantics, compiled into Istio's combining rule: {@code public} entries and the role
 * permissions are ALLOW policies, each {@code allow} entry is one more ALLOW policy, each
 * {@code deny} entry a DENY policy (checked first, any match wins). Within an entry, fields are
 * ANDed and the values of one field ORed. Any subject field ({@code roles}, {@code notRoles},
 * {@code subjects}, {@code issuers}, {@code claims}, {@code notClaims}, {@code namespaces},
 * {@code serviceAccounts}) makes the entry apply to authenticated callers only, so a
 * {@code notClaims} deny never catches anonymous health checks.
 *
 * <p>Permissions: {@code *} (everything), {@code model:*} (every model verb), {@code server:*}
 * (health and metrics), {@code model:VERB} or {@code server:VERB}, optionally with a model glob
 * as third part ({@code model:predict:dev-*}). {@code model:predict} also covers the V2
 * {@code infer} and {@code generate} verbs (running a model, whatever the protocol).
 */
final class CompactPolicyCompiler {

  /** The accepted {@code apiVersion}. */
  public static final String API_VERSION = "kserve-auth/v1";
  /** The accepted {@code kind}. */
  public static final String KIND = "AccessPolicy";

  private static final Set<String> TOP_KEYS = Set.of("apiVersion", "kind", "metadata", "spec");
  private static final Set<String> SPEC_KEYS = Set.of("roleClaims", "public", "roles", "allow", "deny", "dryRun",
      "custom");
  private static final Set<String> ROLE_KEYS = Set.of("permissions", "inherits");
  private static final Set<String> SUBJECT_KEYS = Set.of("roles", "notRoles", "subjects", "issuers", "claims",
      "notClaims", "namespaces", "serviceAccounts");
  private static final Set<String> ACTION_KEYS = Set.of("verbs", "permissions", "models", "notModels", "paths",
      "notPaths", "methods", "protocols", "time", "outside");
  private static final Set<String> PUBLIC_KEYS = Set.of("paths", "methods", "verbs");
  private static final Set<Verb> MODEL_VERBS = EnumSet.of(Verb.LIST, Verb.READY, Verb.METADATA, Verb.PREDICT,
      Verb.EXPLAIN, Verb.INFER, Verb.GENERATE, Verb.LOAD, Verb.UNLOAD, Verb.DELETE, Verb.UPDATE);
  private static final Set<Verb> SERVER_VERBS = EnumSet.of(Verb.HEALTH, Verb.METRICS);

  private final YamlDoc doc;
  private String name = "";
  private String err = "";
  private List<List<String>> roleClaims = List.of();

  private CompactPolicyCompiler(YamlDoc doc) {
    this.doc = doc;
  }

  /**
   * Compiles one {@code AccessPolicy} document.
   *
   * @throws PolicyException naming file:line, the policy and the field
   */
  public static List<CompiledPolicy> compile(YamlDoc doc) {
    return new CompactPolicyCompiler(doc).compile();
  }

  private List<CompiledPolicy> compile() {
    Map<String, Node> top = doc.map(doc.root(), "document", "");
    checkKeys(top, TOP_KEYS, "");
    Node meta = top.get("metadata");
    if (YamlDoc.isNull(meta) || YamlDoc.isNull(doc.map(meta, "metadata", "").get("name"))) {
      throw new PolicyException(doc.at(doc.root()), "AccessPolicy: metadata.name is required");
    }
    name = doc.scalar(doc.map(meta, "metadata", "").get("name"), "metadata.name", "AccessPolicy: ");
    err = "AccessPolicy " + name + ": ";
    Node specNode = top.get("spec");
    if (YamlDoc.isNull(specNode)) {
      throw new PolicyException(doc.at(doc.root()), err + "spec is required");
    }
    Map<String, Node> spec = doc.map(specNode, "spec", err);
    checkKeys(spec, SPEC_KEYS, "spec.");
    boolean dryRun = spec.containsKey("dryRun") && bool(spec.get("dryRun"), "spec.dryRun");
    if (spec.containsKey("roleClaims")) {
      List<List<String>> paths = new ArrayList<>();
      for (String p : strings(spec.get("roleClaims"), "spec.roleClaims")) {
        paths.add(claimPath(p));
      }
      roleClaims = List.copyOf(paths);
    }
    String idBase = doc.file() + "#" + name;
    List<CompiledPolicy> out = new ArrayList<>();

    if (spec.containsKey("public")) {
      List<CompiledRule> rules = new ArrayList<>();
      List<Node> entries = doc.list(spec.get("public"), "spec.public", err);
      for (int i = 0; i < entries.size(); i++) {
        String field = "spec.public[" + i + "]";
        Map<String, Node> e = doc.map(entries.get(i), field, err);
        checkKeys(e, PUBLIC_KEYS, field + ".");
        if (e.isEmpty()) {
          throw new PolicyException(doc.at(entries.get(i)), err + field + ": empty (name paths, methods or verbs)");
        }
        rules.add(new CompiledRule(idBase + "/public#rules[" + i + "]", doc.at(entries.get(i)),
            actionConditions(e, field)));
      }
      out.add(new CompiledPolicy(idBase + "/public", doc.at(spec.get("public")), CompiledPolicy.Action.ALLOW, dryRun,
          rules));
    }

    if (spec.containsKey("roles")) {
      out.add(compileRoles(spec.get("roles"), idBase + "/roles", dryRun));
    }
    for (String kind : List.of("deny", "allow")) {
      if (!spec.containsKey(kind)) {
        continue;
      }
      List<Node> entries = doc.list(spec.get(kind), "spec." + kind, err);
      for (int i = 0; i < entries.size(); i++) {
        String field = "spec." + kind + "[" + i + "]";
        Map<String, Node> e = doc.map(entries.get(i), field, err);
        String entryName = e.containsKey("name") ? doc.scalar(e.get("name"), field + ".name", err) : String.valueOf(i);
        Map<String, Node> rest = new LinkedHashMap<>(e);
        rest.remove("name");
        Set<String> allowed = new LinkedHashSet<>(SUBJECT_KEYS);
        allowed.addAll(ACTION_KEYS);
        checkKeys(rest, allowed, field + ".");
        if (rest.isEmpty() && kind.equals("deny")) {
          throw new PolicyException(doc.at(entries.get(i)), err + field
              + ": a deny entry without conditions would deny every request; name what it denies");
        }
        List<Condition> conds = new ArrayList<>(subjectConditions(rest, field));
        conds.addAll(actionConditions(rest, field));
        String pid = idBase + "/" + kind + "/" + entryName;
        out.add(new CompiledPolicy(pid, doc.at(entries.get(i)),
            kind.equals("deny") ? CompiledPolicy.Action.DENY : CompiledPolicy.Action.ALLOW, dryRun,
            List.of(new CompiledRule(pid + "#rules[0]", doc.at(entries.get(i)), conds))));
      }
    }
    if (spec.containsKey("custom")) {
      out.addAll(custom(spec.get("custom"), idBase, dryRun));
    }
    if (out.isEmpty()) {
      throw new PolicyException(doc.at(specNode), err + "spec names no public routes, roles, allow, deny or custom "
          + "entries");
    }
    return out;
  }

  /**
   * {@code spec.custom}: "these requests are decided by an external authorizer", e.g. Kubernetes RBAC.
   * Each entry names a {@code provider} and what it decides (the action fields: models, verbs, paths,
   * ...); it compiles to Istio's CUSTOM policy asking the provider for those requests and an ALLOW
   * grant for them, so the provider's allow is the grant. DENY entries still apply (CUSTOM → DENY →
   * ALLOW). As in Istio, who the caller is cannot select the entry: the provider decides that.
   */
  private List<CompiledPolicy> custom(Node node, String idBase, boolean dryRun) {
    List<CompiledPolicy> out = new ArrayList<>();
    List<Node> entries = doc.list(node, "spec.custom", err);
    if (dryRun && !entries.isEmpty()) {
      throw new PolicyException(doc.at(node), err + "spec.custom: dryRun is not supported with custom entries "
          + "(an external authorizer's answer cannot be shadowed)");
    }
    for (int i = 0; i < entries.size(); i++) {
      String field = "spec.custom[" + i + "]";
      Map<String, Node> e = doc.map(entries.get(i), field, err);
      String entryName = e.containsKey("name") ? doc.scalar(e.get("name"), field + ".name", err) : String.valueOf(i);
      Node providerNode = e.get("provider");
      if (YamlDoc.isNull(providerNode)) {
        throw new PolicyException(doc.at(entries.get(i)), err + field + ".provider is required (the registered "
            + "external authorizer, e.g. kubernetes-rbac)");
      }
      String provider = doc.scalar(providerNode, field + ".provider", err).trim();
      if (provider.isEmpty()) {
        throw new PolicyException(doc.at(providerNode), err + field + ".provider must not be empty");
      }
      Map<String, Node> rest = new LinkedHashMap<>(e);
      rest.remove("name");
      rest.remove("provider");
      checkKeys(rest, ACTION_KEYS, field + ".");
      List<Condition> conds = actionConditions(rest, field);
      String pid = idBase + "/custom/" + entryName;
      out.add(new CompiledPolicy(pid, doc.at(entries.get(i)), CompiledPolicy.Action.CUSTOM, false,
          List.of(new CompiledRule(pid + "#rules[0]", doc.at(entries.get(i)), conds)), null,
          new CompiledPolicy.Provider(provider, doc.at(providerNode))));
      String gid = pid + "/grant";
      out.add(new CompiledPolicy(gid, doc.at(entries.get(i)), CompiledPolicy.Action.ALLOW, false,
          List.of(new CompiledRule(gid + "#rules[0]", doc.at(entries.get(i)), conds))));
    }
    return out;
  }

  private CompiledPolicy compileRoles(Node rolesNode, String id, boolean dryRun) {
    Map<String, Node> roles = doc.map(rolesNode, "spec.roles", err);
    Map<String, List<String>> inherits = new LinkedHashMap<>();
    Map<String, Node> permsOf = new LinkedHashMap<>();
    for (Map.Entry<String, Node> r : roles.entrySet()) {
      String field = "spec.roles." + r.getKey();
      Map<String, Node> body = doc.map(r.getValue(), field, err);
      checkKeys(body, ROLE_KEYS, field + ".");
      inherits.put(r.getKey(), body.containsKey("inherits") ? strings(body.get("inherits"), field + ".inherits")
          : List.of());
      if (!body.containsKey("permissions") && !body.containsKey("inherits")) {
        throw new PolicyException(doc.at(r.getValue()), err + field + ": a role needs permissions or inherits");
      }
      permsOf.put(r.getKey(), body.get("permissions"));
    }
    for (Map.Entry<String, List<String>> e : inherits.entrySet()) {
      for (String parent : e.getValue()) {
        if (!roles.containsKey(parent)) {
          throw new PolicyException(doc.at(roles.get(e.getKey())), err + "spec.roles." + e.getKey()
              + ".inherits: unknown role '" + parent + "' (declared: " + roles.keySet() + ")");
        }
      }
    }
    List<CompiledRule> rules = new ArrayList<>();
    for (Map.Entry<String, Node> r : permsOf.entrySet()) {
      if (YamlDoc.isNull(r.getValue())) {
        continue;
      }
      String field = "spec.roles." + r.getKey() + ".permissions";
      // the role itself and every role that inherits it (transitively) hold these permissions
      List<String> holders = holdersOf(r.getKey(), inherits, roles);
      List<String> perms = strings(r.getValue(), field);
      for (int i = 0; i < perms.size(); i++) {
        List<Condition> conds = new ArrayList<>();
        conds.add(new Condition("role", roleMatcher(holders)));
        conds.addAll(permission(perms.get(i), field + "[" + i + "]", r.getValue()));
        rules.add(new CompiledRule(id + "#" + r.getKey() + "[" + i + "]", doc.at(r.getValue()), conds));
      }
    }
    return new CompiledPolicy(id, doc.at(rolesNode), CompiledPolicy.Action.ALLOW, dryRun, rules);
  }

  private List<String> holdersOf(String role, Map<String, List<String>> inherits, Map<String, Node> roles) {
    List<String> holders = new ArrayList<>(List.of(role));
    Deque<String> todo = new ArrayDeque<>(List.of(role));
    while (!todo.isEmpty()) {
      String cur = todo.pop();
      for (Map.Entry<String, List<String>> e : inherits.entrySet()) {
        if (e.getValue().contains(cur) && !holders.contains(e.getKey())) {
          holders.add(e.getKey());
          todo.push(e.getKey());
        }
      }
    }
    // a cycle makes a role inherit itself through another one: reject, it is always a mistake
    for (String h : holders) {
      if (!h.equals(role) && reaches(role, h, inherits) && reaches(h, role, inherits)) {
        throw new PolicyException(doc.at(roles.get(role)), err + "spec.roles: inheritance cycle between '" + role
            + "' and '" + h + "'");
      }
    }
    return holders;
  }

  private static boolean reaches(String from, String to, Map<String, List<String>> inherits) {
    Deque<String> todo = new ArrayDeque<>(inherits.getOrDefault(from, List.of()));
    Set<String> seen = new LinkedHashSet<>();
    while (!todo.isEmpty()) {
      String cur = todo.pop();
      if (cur.equals(to)) {
        return true;
      }
      if (seen.add(cur)) {
        todo.addAll(inherits.getOrDefault(cur, List.of()));
      }
    }
    return false;
  }

  private Matcher roleMatcher(List<String> roles) {
    List<StringMatch> values = roles.stream().map(StringMatch::exact).toList();
    if (roleClaims.isEmpty()) {
      return new Matcher.StringIn(new Attribute.Roles(), values);
    }
    List<Matcher> any = new ArrayList<>();
    for (List<String> path : roleClaims) {
      any.add(new Matcher.StringIn(new Attribute.Claim(path, true), values));
    }
    return any.size() == 1 ? any.get(0) : new Matcher.AnyOf(any);
  }

  /** A permission string as conditions: the verbs it covers and, optionally, a model glob. */
  private List<Condition> permission(String perm, String field, Node at) {
    if (perm.equals("*")) {
      return List.of();
    }
    String[] parts = perm.split(":", 3);
    if (parts.length < 2 || parts[1].isEmpty()) {
      throw new PolicyException(doc.at(at), err + field + ": bad permission '" + perm
          + "' (use *, model:*, model:VERB, server:VERB or model:VERB:MODEL-GLOB)");
    }
    Set<Verb> family = switch (parts[0]) {
      case "model" -> MODEL_VERBS;
      case "server" -> SERVER_VERBS;
      default -> throw new PolicyException(doc.at(at), err + field + ": bad permission '" + perm
          + "': the resource is 'model' or 'server'");
    };
    Set<Verb> verbs = parts[1].equals("*") ? family : expand(verb(parts[1], field, at));
    if (!family.containsAll(verbs)) {
      throw new PolicyException(doc.at(at), err + field + ": bad permission '" + perm + "': '" + parts[1]
          + "' is not a " + parts[0] + " verb (" + ids(family) + ")");
    }
    List<Condition> conds = new ArrayList<>();
    conds.add(new Condition("permission", verbMatcher(verbs)));
    if (parts.length == 3) {
      conds.add(new Condition("permission model", new Matcher.StringIn(Attribute.Scalar.KSERVE_MODEL,
          List.of(StringMatch.glob(parts[2])))));
    }
    return conds;
  }

  private static Set<Verb> expand(Verb v) {
    return v == Verb.PREDICT ? EnumSet.of(Verb.PREDICT, Verb.INFER, Verb.GENERATE) : EnumSet.of(v);
  }

  private Verb verb(String id, String field, Node at) {
    for (Verb v : Verb.values()) {
      if (v != Verb.OTHER && v.id().equals(id.toLowerCase(Locale.ROOT))) {
        return v;
      }
    }
    throw new PolicyException(doc.at(at), err + field + ": unknown verb '" + id + "' ("
        + ids(EnumSet.complementOf(EnumSet.of(Verb.OTHER))) + ")");
  }

  private static String ids(Set<Verb> verbs) {
    return String.join(", ", verbs.stream().map(Verb::id).toList());
  }

  private static Matcher verbMatcher(Set<Verb> verbs) {
    return new Matcher.StringIn(Attribute.Scalar.KSERVE_VERB, verbs.stream().map(v -> StringMatch.exact(v.id()))
        .toList());
  }

  private List<Condition> subjectConditions(Map<String, Node> e, String field) {
    List<Condition> conds = new ArrayList<>();
    if (e.containsKey("roles")) {
      conds.add(new Condition("roles", roleMatcher(strings(e.get("roles"), field + ".roles"))));
    }
    if (e.containsKey("notRoles")) {
      conds.add(new Condition("notRoles", new Matcher.Not(roleMatcher(strings(e.get("notRoles"),
          field + ".notRoles")))));
    }
    if (e.containsKey("subjects")) {
      conds.add(new Condition("subjects", globs(Attribute.Scalar.SUBJECT, strings(e.get("subjects"),
          field + ".subjects"))));
    }
    if (e.containsKey("issuers")) {
      conds.add(new Condition("issuers", new Matcher.StringIn(Attribute.Scalar.ISSUER,
          strings(e.get("issuers"), field + ".issuers").stream().map(StringMatch::exact).toList())));
    }
    for (String key : List.of("claims", "notClaims")) {
      if (!e.containsKey(key)) {
        continue;
      }
      Map<String, Node> claims = doc.map(e.get(key), field + "." + key, err);
      if (claims.isEmpty()) {
        throw new PolicyException(doc.at(e.get(key)), err + field + "." + key + ": empty");
      }
      for (Map.Entry<String, Node> c : claims.entrySet()) {
        Matcher m = globs(new Attribute.Claim(claimPath(c.getKey()), true),
            strings(c.getValue(), field + "." + key + "." + c.getKey()));
        conds.add(new Condition(key + "[" + c.getKey() + "]", key.equals("claims") ? m : new Matcher.Not(m)));
      }
    }
    if (e.containsKey("namespaces")) {
      conds.add(new Condition("namespaces", globs(new Attribute.Claim(List.of("kubernetes.io", "namespace"), false),
          strings(e.get("namespaces"), field + ".namespaces"))));
    }
    if (e.containsKey("serviceAccounts")) {
      // "namespace/name" or "system:serviceaccount:namespace:name", matched against the token's sub
      List<String> subs = new ArrayList<>();
      for (String sa : strings(e.get("serviceAccounts"), field + ".serviceAccounts")) {
        if (sa.startsWith("system:serviceaccount:")) {
          subs.add(sa);
        } else if (sa.indexOf('/') > 0 && sa.indexOf('/') == sa.lastIndexOf('/')) {
          subs.add("system:serviceaccount:" + sa.replace('/', ':'));
        } else {
          throw new PolicyException(doc.at(e.get("serviceAccounts")), err + field + ".serviceAccounts: '" + sa
              + "' is not NAMESPACE/NAME or system:serviceaccount:NAMESPACE:NAME");
        }
      }
      conds.add(new Condition("serviceAccounts", globs(Attribute.Scalar.SUBJECT, subs)));
    }
    if (!conds.isEmpty()) {
      // subject conditions only ever describe authenticated callers
      conds.add(0, new Condition("authenticated", new Matcher.StringIn(Attribute.Scalar.ISSUER,
          List.of(StringMatch.glob("*")))));
    }
    return conds;
  }

  private List<Condition> actionConditions(Map<String, Node> e, String field) {
    List<Condition> conds = new ArrayList<>();
    if (e.containsKey("verbs")) {
      Set<Verb> verbs = EnumSet.noneOf(Verb.class);
      for (String v : strings(e.get("verbs"), field + ".verbs")) {
        verbs.add(verb(v, field + ".verbs", e.get("verbs")));
      }
      conds.add(new Condition("verbs", verbMatcher(verbs)));
    }
    if (e.containsKey("permissions")) {
      List<Matcher> any = new ArrayList<>();
      List<String> perms = strings(e.get("permissions"), field + ".permissions");
      for (int i = 0; i < perms.size(); i++) {
        List<Condition> pc = permission(perms.get(i), field + ".permissions[" + i + "]", e.get("permissions"));
        any.add(pc.isEmpty() ? new Matcher.Always()
            : pc.size() == 1 ? pc.get(0).matcher() : new Matcher.AllOf(pc.stream().map(Condition::matcher).toList()));
      }
      conds.add(new Condition("permissions", any.size() == 1 ? any.get(0) : new Matcher.AnyOf(any)));
    }
    if (e.containsKey("models")) {
      conds.add(new Condition("models", globs(Attribute.Scalar.KSERVE_MODEL, strings(e.get("models"),
          field + ".models"))));
    }
    if (e.containsKey("notModels")) {
      conds.add(new Condition("notModels", new Matcher.Not(globs(Attribute.Scalar.KSERVE_MODEL,
          strings(e.get("notModels"), field + ".notModels")))));
    }
    if (e.containsKey("paths")) {
      conds.add(new Condition("paths", globs(Attribute.Scalar.PATH, paths(e.get("paths"), field + ".paths"))));
    }
    if (e.containsKey("notPaths")) {
      conds.add(new Condition("notPaths", new Matcher.Not(globs(Attribute.Scalar.PATH,
          paths(e.get("notPaths"), field + ".notPaths")))));
    }
    if (e.containsKey("methods")) {
      conds.add(new Condition("methods", new Matcher.StringIn(Attribute.Scalar.METHOD,
          strings(e.get("methods"), field + ".methods").stream()
              .map(m -> StringMatch.exact(m.toUpperCase(Locale.ROOT))).toList())));
    }
    if (e.containsKey("protocols")) {
      List<StringMatch> ps = new ArrayList<>();
      for (String p : strings(e.get("protocols"), field + ".protocols")) {
        String lower = p.toLowerCase(Locale.ROOT);
        if (!List.of("v1", "v2", "openai", "other").contains(lower)) {
          throw new PolicyException(doc.at(e.get("protocols")), err + field + ".protocols: unknown protocol '" + p
              + "' (v1, v2, openai, other)");
        }
        ps.add(StringMatch.exact(lower));
      }
      conds.add(new Condition("protocols", new Matcher.StringIn(Attribute.Scalar.KSERVE_PROTOCOL, ps)));
    }
    for (String key : List.of("time", "outside")) {
      if (!e.containsKey(key)) {
        continue;
      }
      String value = doc.scalar(e.get(key), field + "." + key, err);
      TimeWindow w;
      try {
        w = TimeWindow.parse(value);
      } catch (IllegalArgumentException ex) {
        throw new PolicyException(doc.at(e.get(key)), err + field + "." + key + ": " + ex.getMessage());
      }
      Matcher m = new Matcher.TimeIn(w);
      conds.add(new Condition(key, key.equals("time") ? m : new Matcher.Not(m)));
    }
    return conds;
  }

  private List<String> paths(Node n, String field) {
    List<String> ps = strings(n, field);
    for (String p : ps) {
      if (!p.startsWith("/") && !p.startsWith("*")) {
        throw new PolicyException(doc.at(n), err + field + ": path '" + p + "' must start with / (or *)");
      }
    }
    return ps;
  }

  private static Matcher globs(Attribute a, List<String> values) {
    return new Matcher.StringIn(a, values.stream().map(StringMatch::glob).toList());
  }

  /** A dotted claim path; a key that looks like a URL ({@code https://example.com/roles}) is one segment. */
  private static List<String> claimPath(String p) {
    if (p.contains("/")) {
      return List.of(p);
    }
    return Arrays.asList(p.split("\\."));
  }

  private List<String> strings(Node n, String field) {
    List<String> out = new ArrayList<>();
    if (n instanceof org.yaml.snakeyaml.nodes.ScalarNode) {
      out.add(doc.scalar(n, field, err));
    } else {
      for (Node item : doc.list(n, field, err)) {
        out.add(doc.scalar(item, field + "[]", err));
      }
    }
    if (out.isEmpty()) {
      throw new PolicyException(doc.at(n), err + field + ": empty list (omit the field instead)");
    }
    for (String s : out) {
      if (s.isEmpty()) {
        throw new PolicyException(doc.at(n), err + field + ": empty value");
      }
    }
    return out;
  }

  private boolean bool(Node n, String field) {
    String s = doc.scalar(n, field, err);
    if (!s.equals("true") && !s.equals("false")) {
      throw new PolicyException(doc.at(n), err + field + ": expected true or false");
    }
    return Boolean.parseBoolean(s);
  }

  private void checkKeys(Map<String, Node> m, Set<String> allowed, String prefix) {
    for (Map.Entry<String, Node> e : m.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw new PolicyException(doc.at(e.getValue()), err + prefix + e.getKey() + ": unknown field (allowed: "
            + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
  }
}
