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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the rules that can possibly match a request without evaluating the others. Each rule is
 * filed under one dimension (path, then model, then verb, then method) when its conditions imply
 * that the attribute equals, starts with or ends with one of a set of literals; the rest are
 * always candidates. Lookup is a hash probe for exact literals plus one walk of a character trie
 * for prefix literals and one of a reversed trie for suffix literals, so the cost depends on the
 * length of the request's values, not on the number of rules.
 */
final class RuleIndex {

  /** The dimensions, in order of preference. */
  static final Attribute.Scalar[] DIMENSIONS = {Attribute.Scalar.PATH, Attribute.Scalar.KSERVE_MODEL,
      Attribute.Scalar.KSERVE_VERB, Attribute.Scalar.METHOD};

  /** How a literal constrains the attribute. */
  enum LitKind { EXACT, PREFIX, SUFFIX }

  /** A literal the attribute must equal, start with or end with. */
  record Lit(String text, LitKind kind) {}

  private final int size;
  private final int[] always;
  private final Dim[] dims;

  /**
   * @param rules the rules, in evaluation order; indices into this list are what {@link #candidates} returns
   */
  public RuleIndex(List<CompiledRule> rules) {
    this.size = rules.size();
    List<Integer> alwaysList = new ArrayList<>();
    DimBuilder[] b = new DimBuilder[DIMENSIONS.length];
    for (int d = 0; d < b.length; d++) {
      b[d] = new DimBuilder();
    }
    for (int i = 0; i < rules.size(); i++) {
      boolean filed = false;
      for (int d = 0; d < DIMENSIONS.length && !filed; d++) {
        List<Lit> lits = literals(rules.get(i), DIMENSIONS[d]);
        if (lits != null) {
          for (Lit l : lits) {
            b[d].add(l, i);
          }
          filed = true;
        }
      }
      if (!filed) {
        alwaysList.add(i);
      }
    }
    this.always = alwaysList.stream().mapToInt(Integer::intValue).toArray();
    List<Dim> ds = new ArrayList<>();
    for (int d = 0; d < b.length; d++) {
      if (!b[d].isEmpty()) {
        ds.add(b[d].build(DIMENSIONS[d]));
      }
    }
    this.dims = ds.toArray(new Dim[0]);
  }

  /** Number of rules indexed. */
  public int size() {
    return size;
  }

  /** Number of rules that are candidates for every request. */
  public int unindexed() {
    return always.length;
  }

