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
package dev.kserveauth.authn;

import dev.kserveauth.internal.config.BoundedFiles;
import com.fasterxml.jackson.core.JsonToken;
import dev.kserveauth.authn.YamlTree.ListNode;
import dev.kserveauth.authn.YamlTree.MapNode;
import dev.kserveauth.authn.YamlTree.Node;
import dev.kserveauth.authn.YamlTree.ScalarNode;
import dev.kserveauth.internal.keys.KubernetesHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code jwtRules} from Istio {@code RequestAuthentication} documents
 * ({@code security.istio.io/v1}, {@code v1beta1}) and from kserve-auth {@code IssuerConfig} documents
 * ({@code kserve-auth/v1}). Unknown keys are errors; every error names file:line:column and the field.
 * {@code AuthorizationPolicy} documents and other kserve-auth kinds in the same file are skipped
 * (they belong to the policy loader).
 */
final class JwtRulesReader {
  private static final Set<String> ISTIO_VERSIONS = Set.of("security.istio.io/v1", "security.istio.io/v1beta1");
  private static final String OUR_VERSION = "kserve-auth/v1";
  private static final Set<String> KNOWN_ALGS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
      "ES256", "ES384", "ES512", "EdDSA", "HS256", "HS384", "HS512");
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private final String file;
  private final Path baseDir;
  private final Function<String, String> env;

  /**
   * @param file the name used in messages
   * @param baseDir directory relative file references are resolved against
   * @param env environment lookup for {@code hmacSecret.env}
   */
  public JwtRulesReader(String file, Path baseDir, Function<String, String> env) {
    this.file = file;
    this.baseDir = baseDir;
    this.env = env;
  }

  /** Every rule of every relevant document of the text. */
  public List<JwtRule> read(String yaml) {
    List<JwtRule> rules = new ArrayList<>();
    for (Node doc : YamlTree.parseAll(yaml, file)) {
      MapNode top = map(doc);
      String apiVersion = optString(top, "apiVersion");
      String kind = optString(top, "kind");
      if (apiVersion == null || kind == null) {
        throw error(top, "a document needs 'apiVersion' and 'kind'");
      }
      if (ISTIO_VERSIONS.contains(apiVersion) && kind.equals("RequestAuthentication")) {
        allowOnly(top, "apiVersion", "kind", "metadata", "spec");
        MapNode spec = map(required(top, "spec"));
        allowOnly(spec, "selector", "targetRef", "targetRefs", "jwtRules");
        boolean requireExp = requireExpirationAnnotation(top);
        Node jr = spec.entries().get("jwtRules");
        if (jr != null) {
          for (Node item : list(jr).items()) {
            JwtRule rule = istioRule(map(item));
            rules.add(requireExp ? rule : withRequireExpiration(rule, false));
          }
        }
      } else if (apiVersion.equals(OUR_VERSION) && kind.equals("IssuerConfig")) {
        allowOnly(top, "apiVersion", "kind", "metadata", "spec");
        MapNode spec = map(required(top, "spec"));
        allowOnly(spec, "issuers");
        for (Node item : list(required(spec, "issuers")).items()) {
          rules.add(ourRule(map(item)));
        }
      } else if (ISTIO_VERSIONS.contains(apiVersion) && kind.equals("AuthorizationPolicy")
          || apiVersion.equals(OUR_VERSION)) {
        continue; // authorization documents: read by the policy loader
      } else {
        throw error(top.entries().get("kind"), "unsupported document " + apiVersion + "/" + kind
            + " (expected security.istio.io/v1 RequestAuthentication or kserve-auth/v1 IssuerConfig)");
      }
    }
    return rules;
  }

  /**
   * The annotation that lets the rules of one RequestAuthentication accept tokens without {@code exp}
   * (Istio's behaviour) without a field Istio would refuse: {@code kserve-auth/require-expiration: "false"}.
   */
  public static final String REQUIRE_EXPIRATION_ANNOTATION = "kserve-auth/require-expiration";

  private boolean requireExpirationAnnotation(MapNode top) {
    Node meta = top.entries().get("metadata");
    if (!(meta instanceof MapNode m) || !(m.entries().get("annotations") instanceof MapNode ann)) {
      return true;
    }
    Node v = ann.entries().get(REQUIRE_EXPIRATION_ANNOTATION);
    if (v == null) {
      return true;
    }
    String text = v instanceof ScalarNode sc && sc.text() != null ? sc.text().strip().toLowerCase(Locale.ROOT) : "";
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw error(v, "annotation " + REQUIRE_EXPIRATION_ANNOTATION + " must be \"true\" or \"false\"");
    };
  }

  private static JwtRule withRequireExpiration(JwtRule r, boolean require) {
    return new JwtRule(r.issuer(), r.audiences(), r.keys(), r.fromHeaders(), r.fromParams(), r.fromCookies(),
        r.outputClaimToHeaders(), r.outputPayloadToHeader(), r.forwardOriginalToken(), r.timeout(),
        r.validation().withRequireExpiration(require), r.origin());
  }

  private static final String[] RULE_COMMON = {"issuer", "audiences", "jwksUri", "jwks", "fromHeaders", "fromParams",
      "fromCookies", "outputPayloadToHeader", "outputClaimToHeaders", "forwardOriginalToken", "timeout",
      "spaceDelimitedClaims"};

  private JwtRule istioRule(MapNode r) {
    allowOnly(r, RULE_COMMON);
    JwtRuleBuilder b = common(r, requiredString(r, "issuer"));
    String jwksUri = optString(r, "jwksUri");
    String jwks = optString(r, "jwks");
    if (jwksUri != null && jwks != null) {
      throw error(r.entries().get("jwks"), "'jwksUri' and 'jwks' are mutually exclusive");
    }
    if (jwksUri != null) {
      b.jwksUri(url(r.entries().get("jwksUri"), jwksUri));
    } else if (jwks != null) {
      b.jwks(jwks);
    } else {
      b.discovery();
    }
    b.validation(new JwtRule.Validation(Set.of(), null, null, List.of(), null, false, false,
        strings(r, "spaceDelimitedClaims")));
    return b.build();
  }

  private JwtRule ourRule(MapNode r) {
    List<String> allowed = new ArrayList<>(List.of(RULE_COMMON));
    allowed.addAll(List.of("discovery", "discoveryUrl", "jwksFile", "publicKeys", "publicKeyFiles", "hmacSecret",
        "kubernetes", "algorithms", "clockSkew", "maxLifetime", "types", "roleClaims", "rolePrefix",
        "cognitoClientId", "allowLegacyKubernetesTokens", "requireExpiration"));
    allowOnly(r, allowed.toArray(String[]::new));
    Node k8s = r.entries().get("kubernetes");
    String issuer = optString(r, "issuer");
    if (issuer == null) {
      if (k8s == null) {
        throw error(r, "missing required key 'issuer'");
      }
      issuer = KubernetesHttp.DEFAULT_ISSUER;
    }
    JwtRuleBuilder b = common(r, issuer);
    List<String> keyFields = new ArrayList<>();
    for (String f : List.of("jwksUri", "jwks", "jwksFile", "discovery", "discoveryUrl", "publicKeys", "publicKeyFiles",
        "hmacSecret", "kubernetes")) {
      if (r.entries().containsKey(f)) {
        keyFields.add(f);
      }
    }
    if (keyFields.size() > 1) {
      throw error(r.entries().get(keyFields.get(1)), "only one key source per issuer, found " + keyFields);
    }
    String keyField = keyFields.isEmpty() ? "discovery" : keyFields.get(0);
    Node kn = r.entries().get(keyField);
    switch (keyField) {
      case "jwksUri" -> b.jwksUri(url(kn, string(kn)));
      case "jwks" -> b.jwks(string(kn));
      case "jwksFile" -> b.jwks(readFile(kn, string(kn)));
      case "discovery" -> {
        if (kn != null && !bool(kn)) {
          throw error(kn, "'discovery: false' needs another key source (jwksUri, jwks, publicKeys, hmacSecret, kubernetes)");
        }
        b.discovery();
      }
      case "discoveryUrl" -> b.discovery(url(kn, string(kn)));
      case "publicKeys" -> b.pem(stringList(kn).toArray(String[]::new));
      case "publicKeyFiles" -> b.pem(stringList(kn).stream().map(f -> readFile(kn, f)).toArray(String[]::new));
      case "hmacSecret" -> hmac(b, map(kn));
      case "kubernetes" -> kubernetes(b, kn);
      default -> throw new IllegalStateException(keyField);
    }
    Set<String> algs = new LinkedHashSet<>();
    Node an = r.entries().get("algorithms");
    if (an != null) {
      for (Node a : list(an).items()) {
        String alg = string(a);
        if (!KNOWN_ALGS.contains(alg)) {
          throw error(a, "unknown algorithm '" + alg + "' (allowed: " + new java.util.TreeSet<>(KNOWN_ALGS) + "; 'none' is never accepted)");
        }
        algs.add(alg);
      }
    }
    RoleMapping roles = null;
    Node rc = r.entries().get("roleClaims");
    if (rc != null) {
      roles = RoleMapping.of(rolePaths(rc));
    }
    String prefix = optString(r, "rolePrefix");
    if (prefix != null) {
      roles = (roles == null ? RoleMapping.defaults() : roles).withPrefix(prefix);
    }
    Duration skew = optDuration(r, "clockSkew");
    if (skew != null && skew.compareTo(Duration.ofMinutes(5)) > 0) {
      throw error(r.entries().get("clockSkew"), "clockSkew above 5m is not allowed");
    }
    b.validation(new JwtRule.Validation(algs, skew, optDuration(r, "maxLifetime"), strings(r, "types"), roles,
        optBool(r, "cognitoClientId"), optBool(r, "allowLegacyKubernetesTokens"), strings(r, "spaceDelimitedClaims"),
        !r.entries().containsKey("requireExpiration") || bool(r.entries().get("requireExpiration"))));
    return b.build();
  }

  /**
   * {@code roleClaims} items: {@code realm_access.roles} (dotted); a name with a {@code /} such as
   * {@code https://example.com/roles} is one key (Auth0 namespaced claims; as in the compact policy
   * format's {@code roleClaims}); a list of literal keys such as {@code [resource_access, my.client, roles]}
   * for keys that contain dots.
   */
  private List<List<String>> rolePaths(Node rc) {
    List<List<String>> paths = new ArrayList<>();
    for (Node item : list(rc).items()) {
      List<String> path;
      if (item instanceof ListNode keys) {
        path = stringList(keys);
      } else {
        String p = string(item);
        path = p.contains("/") ? List.of(p) : List.of(p.split("\\.", -1));
      }
      if (path.isEmpty() || path.stream().anyMatch(String::isEmpty)) {
        throw error(item, "a role claim path needs non-empty keys (write a key with dots as a list: [a, b.c, d])");
      }
      paths.add(path);
    }
    return paths;
  }

  private void hmac(JwtRuleBuilder b, MapNode h) {
    allowOnly(h, "env", "file", "kid");
    String envName = optString(h, "env");
    String fileName = optString(h, "file");
    if ((envName == null) == (fileName == null)) {
      throw error(h, "hmacSecret needs exactly one of 'env' or 'file' (secrets are never written inline)");
    }
    String value;
    String ref;
    if (envName != null) {
      value = env.apply(envName);
      ref = "env " + envName;
      if (value == null || value.isEmpty()) {
        throw error(h.entries().get("env"), "environment variable " + envName + " is not set");
      }
    } else {
      value = readFile(h.entries().get("file"), fileName).strip();
      ref = "file " + fileName;
    }
    byte[] secret = value.getBytes(StandardCharsets.UTF_8);
    if (secret.length < 32) {
      throw error(h, "HMAC secret from " + ref + " is " + secret.length + " bytes; at least 32 are required");
    }
    b.hmacSecret(optString(h, "kid"), secret, ref);
  }

  private void kubernetes(JwtRuleBuilder b, Node kn) {
    if (kn instanceof ScalarNode s) {
      if (!bool(s)) {
        throw error(s, "'kubernetes: false' is not a key source");
      }
      b.kubernetes();
      return;
    }
    MapNode m = map(kn);
    allowOnly(m, "apiServer", "caFile", "tokenFile");
    String api = optString(m, "apiServer");
    if (api != null) {
      url(m.entries().get("apiServer"), api);
    }
    String ca = optString(m, "caFile");
    String token = optString(m, "tokenFile");
    b.kubernetes(api, ca == null ? null : resolve(ca), token == null ? null : resolve(token));
  }

  private JwtRuleBuilder common(MapNode r, String issuer) {
    JwtRuleBuilder b = JwtRule.builder(issuer).origin(file + ":" + r.line());
    b.audiences(strings(r, "audiences").toArray(String[]::new));
    Node fh = r.entries().get("fromHeaders");
    if (fh != null) {
      for (Node h : list(fh).items()) {
        MapNode hm = map(h);
        allowOnly(hm, "name", "prefix");
        String name = requiredString(hm, "name");
        if (name.isBlank()) {
          throw error(hm.entries().get("name"), "header name must not be empty");
        }
        String prefix = optString(hm, "prefix");
        b.fromHeader(name, prefix == null ? "" : prefix);
      }
    }
    strings(r, "fromParams").forEach(b::fromParam);
    strings(r, "fromCookies").forEach(b::fromCookie);
    String payload = optString(r, "outputPayloadToHeader");
    if (payload != null) {
      b.outputPayloadToHeader(header(r.entries().get("outputPayloadToHeader"), payload));
    }
    Node oc = r.entries().get("outputClaimToHeaders");
    if (oc != null) {
      for (Node c : list(oc).items()) {
        MapNode cm = map(c);
        allowOnly(cm, "header", "claim");
        b.outputClaimToHeader(header(cm.entries().get("header"), requiredString(cm, "header")), requiredString(cm, "claim"));
      }
    }
    b.forwardOriginalToken(optBool(r, "forwardOriginalToken"));
    Duration timeout = optDuration(r, "timeout");
    if (timeout != null) {
      if (timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
        throw error(r.entries().get("timeout"), "timeout must be between 1ms and 60s");
      }
      b.timeout(timeout);
    }
    return b;
  }

  private String header(Node n, String name) {
    if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
      throw error(n, "'" + name + "' is not a valid header name");
    }
    return name;
  }

  private String url(Node n, String value) {
    if (okhttp3.HttpUrl.parse(value) == null) {
      throw error(n, "'" + value + "' is not an http(s) URL");
    }
    return value;
  }

  private Path resolve(String f) {
    Path p = Path.of(f);
    return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
  }

  private String readFile(Node n, String f) {
    Path p = resolve(f);
    try {
      return BoundedFiles.readText(p); // regular file, bounded: a FIFO never blocks the loader
    } catch (IOException e) {
      String why = e instanceof BoundedFiles.UnreadableFileException ? e.getMessage() : e.getClass().getSimpleName();
      throw error(n, "cannot read file " + f + " (" + why + ")");
    }
  }

  // ---- typed access ----

  private JwtConfigException error(Node n, String problem) {
    return new JwtConfigException(file, n == null ? 0 : n.line(), n == null ? 0 : n.column(), n == null ? "" : n.path(), problem);
  }

  private MapNode map(Node n) {
    if (n instanceof MapNode m) {
      return m;
    }
    throw error(n, "must be a mapping");
  }

  private ListNode list(Node n) {
    if (n instanceof ListNode l) {
      return l;
    }
    throw error(n, "must be a list");
  }

  private String string(Node n) {
    if (n instanceof ScalarNode s && s.text() != null && s.token() == JsonToken.VALUE_STRING) {
      return s.text();
    }
    throw error(n, "must be a string");
  }

  private boolean bool(Node n) {
    if (n instanceof ScalarNode s && (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE)) {
      return s.token() == JsonToken.VALUE_TRUE;
    }
    throw error(n, "must be true or false");
  }

  private Node required(MapNode m, String key) {
    Node n = m.entries().get(key);
    if (n == null || n instanceof ScalarNode s && s.text() == null) {
      throw error(m, "missing required key '" + key + "'");
    }
    return n;
  }

  private String requiredString(MapNode m, String key) {
    return string(required(m, key));
  }

  private String optString(MapNode m, String key) {
    Node n = m.entries().get(key);
    return n == null || n instanceof ScalarNode s && s.text() == null ? null : string(n);
  }

  private boolean optBool(MapNode m, String key) {
    Node n = m.entries().get(key);
    return n != null && bool(n);
  }

  private List<String> stringList(Node n) {
    List<String> out = new ArrayList<>();
    for (Node i : list(n).items()) {
      out.add(string(i));
    }
    return out;
  }

  private List<String> strings(MapNode m, String key) {
    Node n = m.entries().get(key);
    return n == null ? List.of() : stringList(n);
  }

  private Duration optDuration(MapNode m, String key) {
    Node n = m.entries().get(key);
    if (n == null) {
      return null;
    }
    String s = n instanceof ScalarNode sc && sc.text() != null ? sc.text().strip() : string(n);
    Matcher mt = DURATION.matcher(s.toLowerCase(Locale.ROOT));
    if (!mt.matches()) {
      throw error(n, "'" + s + "' is not a duration (e.g. 500ms, 5s, 1.5s, 2m, 1h)");
    }
    double v = Double.parseDouble(mt.group(1));
    double ms = switch (mt.group(2)) {
      case "ms" -> v;
      case "s" -> v * 1000;
      case "m" -> v * 60_000;
      default -> v * 3_600_000;
    };
    return Duration.ofMillis(Math.round(ms));
  }

  private void allowOnly(MapNode m, String... keys) {
    Set<String> ok = Set.of(keys);
    for (Map.Entry<String, Node> e : m.entries().entrySet()) {
      if (!ok.contains(e.getKey())) {
        int[] pos = m.keyPositions().get(e.getKey());
        throw new JwtConfigException(file, pos[0], pos[1], m.path(), "unknown key '" + e.getKey() + "' (allowed: " + String.join(", ", keys) + ")");
      }
    }
  }
}
