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
package dev.kserveauth.authz;

import dev.kserveauth.internal.config.BoundedFiles;
import dev.kserveauth.internal.config.YamlDoc;
import dev.kserveauth.policy.PolicyException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads Istio MeshConfig {@code extensionProviders} entries of kind {@code envoyExtAuthzHttp}
 * (<a href="https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-ExtensionProvider">MeshConfig
 * reference</a>) from the YAML users keep: a mesh config, an {@code IstioOperator}
 * ({@code spec.meshConfig}), Helm values ({@code meshConfig}) or the {@code istio} ConfigMap
 * ({@code data.mesh}, itself YAML). Every error names {@code file:line} and the field.
 */
final class MeshConfigReader {

  private static final Set<String> HTTP_KEYS = Set.of("service", "port", "pathPrefix", "timeout", "failOpen",
      "statusOnError", "includeRequestHeadersInCheck", "includeAdditionalHeadersInCheck", "includeRequestBodyInCheck",
      "headersToUpstreamOnAllow", "headersToDownstreamOnAllow", "headersToDownstreamOnDeny",
      "includeHeadersInCheck"); // deprecated name of includeRequestHeadersInCheck
  private static final Set<String> BODY_KEYS = Set.of("maxRequestBytes", "allowPartialMessage", "packAsBytes");
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private MeshConfigReader() {}

  /** Reads a file (at most 2 MiB, a regular file). */
  public static List<EnvoyExtAuthzHttp.Settings> load(Path file) {
    String text;
    try {
      text = BoundedFiles.readText(file);
    } catch (IOException | RuntimeException e) {
      throw new PolicyException(file.getFileName() + ":1", "cannot read mesh config: " + e.getMessage(), e);
    }
    return parse(text, String.valueOf(file.getFileName()));
  }

  /** Reads YAML text (multi-document: every document is looked at). */
  public static List<EnvoyExtAuthzHttp.Settings> parse(String yaml, String source) {
    List<EnvoyExtAuthzHttp.Settings> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (YamlDoc doc : YamlDoc.parseAll(yaml, source, PolicyException::new)) {
      Node providers = providers(doc);
      if (providers != null) {
        read(doc, providers, out, names);
      }
    }
    return out;
  }

  /** The {@code extensionProviders} node of a document in any of the accepted shapes, or null. */
  private static Node providers(YamlDoc doc) {
    Map<String, Node> top = doc.map(doc.root(), "document", "mesh config: ");
    if (top.containsKey("extensionProviders")) {
      return top.get("extensionProviders");
    }
    Node mesh = top.get("meshConfig");
    if (mesh == null && top.get("spec") != null && !YamlDoc.isNull(top.get("spec"))) {
      mesh = doc.map(top.get("spec"), "spec", "mesh config: ").get("meshConfig");
    }
    if (mesh != null && !YamlDoc.isNull(mesh)) {
      return doc.map(mesh, "meshConfig", "mesh config: ").get("extensionProviders");
    }
    Node data = top.get("data");
    if (data != null && !YamlDoc.isNull(data)) {
      Node m = doc.map(data, "data", "mesh config: ").get("mesh");
      if (m != null && !YamlDoc.isNull(m)) {
        // the ConfigMap's mesh key holds YAML text; its lines count from the key's line
        String text = doc.scalar(m, "data.mesh", "mesh config: ");
        int offset = m.getStartMark().getLine() + 1;
        String padded = "\n".repeat(offset) + text;
        for (YamlDoc inner : YamlDoc.parseAll(padded, doc.file(), PolicyException::new)) {
          Node p = doc.map(inner.root(), "data.mesh", "mesh config: ").get("extensionProviders");
          if (p != null) {
            return p; // same file name, lines padded: messages name the ConfigMap's own lines
          }
        }
      }
    }
    return null;
  }

