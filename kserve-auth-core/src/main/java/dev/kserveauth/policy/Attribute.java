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

import dev.kserveauth.internal.policy.StringMatch;
import java.util.List;
import java.util.Objects;

/**
 * A request attribute a {@link Matcher} reads. Single-valued attributes return one string (or
 * {@code null} when absent); multi-valued ones (claims, roles, permissions) offer every string
 * element through {@link #anyMatch}.
 */
sealed interface Attribute {

  /**
   * Whether any value of this attribute on the request matches.
   *
   * @param c the request context
   * @param m the pattern
   * @return false when the attribute is absent
   */
  boolean anyMatch(EvalContext c, StringMatch m);

  /** The single value, or {@code null} when absent or multi-valued (for explanations and indexing). */
  String value(EvalContext c);

  /** A name as policies write it, for explanations. */
  String name();

  /** Built-in scalar attributes. */
  enum Scalar implements Attribute {
    /** {@code :method}. */
    METHOD("method"),
    /** Normalized path without query/fragment. */
    PATH("path"),
    /** {@code Host} / {@code :authority} as received (absent when empty). */
    HOST("host"),
    /** Destination port, decimal. */
    PORT("destination.port"),
    /** Direct peer address. */
    SOURCE_IP("source.ip"),
    /** Original client address. */
    REMOTE_IP("remote.ip"),
    /** Local address (from the connection resolver). */
    DESTINATION_IP("destination.ip"),
    /** TLS SNI (from the connection resolver). */
    SNI("connection.sni"),
    /** Peer workload identity without {@code spiffe://} (from the connection resolver). */
    PEER_PRINCIPAL("source.principal"),
    /** The KServe route's model name. */
    KSERVE_MODEL("kserve.model"),
    /** The KServe route's verb id ({@code predict}). */
    KSERVE_VERB("kserve.verb"),
    /** The KServe route's protocol ({@code v1}, {@code v2}, {@code openai}, {@code other}). */
    KSERVE_PROTOCOL("kserve.protocol"),
    /** JWT {@code iss}. */
    ISSUER("request.auth.issuer"),
    /** JWT {@code sub}. */
    SUBJECT("request.auth.subject");

    private final String label;

    Scalar(String label) {
      this.label = label;
    }

    @Override
    public boolean anyMatch(EvalContext c, StringMatch m) {
      return m.test(value(c));
    }

    @Override
    public String value(EvalContext c) {
      return c.scalar(this);
    }

    @Override
    public String label() {
      return label;
    }
  }

  /** For enums: {@link #name()} clashes with {@code Enum.name()}, so scalars expose {@code label()}. */
  default String label() {
    return name();
  }

  /** A request header; several values are joined with {@code ,} (Istio). Name is lower-cased. */
  record Header(String header) implements Attribute {
    public Header {
      header = header.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public boolean anyMatch(EvalContext c, StringMatch m) {
      return m.test(value(c));
    }

    @Override
    public String value(EvalContext c) {
      return c.header(header);
    }

    @Override
    public String name() {
      return "request.headers[" + header + "]";
    }
  }

  /**
   * A JWT claim at a path of object keys; scalar-or-list aware, strings only (<a href="https://istio.io/latest/docs/reference/config/security/conditions/">{@code request.auth.claims}</a>).
   *
   * @param path keys, outermost first
   * @param spaceDelimited split a string value on spaces into a list ({@code scope}, {@code permission})
   */
  record Claim(List<String> path, boolean spaceDelimited) implements Attribute {
    public Claim {
      path = List.copyOf(path);
      if (path.isEmpty()) {
        throw new IllegalArgumentException("empty claim path");
      }
    }

    @Override
    public boolean anyMatch(EvalContext c, StringMatch m) {
      Object v = c.claim(path);
      if (v instanceof String s) {
        if (spaceDelimited) {
          for (String part : s.split(" ")) {
            if (!part.isEmpty() && m.test(part)) {
              return true;
            }
          }
          return false;
        }
        return m.test(s);
      }
      if (v instanceof List<?> list) {
        for (Object o : list) {
          if (o instanceof String s && m.test(s)) {
            return true;
          }
        }
      }
      return false;
    }

    @Override
    public String value(EvalContext c) {
      Object v = c.claim(path);
      return v instanceof String s ? s : null;
    }

    @Override
    public String name() {
      StringBuilder b = new StringBuilder("request.auth.claims");
      path.forEach(p -> b.append('[').append(p).append(']'));
      return b.toString();
    }
  }

  /** The principal's roles (as read by its {@code RoleMapping}); for the compact format. */
  record Roles() implements Attribute {
    @Override
    public boolean anyMatch(EvalContext c, StringMatch m) {
      var p = c.request().principal();
      if (p == null) {
        return false;
      }
      for (String r : p.roles()) {
        if (m.test(r)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String value(EvalContext c) {
      return null;
    }

    @Override
    public String name() {
      return "roles";
    }
  }

  /** Helper for explanations. */
  static String describe(Attribute a) {
    return Objects.requireNonNull(a) instanceof Scalar s ? s.label() : a.name();
  }
}
