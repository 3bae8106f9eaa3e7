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

import dev.kserveauth.internal.policy.Cidr;
import dev.kserveauth.internal.policy.StringMatch;
import dev.kserveauth.internal.policy.TimeWindow;
import java.util.List;
import java.util.Set;

/**
 * The compiled, format-neutral condition tree both policy formats compile to (the shape of Envoy's
 * RBAC {@code Permission}/{@code Principal} oneofs). Every node is immutable and thread-safe;
 * {@link #matches(EvalContext)} does no I/O and allocates nothing on the hot path.
 *
 * <p>Absent attributes never match a positive node; {@link Not} over such a node therefore matches
 * (Istio's {@code not*}/{@code notValues} semantics, <a href="https://istio.io/latest/docs/reference/config/security/authorization-policy/">AuthorizationPolicy reference</a>).
 */
sealed interface Matcher {

  /** Whether the request satisfies this node. */
  boolean matches(EvalContext c);

  /** A short, caller-safe description ("path in [/a, /b*]"). */
  String describe();

  /** Whether any node of the tree compares this attribute. */
  static boolean reads(Matcher m, Attribute attribute) {
    if (m instanceof AllOf a) {
      return a.all().stream().anyMatch(x -> reads(x, attribute));
    } else if (m instanceof AnyOf a) {
      return a.any().stream().anyMatch(x -> reads(x, attribute));
    } else if (m instanceof Not n) {
      return reads(n.inner(), attribute);
    }
    return m instanceof StringIn s && s.attribute().equals(attribute);
  }

  /** Always true (an empty rule). */
  record Always() implements Matcher {
    @Override
    public boolean matches(EvalContext c) {
      return true;
    }

    @Override
    public String describe() {
      return "any request";
    }
  }

  /** Never true. */
  record Never(String why) implements Matcher {
    @Override
    public boolean matches(EvalContext c) {
      return false;
    }

    @Override
    public String describe() {
      return why;
    }
  }

  /** AND; an empty list is true. */
  record AllOf(List<Matcher> all) implements Matcher {
    public AllOf {
      all = List.copyOf(all);
    }

    @Override
    public boolean matches(EvalContext c) {
      for (Matcher m : all) {
        if (!m.matches(c)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String describe() {
      return all.size() == 1 ? all.get(0).describe() : "all of " + all.stream().map(Matcher::describe).toList();
    }
  }

  /** OR; an empty list is false. */
  record AnyOf(List<Matcher> any) implements Matcher {
    public AnyOf {
      any = List.copyOf(any);
    }

    @Override
    public boolean matches(EvalContext c) {
      for (Matcher m : any) {
        if (m.matches(c)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String describe() {
      return any.size() == 1 ? any.get(0).describe() : "any of " + any.stream().map(Matcher::describe).toList();
    }
  }

  /** NOT. */
  record Not(Matcher inner) implements Matcher {
    @Override
    public boolean matches(EvalContext c) {
      return !inner.matches(c);
    }

    @Override
    public String describe() {
      return "not (" + inner.describe() + ")";
    }
  }

  /** Any value of {@code attribute} matches any of {@code patterns}. */
  record StringIn(Attribute attribute, List<StringMatch> patterns) implements Matcher {
    public StringIn {
      patterns = List.copyOf(patterns);
    }

    @Override
    public boolean matches(EvalContext c) {
      for (StringMatch p : patterns) {
        if (attribute.anyMatch(c, p)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String describe() {
      return Attribute.describe(attribute) + " in " + patterns;
    }
  }

  /** An IP attribute inside any of the blocks. */
  record IpIn(Attribute.Scalar attribute, List<Cidr> blocks) implements Matcher {
    public IpIn {
      blocks = List.copyOf(blocks);
    }

    @Override
    public boolean matches(EvalContext c) {
      byte[] ip = c.ip(attribute);
      if (ip == null) {
        return false;
      }
      for (Cidr b : blocks) {
        if (b.contains(ip)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String describe() {
      return attribute.label() + " in " + blocks;
    }
  }

  /** The destination port is one of {@code ports}. */
  record PortIn(Set<Integer> ports) implements Matcher {
    public PortIn {
      ports = Set.copyOf(ports);
    }

    @Override
    public boolean matches(EvalContext c) {
      return ports.contains(c.request().port());
    }

    @Override
    public String describe() {
      return "destination.port in " + new java.util.TreeSet<>(ports);
    }
  }

  /**
   * Istio's {@code requestPrincipals} / {@code request.auth.principal} value, split at the last
   * {@code /} into an issuer and a subject pattern ({@code Source.requestPrincipals}). Needs a principal.
   */
  record RequestPrincipal(StringMatch issuer, StringMatch subject, String source) implements Matcher {
    @Override
    public boolean matches(EvalContext c) {
      var p = c.request().principal();
      if (p == null) {
        return false;
      }
      return issuer.test(p.issuer()) && subject.test(p.subject().isEmpty() ? null : p.subject());
    }

    @Override
    public String describe() {
      return "request principal " + source;
    }
  }

  /** The request time falls in the window. */
  record TimeIn(TimeWindow window) implements Matcher {
    @Override
    public boolean matches(EvalContext c) {
      return window.contains(c.request().time());
    }

    @Override
    public String describe() {
      return "request.time in " + window;
    }
  }
}