  private static void read(YamlDoc doc, Node providers, List<EnvoyExtAuthzHttp.Settings> out, Set<String> names) {
    if (YamlDoc.isNull(providers)) {
      return;
    }
    List<Node> items = doc.list(providers, "extensionProviders", "mesh config: ");
    for (int i = 0; i < items.size(); i++) {
      String path = "extensionProviders[" + i + "]";
      Map<String, Node> entry = doc.map(items.get(i), path, "mesh config: ");
      Node nameNode = entry.get("name");
      if (YamlDoc.isNull(nameNode)) {
        throw new PolicyException(doc.at(items.get(i)), "mesh config: " + path + ".name is required");
      }
      String name = doc.scalar(nameNode, path + ".name", "mesh config: ").trim();
      if (name.isEmpty()) {
        throw new PolicyException(doc.at(nameNode), "mesh config: " + path + ".name must not be empty");
      }
      if (!names.add(name)) {
        throw new PolicyException(doc.at(nameNode), "mesh config: " + path + ": duplicate provider name '" + name + "'");
      }
      Node http = entry.get("envoyExtAuthzHttp");
      if (http == null || YamlDoc.isNull(http)) {
        continue; // another kind (envoyExtAuthzGrpc, tracing, logging): not an HTTP authorizer
      }
      out.add(http(doc, http, name, path + ".envoyExtAuthzHttp"));
    }
  }

