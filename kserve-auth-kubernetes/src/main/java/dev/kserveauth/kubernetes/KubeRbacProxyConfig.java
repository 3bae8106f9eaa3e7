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
package dev.kserveauth.kubernetes;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * kube-rbac-proxy's {@code --config-file}, read unchanged: the {@code authorization:} section with
 * {@code resourceAttributes}, {@code rewrites} ({@code byQueryParameter}, {@code byHttpHeader}) and
 * {@code static}. It says which SubjectAccessReview a request needs:
 * <ul>
 *   <li>no {@code resourceAttributes}: a non-resource review of the request path and verb;</li>
 *   <li>{@code resourceAttributes} without {@code rewrites}: one resource review of exactly those attributes;</li>
 *   <li>with {@code rewrites}: one review per value of the named query parameter and header, each
 *       attribute's {@code {{.Value}}} replaced by the value; all must allow (none → 400).</li>
 * </ul>
 * A {@code static} entry allows matching attributes without a review (empty fields match anything).
 *
 * <pre>{@code
 * authorization:
 *   resourceAttributes:
 *     namespace: team-a
 *     apiGroup: serving.kserve.io
 *     apiVersion: v1beta1
 *     resource: inferenceservices
 *     name: sklearn-iris
 * }</pre>
 *
 * <p>As kube-rbac-proxy (Go's JSON decoding) does, keys match case-insensitively. Unlike it, a key
 * it would silently ignore is an error naming the file and line, so that a typo never turns a
 * resource check into a non-resource one. Two additions: {@code resourceAttributes.verb} (which
 * kube-rbac-proxy does not read) sets a static verb instead of the one derived from the method, and
 * {@code {{.Model}}} in an attribute stands for the request's KServe model.
 *
 * @since 0.1
 * @param resourceAttributes the attributes of a resource review, or {@code null} for non-resource reviews
 * @param rewrites where rewrite values come from, or {@code null}
 * @param staticRules requests allowed without a review
 */
public record KubeRbacProxyConfig(ResourceAttributes resourceAttributes, Rewrites rewrites, List<StaticRule> staticRules) {

  /**
   * Copies the static rules and checks that rewrites have attributes to rewrite.
   *
   * @param resourceAttributes the attributes of a resource review, or {@code null}
   * @param rewrites where rewrite values come from, or {@code null}
   * @param staticRules requests allowed without a review, possibly empty
   * @throws NullPointerException when {@code staticRules} is {@code null} or holds a {@code null}
   * @throws IllegalArgumentException when {@code rewrites} is given without {@code resourceAttributes}
   */
  public KubeRbacProxyConfig {
    staticRules = List.copyOf(staticRules);
    if (rewrites != null && resourceAttributes == null) {
      throw new IllegalArgumentException("rewrites need resourceAttributes to rewrite");
    }
  }

  /**
   * The resource attributes of a review; empty strings are left out of the review. In a config with
   * {@code rewrites}, each field is a template where {@code {{.Value}}} stands for the rewrite value.
   *
   * @param namespace the namespace
   * @param apiGroup the API group
   * @param apiVersion the API version
   * @param resource the resource (plural)
   * @param subresource the subresource
   * @param name the object name
   * @param verb a static verb, or {@code ""} to derive it from the HTTP method (kube-rbac-proxy's way)
   */
  public record ResourceAttributes(String namespace, String apiGroup, String apiVersion, String resource,
      String subresource, String name, String verb) {
    /**
     * Turns every {@code null} into {@code ""}.
     *
     * @param namespace the namespace, or {@code null}
     * @param apiGroup the API group, or {@code null}
     * @param apiVersion the API version, or {@code null}
     * @param resource the resource (plural), or {@code null}
     * @param subresource the subresource, or {@code null}
     * @param name the object name, or {@code null}
     * @param verb a static verb, or {@code null} to derive it from the HTTP method
     */
    public ResourceAttributes {
      namespace = nz(namespace);
      apiGroup = nz(apiGroup);
      apiVersion = nz(apiVersion);
      resource = nz(resource);
      subresource = nz(subresource);
      name = nz(name);
      verb = nz(verb);
    }

    /**
     * The attributes that may hold templates, in review order: namespace, group, version, resource,
     * subresource, name.
     */
    List<String> templated() {
      return List.of(namespace, apiGroup, apiVersion, resource, subresource, name);
    }
  }

  /**
   * Where rewrite values come from: every value of a query parameter and of a header.
   *
   * @param queryParameter the query parameter's name, or {@code ""}
   * @param httpHeader the header's name, or {@code ""}
   */
  public record Rewrites(String queryParameter, String httpHeader) {
    /**
     * Turns every {@code null} into {@code ""}.
     *
     * @param queryParameter the query parameter's name, or {@code null}
     * @param httpHeader the header's name, or {@code null}
     */
    public Rewrites {
      queryParameter = nz(queryParameter);
      httpHeader = nz(httpHeader);
    }
  }

  /**
   * A static authorization: matches when every non-empty field equals the request's, the user is
   * in one of {@code groups} (when given), and {@code resourceRequest} equals the review's kind.
   *
   * @param user the username, or {@code ""}
   * @param groups the groups, or empty
   * @param verb the verb, or {@code ""}
   * @param namespace the namespace, or {@code ""}
   * @param apiGroup the API group, or {@code ""}
   * @param resource the resource, or {@code ""}
   * @param subresource the subresource, or {@code ""}
   * @param name the name, or {@code ""}
   * @param resourceRequest whether it matches resource reviews (else non-resource ones)
   * @param path the path of a non-resource review, or {@code ""}
   */
  public record StaticRule(String user, List<String> groups, String verb, String namespace, String apiGroup,
      String resource, String subresource, String name, boolean resourceRequest, String path) {
    /**
     * Turns every {@code null} string into {@code ""}, copies the groups, and checks that exactly
     * the non-resource rules have a path.
     *
     * @param user the username, or {@code null}
     * @param groups the groups, possibly empty
     * @param verb the verb, or {@code null}
     * @param namespace the namespace, or {@code null}
     * @param apiGroup the API group, or {@code null}
     * @param resource the resource, or {@code null}
     * @param subresource the subresource, or {@code null}
     * @param name the name, or {@code null}
     * @param resourceRequest whether it matches resource reviews (else non-resource ones)
     * @param path the path of a non-resource review, or {@code null}
     * @throws NullPointerException when {@code groups} is {@code null} or holds a {@code null}
     * @throws IllegalArgumentException when a resource rule has a path or a non-resource rule has none
     */
    public StaticRule {
      user = nz(user);
      groups = List.copyOf(groups);
      verb = nz(verb);
      namespace = nz(namespace);
      apiGroup = nz(apiGroup);
      resource = nz(resource);
      subresource = nz(subresource);
      name = nz(name);
      path = nz(path);
      if (resourceRequest != path.isEmpty()) {
        throw new IllegalArgumentException("invalid static authorization: resource requests must not include a path,"
            + " non-resource requests must");
      }
    }

    boolean matches(KubernetesUser u, SubjectAccessReviewAuthorizer.Attributes a) {
      return eq(user, u.username()) && (groups.isEmpty() || u.groups().stream().anyMatch(groups::contains))
          && eq(verb, a.verb()) && eq(namespace, a.namespace()) && eq(apiGroup, a.group())
          && eq(resource, a.resource()) && eq(subresource, a.subresource()) && eq(name, a.name())
          && eq(path, a.path()) && resourceRequest == a.resourceRequest();
    }

    private static boolean eq(String conf, String value) {
      return conf.isEmpty() || conf.equals(value);
    }
  }

  /**
   * KServe's defaults for an InferenceService: {@code get} on {@code serving.kserve.io}
   * {@code inferenceservices} in {@code namespace}; the name is the request's model
   * ({@link SubjectAccessReviewAuthorizer#MODEL_NAME}).
   *
   * @param namespace the pod's namespace
   * @return the configuration
   */
  public static KubeRbacProxyConfig kserveDefaults(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    return new KubeRbacProxyConfig(new ResourceAttributes(namespace, "serving.kserve.io", "v1beta1",
        "inferenceservices", "", SubjectAccessReviewAuthorizer.MODEL_NAME, "get"), null, List.of());
  }

  /**
   * Reads kube-rbac-proxy's configuration file.
   *
   * @param file the file (the ConfigMap key mounted for the sidecar)
   * @return the configuration
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException naming file:line and the field when it is not a valid configuration
   */
  public static KubeRbacProxyConfig load(Path file) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw new IllegalArgumentException(file + ": larger than " + MAX_BYTES + " bytes");
    }
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Parses kube-rbac-proxy's configuration from text.
   *
   * @param yaml the YAML
   * @param source a name for error messages
   * @return the configuration
   * @throws IllegalArgumentException naming source:line and the field when it is not a valid configuration
   */
  public static KubeRbacProxyConfig parse(String yaml, String source) {
    List<Node> docs = new ArrayList<>();
    try {
      LoaderOptions settings = new LoaderOptions();
      settings.setAllowDuplicateKeys(false);
      settings.setMaxAliasesForCollections(10);
      settings.setCodePointLimit(MAX_BYTES);
      for (Node n : new Yaml(settings).composeAll(new StringReader(yaml))) {
        docs.add(n);
      }
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark();
      throw new IllegalArgumentException(source + ":" + (m == null ? 0 : m.getLine() + 1) + ":"
          + (m == null ? 0 : m.getColumn() + 1) + ": not valid YAML: " + e.getProblem());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage());
    }
    if (docs.size() != 1) {
      throw new IllegalArgumentException(source + ": expected one YAML document with an 'authorization' key, found "
          + docs.size());
    }
    Map<String, Node> top = keys(map(docs.get(0), source, ""), source, "", "authorization");
    Node authz = top.get("authorization");
    if (authz == null || isNull(authz)) {
      return new KubeRbacProxyConfig(null, null, List.of());
    }
    Map<String, Node> a = keys(map(authz, source, "authorization"), source, "authorization", "resourceAttributes",
        "rewrites", "static");
    ResourceAttributes ra = null;
    Node raNode = a.get("resourceAttributes");
    if (raNode != null && !isNull(raNode)) {
      String at = "authorization.resourceAttributes";
      Map<String, Node> r = keys(map(raNode, source, at), source, at, "namespace", "apiGroup", "apiVersion",
          "resource", "subresource", "name", "verb");
      ra = new ResourceAttributes(str(r, "namespace", source, at), str(r, "apiGroup", source, at),
          str(r, "apiVersion", source, at), str(r, "resource", source, at), str(r, "subresource", source, at),
          str(r, "name", source, at), str(r, "verb", source, at));
    }
    Rewrites rw = null;
    Node rwNode = a.get("rewrites");
    if (rwNode != null && !isNull(rwNode)) {
      String at = "authorization.rewrites";
      Map<String, Node> w = keys(map(rwNode, source, at), source, at, "byQueryParameter", "byHttpHeader",
          "insecurePassthrough");
      if (w.get("insecurePassthrough") != null) {
        throw error(source, w.get("insecurePassthrough"), at + ".insecurePassthrough",
            "not supported: it skips authorization");
      }
      rw = new Rewrites(named(w.get("byQueryParameter"), source, at + ".byQueryParameter"),
          named(w.get("byHttpHeader"), source, at + ".byHttpHeader"));
      if (ra == null) {
        throw error(source, rwNode, at, "rewrites need resourceAttributes to rewrite");
      }
    }
    if (ra != null) {
      for (String t : ra.templated()) {
        try {
          ValueTemplate.compile(t, rw != null);
        } catch (IllegalArgumentException e) {
          throw error(source, raNode, "authorization.resourceAttributes", e.getMessage());
        }
      }
    }
    List<StaticRule> statics = new ArrayList<>();
    Node s = a.get("static");
    if (s != null && !isNull(s)) {
      if (!(s instanceof SequenceNode list)) {
        throw error(source, s, "authorization.static", "must be a list");
      }
      int i = 0;
      for (Node item : list.getValue()) {
        String at = "authorization.static[" + i++ + "]";
        Map<String, Node> m = keys(map(item, source, at), source, at, "user", "verb", "namespace", "apiGroup",
            "resource", "subresource", "name", "resourceRequest", "path");
        String user = "";
        List<String> groups = List.of();
        if (m.get("user") != null && !isNull(m.get("user"))) {
          Map<String, Node> u = keys(map(m.get("user"), source, at + ".user"), source, at + ".user", "name", "groups");
          user = str(u, "name", source, at + ".user");
          groups = strings(u.get("groups"), source, at + ".user.groups");
        }
        boolean rr = bool(m.get("resourceRequest"), source, at + ".resourceRequest");
        try {
          statics.add(new StaticRule(user, groups, str(m, "verb", source, at), str(m, "namespace", source, at),
              str(m, "apiGroup", source, at), str(m, "resource", source, at), str(m, "subresource", source, at),
              str(m, "name", source, at), rr, str(m, "path", source, at)));
        } catch (IllegalArgumentException e) {
          throw error(source, item, at, e.getMessage());
        }
      }
    }
    return new KubeRbacProxyConfig(ra, rw, statics);
  }

  private static final int MAX_BYTES = 1 << 20;

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static boolean isNull(Node n) {
    return n instanceof ScalarNode sc && Tag.NULL.equals(sc.getTag());
  }

  private static MappingNode map(Node n, String source, String at) {
    if (n instanceof MappingNode m) {
      return m;
    }
    throw error(source, n, at, "must be a mapping");
  }

  /** The entries under their canonical names; keys match case-insensitively (Go's encoding/json), unknown keys fail. */
  private static Map<String, Node> keys(MappingNode m, String source, String at, String... known) {
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      Node k = t.getKeyNode();
      String key = k instanceof ScalarNode sc ? sc.getValue() : "";
      String canonical = null;
      for (String c : known) {
        if (c.toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
          canonical = c;
        }
      }
      String here = at.isEmpty() ? key : at + "." + key;
      if (canonical == null) {
        throw error(source, k, here, "unknown key (known here: " + String.join(", ", known) + ")");
      }
      if (out.put(canonical, t.getValueNode()) != null) {
        throw error(source, k, here, "given twice");
      }
    }
    return out;
  }

  private static String str(Map<String, Node> m, String key, String source, String at) {
    Node n = m.get(key);
    if (n == null || isNull(n)) {
      return "";
    }
    if (n instanceof ScalarNode sc && Tag.STR.equals(sc.getTag())) {
      return sc.getValue();
    }
    throw error(source, n, at + "." + key, "must be a string");
  }

  private static String named(Node n, String source, String at) {
    if (n == null || isNull(n)) {
      return "";
    }
    return str(keys(map(n, source, at), source, at, "name"), "name", source, at);
  }

  private static List<String> strings(Node n, String source, String at) {
    if (n == null || isNull(n)) {
      return List.of();
    }
    if (!(n instanceof SequenceNode list)) {
      throw error(source, n, at, "must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (Node i : list.getValue()) {
      if (!(i instanceof ScalarNode sc) || !Tag.STR.equals(sc.getTag())) {
        throw error(source, i, at, "must be a list of strings");
      }
      out.add(sc.getValue());
    }
    return out;
  }

  private static boolean bool(Node n, String source, String at) {
    if (n == null || isNull(n)) {
      return false;
    }
    if (n instanceof ScalarNode sc && Tag.BOOL.equals(sc.getTag())) {
      return Boolean.parseBoolean(sc.getValue().toLowerCase(Locale.ROOT));
    }
    throw error(source, n, at, "must be true or false");
  }

  private static IllegalArgumentException error(String source, Node n, String at, String message) {
    Mark m = n.getStartMark();
    return new IllegalArgumentException(source + ":" + (m == null ? 0 : m.getLine() + 1) + ":"
        + (m == null ? 0 : m.getColumn() + 1) + ": " + (at.isEmpty() ? "" : at + ": ") + message);
  }

}
