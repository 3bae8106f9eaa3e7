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

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A verified caller: who issued the token, who it names, for whom it is meant, every claim, and
 * the roles and permissions read from it. Immutable and thread-safe; the claim map and every map
 * or list inside it are unmodifiable.
 *
 * <pre>{@code
 * Principal p = validator.verify(token);
 * p.subject();                                  // "user123"
 * p.hasRole("data-scientist");                  // from role/roles/groups/realm_access.roles/...
 * p.claim("realm_access", "roles");             // Optional[[admin, data-scientist]]
 * p.claimPath("https://example.com/team");      // a dotted key is looked up whole first
 * }</pre>
 *
 * @since 0.1
 * @param issuer the verified {@code iss}
 * @param subject the {@code sub}, or {@code ""} when the token has none
 * @param audiences the {@code aud} values (a single string becomes a one-element list)
 * @param claims every claim of the verified payload
 * @param roles roles read from the configured claim paths
 * @param permissions permissions read from {@code permissions}, {@code scope} and {@code scp}
 * @param expiresAt the {@code exp}, or {@code null} for a token without one (only accepted when configured)
 * @param kubernetes the Kubernetes workload identity, or {@code null}
 */
public record Principal(
    String issuer,
    String subject,
    List<String> audiences,
    Map<String, Object> claims,
    Set<String> roles,
    Set<String> permissions,
    Instant expiresAt,
    KubernetesIdentity kubernetes) implements java.security.Principal {

  /**
   * Copies the collections into unmodifiable ones (claims deeply); a {@code null} subject becomes {@code ""}.
   *
   * @param issuer the verified {@code iss}
   * @param subject the {@code sub}, or {@code ""} when the token has none
   * @param audiences the {@code aud} values (a single string becomes a one-element list)
   * @param claims every claim of the verified payload
   * @param roles roles read from the configured claim paths
   * @param permissions permissions read from {@code permissions}, {@code scope} and {@code scp}
   * @param expiresAt the {@code exp}, or {@code null} for a token without one (only accepted when configured)
   * @param kubernetes the Kubernetes workload identity, or {@code null}
   * @throws NullPointerException if {@code issuer} or a collection is {@code null}
   */
  public Principal {
    Objects.requireNonNull(issuer, "issuer");
    subject = subject == null ? "" : subject;
    audiences = List.copyOf(audiences);
    // claim sets read by the validator are already deeply immutable and held by no one else
    claims = claims instanceof ClaimsReader.FrozenClaims ? claims : deepUnmodifiable(claims);
    roles = OwnedSet.copyOf(roles);
    permissions = OwnedSet.copyOf(permissions);
  }

  /**
   * An unmodifiable insertion-ordered set over a {@code LinkedHashSet} that nobody else holds:
   * {@link #fromClaims} builds its sets into one directly, and the constructor copies any other set,
   * so a verified token's roles are not copied twice on the validation path.
   */
  static final class OwnedSet extends java.util.AbstractSet<String> {
    private final LinkedHashSet<String> set;

    OwnedSet(LinkedHashSet<String> set) {
      this.set = set;
    }

    static Set<String> copyOf(Set<String> s) {
      return s instanceof OwnedSet ? s : new OwnedSet(new LinkedHashSet<>(s));
    }

    @Override
    public boolean contains(Object o) {
      return set.contains(o);
    }

    @Override
    public int size() {
      return set.size();
    }

    @Override
    public java.util.Iterator<String> iterator() {
      return Collections.unmodifiableSet(set).iterator();
    }
  }

  /**
   * Builds a principal from an already verified claim set, with roles read from {@link RoleMapping#defaults()}.
   *
   * @param claims a verified JWT payload (must contain {@code iss})
   * @return the principal
   */
  public static Principal fromClaims(Map<String, Object> claims) {
    return fromClaims(claims, RoleMapping.defaults());
  }

  /**
   * Builds a principal from an already verified claim set.
   *
   * @param claims a verified JWT payload (must contain a string {@code iss})
   * @param roleMapping where roles are read from
   * @return the principal
   * @throws IllegalArgumentException when {@code iss} is missing
   */
  public static Principal fromClaims(Map<String, Object> claims, RoleMapping roleMapping) {
    if (!(claims.get("iss") instanceof String iss)) {
      throw new IllegalArgumentException("claims have no string 'iss'");
    }
    String sub = claims.get("sub") instanceof String s ? s : "";
    List<String> aud = List.copyOf(stringsOf(claims.get("aud")));
    Instant exp = claims.get("exp") instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null;
    LinkedHashSet<String> perms = new LinkedHashSet<>();
    perms.addAll(stringsOf(claims.get("permissions")));
    for (String scopeClaim : SCOPE_CLAIMS) {
      Object v = claims.get(scopeClaim);
      if (v instanceof String s) {
        splitOnWhitespace(s, perms);
      } else if (v != null) {
        perms.addAll(stringsOf(v));
      }
    }
    return new Principal(iss, sub, aud, claims, new OwnedSet(roleMapping.collectRoles(claims)), new OwnedSet(perms),
        exp, KubernetesIdentity.fromClaims(claims));
  }

  private static final String[] SCOPE_CLAIMS = {"scope", "scp"};

  /** The name the servlet container and logs see: the subject. */
  @Override
  public String getName() {
    return subject;
  }

  /**
   * Istio's {@code request.auth.principal}: {@code <iss>/<sub>}.
   *
   * @return the issuer, a slash and the subject
   */
  public String requestPrincipal() {
    return issuer + "/" + subject;
  }

  /**
   * Istio's {@code request.auth.presenter}: the {@code azp} claim, if any.
   *
   * @return the {@code azp} claim when it is a string, else empty
   */
  public Optional<String> presenter() {
    return claims.get("azp") instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /**
   * Whether the principal has this role (after the role mapping's prefix was applied).
   *
   * @param role the role, compared exactly
   * @return {@code true} when {@link #roles()} holds it
   */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /**
   * Whether the principal has this permission.
   *
   * @param permission the permission, compared exactly
   * @return {@code true} when {@link #permissions()} holds it
   */
  public boolean hasPermission(String permission) {
    return permissions.contains(permission);
  }

  /**
   * The claim at a path of explicit segments, e.g. {@code claim("realm_access", "roles")}. Segments
   * are map keys taken literally, so keys containing dots or colons need no escaping.
   *
   * @param segments the keys, outermost first
   * @return the value, or empty when any segment is missing or not an object
   */
  public Optional<Object> claim(String... segments) {
    Object cur = claims;
    for (String seg : segments) {
      if (!(cur instanceof Map<?, ?> m) || !m.containsKey(seg)) {
        return Optional.empty();
      }
      cur = m.get(seg);
    }
    return Optional.ofNullable(cur);
  }

  /**
   * The claim at a dotted path such as {@code realm_access.roles}. At each level the longest key that
   * matches the remaining path wins, so {@code https://example.com/team} and {@code cognito:groups}
   * are found as whole keys and {@code a.b} is found whether it is one key or two levels.
   *
   * @param dottedPath the path
   * @return the value, or empty
   */
  public Optional<Object> claimPath(String dottedPath) {
    return Optional.ofNullable(lookupDotted(claims, dottedPath));
  }

  static Object lookupDotted(Object node, String path) {
    if (!(node instanceof Map<?, ?> m)) {
      return null;
    }
    if (m.containsKey(path)) {
      return m.get(path);
    }
    int dot = path.lastIndexOf('.');
    while (dot > 0) {
      String head = path.substring(0, dot);
      if (m.containsKey(head)) {
        Object found = lookupDotted(m.get(head), path.substring(dot + 1));
        if (found != null) {
          return found;
        }
      }
      dot = path.lastIndexOf('.', dot - 1);
    }
    return null;
  }

  /** Adds the whitespace-separated parts of {@code s} (OAuth2 {@code scope} style); no regex on the hot path. */
  static void splitOnWhitespace(String s, java.util.Collection<String> out) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      while (i < n && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(s.substring(start, i));
      }
    }
  }

  static List<String> stringsOf(Object v) {
    if (v instanceof String s) {
      return List.of(s);
    }
    if (v instanceof Collection<?> c) {
      List<String> out = new ArrayList<>(c.size());
      for (Object o : c) {
        if (o instanceof String s) {
          out.add(s);
        }
      }
      return out;
    }
    return List.of();
  }

  @SuppressWarnings("unchecked")
  private static <T> T deepUnmodifiable(T value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>(m.size() * 2);
      m.forEach((k, v) -> copy.put(String.valueOf(k), deepUnmodifiable(v)));
      return (T) Collections.unmodifiableMap(copy);
    }
    if (value instanceof Collection<?> c) {
      List<Object> copy = new ArrayList<>(c.size());
      for (Object o : c) {
        copy.add(deepUnmodifiable(o));
      }
      return (T) Collections.unmodifiableList(copy);
    }
    return value;
  }

  /** Safe to log: issuer, subject and roles, never claim values. */
  @Override
  public String toString() {
    return "Principal[iss=" + issuer + ", sub=" + subject + ", roles=" + roles + "]";
  }
}