  /** Sorted, distinct indices of the rules that may match. */
  public int[] candidates(EvalContext c) {
    int[] buf = new int[Math.min(16, Math.max(always.length, 4))];
    int n = 0;
    for (int i : always) {
      if (n == buf.length) {
        buf = Arrays.copyOf(buf, n * 2);
      }
      buf[n++] = i;
    }
    for (Dim d : dims) {
      String v = d.attr.value(c);
      if (v == null) {
        continue;
      }
      int[] ex = d.exact.get(v);
      if (ex != null) {
        if (n + ex.length > buf.length) {
          buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + ex.length));
        }
        System.arraycopy(ex, 0, buf, n, ex.length);
        n += ex.length;
      }
      Node node = d.prefixes;
      int pos = 0;
      while (node != null) {
        if (node.here.length > 0) {
          if (n + node.here.length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + node.here.length));
          }
          System.arraycopy(node.here, 0, buf, n, node.here.length);
          n += node.here.length;
        }
        if (pos == v.length()) {
          break;
        }
        node = node.child(v.charAt(pos++));
      }
      node = d.suffixes;
      pos = v.length();
      while (node != null) {
        if (node.here.length > 0) {
          if (n + node.here.length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + node.here.length));
          }
          System.arraycopy(node.here, 0, buf, n, node.here.length);
          n += node.here.length;
        }
        if (pos == 0) {
          break;
        }
        node = node.child(v.charAt(--pos));
      }
    }
    if (n == 0) {
      return EMPTY;
    }
    Arrays.sort(buf, 0, n);
    int w = 1;
    for (int r = 1; r < n; r++) {
      if (buf[r] != buf[w - 1]) {
        buf[w++] = buf[r];
      }
    }
    return w == buf.length ? buf : Arrays.copyOf(buf, w);
  }

  private static final int[] EMPTY = new int[0];

  /**
   * The literals a rule's matching implies for an attribute, or {@code null} when it implies none.
   * An empty list means the rule can never match.
   */
  static List<Lit> literals(CompiledRule r, Attribute.Scalar attr) {
    for (CompiledRule.Condition c : r.conditions()) {
      List<Lit> l = literals(c.matcher(), attr);
      if (l != null) {
        return l;
      }
    }
    return null;
  }

  static List<Lit> literals(Matcher m, Attribute.Scalar attr) {
    if (m instanceof Matcher.StringIn s) {
      if (s.attribute() != attr) {
        return null;
      }
      List<Lit> out = new ArrayList<>();
      for (StringMatch p : s.patterns()) {
        String lit = p.indexLiteral();
        if (lit == null) {
          return null;
        }
        out.add(new Lit(lit, switch (p.kind()) {
          case EXACT -> LitKind.EXACT;
          case SUFFIX -> LitKind.SUFFIX;
          default -> LitKind.PREFIX;
        }));
      }
      return out;
    }
    if (m instanceof Matcher.AllOf a) {
      for (Matcher x : a.all()) {
        List<Lit> l = literals(x, attr);
        if (l != null) {
          return l;
        }
      }
      return null;
    }
    if (m instanceof Matcher.AnyOf a) {
      List<Lit> out = new ArrayList<>();
      for (Matcher x : a.any()) {
        List<Lit> l = literals(x, attr);
        if (l == null) {
          return null;
        }
        out.addAll(l);
      }
      return out;
    }
    if (m instanceof Matcher.Never) {
      return List.of();
    }
    return null;
  }

  private static final class Dim {
    final Attribute.Scalar attr;
    final Map<String, int[]> exact;
    final Node prefixes;
    final Node suffixes;

    Dim(Attribute.Scalar attr, Map<String, int[]> exact, Node prefixes, Node suffixes) {
      this.attr = attr;
      this.exact = exact;
      this.prefixes = prefixes;
      this.suffixes = suffixes;
    }
  }

  /** A frozen trie node: sorted child keys, binary-searched. */
  private static final class Node {
    final char[] keys;
    final Node[] kids;
    final int[] here;

    Node(char[] keys, Node[] kids, int[] here) {
      this.keys = keys;
      this.kids = kids;
      this.here = here;
    }

    Node child(char c) {
      int i = Arrays.binarySearch(keys, c);
      return i >= 0 ? kids[i] : null;
    }
  }

  private static final class MNode {
    final TreeMap<Character, MNode> kids = new TreeMap<>();
    final List<Integer> here = new ArrayList<>();

    Node freeze() {
      char[] k = new char[kids.size()];
      Node[] n = new Node[kids.size()];
      int i = 0;
      for (Map.Entry<Character, MNode> e : kids.entrySet()) {
        k[i] = e.getKey();
        n[i++] = e.getValue().freeze();
      }
      return new Node(k, n, here.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  private static final class DimBuilder {
    final Map<String, List<Integer>> exact = new HashMap<>();
    final MNode root = new MNode();
    final MNode reversed = new MNode();
    boolean empty = true;

    void add(Lit l, int rule) {
      empty = false;
      String t = l.text();
      switch (l.kind()) {
        case EXACT -> exact.computeIfAbsent(t, k -> new ArrayList<>()).add(rule);
        case PREFIX -> {
          MNode n = root;
          for (int i = 0; i < t.length(); i++) {
            n = n.kids.computeIfAbsent(t.charAt(i), k -> new MNode());
          }
          n.here.add(rule);
        }
        case SUFFIX -> {
          MNode n = reversed;
          for (int i = t.length() - 1; i >= 0; i--) {
            n = n.kids.computeIfAbsent(t.charAt(i), k -> new MNode());
          }
          n.here.add(rule);
        }
        default -> throw new IllegalStateException();
      }
    }

    boolean isEmpty() {
      return empty;
    }

    Dim build(Attribute.Scalar attr) {
      Map<String, int[]> ex = new HashMap<>();
      exact.forEach((k, v) -> ex.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
      return new Dim(attr, ex, root.freeze(), reversed.freeze());
    }
  }
}