  private static EnvoyExtAuthzHttp.Settings http(YamlDoc doc, Node n, String name, String path) {
    String err = "mesh config: provider " + name + ": ";
    Map<String, Node> m = doc.map(n, path, err);
    for (Map.Entry<String, Node> e : m.entrySet()) {
      if (!HTTP_KEYS.contains(e.getKey())) {
        throw new PolicyException(doc.at(e.getValue()), err + path + ": unknown field '" + e.getKey() + "'");
      }
    }
    Node svc = m.get("service");
    if (YamlDoc.isNull(svc)) {
      throw new PolicyException(doc.at(n), err + path + ".service is required");
    }
    String service = doc.scalar(svc, path + ".service", err).trim();
    if (service.isEmpty() || service.contains(":") || service.contains("?") || service.contains("#")
        || service.contains("@") || service.chars().anyMatch(Character::isWhitespace)) {
      throw new PolicyException(doc.at(svc), err + path + ".service: expected a host name such as "
          + "oauth2-proxy.oauth2-proxy.svc.cluster.local");
    }
    Node portNode = m.get("port");
    if (YamlDoc.isNull(portNode)) {
      throw new PolicyException(doc.at(n), err + path + ".port is required");
    }
    int port = integer(doc, portNode, path + ".port", err, 1, 65535);
    String prefix = YamlDoc.isNull(m.get("pathPrefix")) ? "" : doc.scalar(m.get("pathPrefix"), path + ".pathPrefix", err);
    if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.contains("?") || prefix.contains("#")
        || prefix.chars().anyMatch(c -> c <= ' '))) {
      throw new PolicyException(doc.at(m.get("pathPrefix")), err + path
          + ".pathPrefix: must start with '/' and hold no query, fragment or whitespace");
    }
    Duration timeout = YamlDoc.isNull(m.get("timeout")) ? null : duration(doc, m.get("timeout"), path + ".timeout", err);
    boolean failOpen = bool(doc, m.get("failOpen"), path + ".failOpen", err);
    int statusOnError = YamlDoc.isNull(m.get("statusOnError")) ? 403
        : integer(doc, m.get("statusOnError"), path + ".statusOnError", err, 100, 599);
    if (!YamlDoc.isNull(m.get("includeHeadersInCheck")) && !YamlDoc.isNull(m.get("includeRequestHeadersInCheck"))) {
      throw new PolicyException(doc.at(m.get("includeHeadersInCheck")), err + path
          + ": set includeRequestHeadersInCheck only (includeHeadersInCheck is its deprecated name)");
    }
    List<String> inHeaders = strings(doc, m.containsKey("includeRequestHeadersInCheck")
        ? m.get("includeRequestHeadersInCheck") : m.get("includeHeadersInCheck"), path + ".includeRequestHeadersInCheck", err);
    Map<String, String> additional = new LinkedHashMap<>();
    Node add = m.get("includeAdditionalHeadersInCheck");
    if (!YamlDoc.isNull(add)) {
      for (Map.Entry<String, Node> e : doc.map(add, path + ".includeAdditionalHeadersInCheck", err).entrySet()) {
        String k = e.getKey();
        String v = doc.scalar(e.getValue(), path + ".includeAdditionalHeadersInCheck." + k, err);
        if (!token(k) || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
          throw new PolicyException(doc.at(e.getValue()), err + path + ".includeAdditionalHeadersInCheck." + k
              + ": not a valid header");
        }
        additional.put(k, v);
      }
    }
    EnvoyExtAuthzHttp.BodySettings body = null;
    Node b = m.get("includeRequestBodyInCheck");
    if (!YamlDoc.isNull(b)) {
      Map<String, Node> bm = doc.map(b, path + ".includeRequestBodyInCheck", err);
      for (Map.Entry<String, Node> e : bm.entrySet()) {
        if (!BODY_KEYS.contains(e.getKey())) {
          throw new PolicyException(doc.at(e.getValue()), err + path + ".includeRequestBodyInCheck: unknown field '"
              + e.getKey() + "'");
        }
      }
      int max = YamlDoc.isNull(bm.get("maxRequestBytes")) ? 0
          : integer(doc, bm.get("maxRequestBytes"), path + ".includeRequestBodyInCheck.maxRequestBytes", err, 0,
              Integer.MAX_VALUE);
      body = new EnvoyExtAuthzHttp.BodySettings(max,
          bool(doc, bm.get("allowPartialMessage"), path + ".includeRequestBodyInCheck.allowPartialMessage", err),
          bool(doc, bm.get("packAsBytes"), path + ".includeRequestBodyInCheck.packAsBytes", err));
    }
    return new EnvoyExtAuthzHttp.Settings(name, service, port, prefix, timeout, failOpen, statusOnError, inHeaders,
        additional, body, strings(doc, m.get("headersToUpstreamOnAllow"), path + ".headersToUpstreamOnAllow", err),
        strings(doc, m.get("headersToDownstreamOnAllow"), path + ".headersToDownstreamOnAllow", err),
        strings(doc, m.get("headersToDownstreamOnDeny"), path + ".headersToDownstreamOnDeny", err));
  }

  private static List<String> strings(YamlDoc doc, Node n, String path, String err) {
    if (YamlDoc.isNull(n)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    List<Node> items = doc.list(n, path, err);
    for (int i = 0; i < items.size(); i++) {
      String v = doc.scalar(items.get(i), path + "[" + i + "]", err).trim();
      String bare = v.startsWith("*") ? v.substring(1) : v.endsWith("*") ? v.substring(0, v.length() - 1) : v;
      if (v.isEmpty() || !bare.isEmpty() && !token(bare)) {
        throw new PolicyException(doc.at(items.get(i)), err + path + "[" + i + "]: expected a header name, "
            + "prefix* or *suffix");
      }
      out.add(v);
    }
    return out;
  }

  private static int integer(YamlDoc doc, Node n, String path, String err, int min, int max) {
    String s = doc.scalar(n, path, err).trim();
    try {
      long v = Long.parseLong(s);
      if (v < min || v > max) {
        throw new PolicyException(doc.at(n), err + path + ": must be " + min + "-" + max + ", was " + s);
      }
      return (int) v;
    } catch (NumberFormatException e) {
      throw new PolicyException(doc.at(n), err + path + ": expected an integer, was '" + s + "'");
    }
  }

  private static boolean bool(YamlDoc doc, Node n, String path, String err) {
    if (YamlDoc.isNull(n)) {
      return false;
    }
    String s = doc.scalar(n, path, err).trim();
    if (s.equals("true") || s.equals("false")) {
      return s.equals("true");
    }
    throw new PolicyException(doc.at(n), err + path + ": expected true or false, was '" + s + "'");
  }

  /** A protobuf duration as YAML writes it ({@code 10s}, {@code 0.5s}); {@code ms}, {@code m}, {@code h} too. */
  private static Duration duration(YamlDoc doc, Node n, String path, String err) {
    String s = doc.scalar(n, path, err).trim();
    Matcher mt = DURATION.matcher(s);
    if (!mt.matches()) {
      throw new PolicyException(doc.at(n), err + path + ": expected a duration such as 10s or 0.5s, was '" + s + "'");
    }
    double v = Double.parseDouble(mt.group(1));
    double nanos = v * switch (mt.group(2)) {
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "m" -> 60e9;
      default -> 3600e9;
    };
    if (nanos < 1e6) {
      throw new PolicyException(doc.at(n), err + path + ": must be at least 1ms, was '" + s + "'");
    }
    return Duration.ofNanos((long) nanos);
  }

  private static boolean token(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
        return false;
      }
    }
    return true;
  }
}
