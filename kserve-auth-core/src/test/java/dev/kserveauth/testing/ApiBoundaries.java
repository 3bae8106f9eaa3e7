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
package dev.kserveauth.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The package rules of kserve-auth, checked on a module's compiled classes (its {@code target/classes}):
 * <ol>
 *   <li>no cycle between packages;</li>
 *   <li>an {@code internal} package is a leaf: it references no public kserve-auth package (the public package
 *       owns the interfaces and its package-private implementation; {@code internal} holds mechanics such as JWS
 *       verification, fetching, file reading and string matching that know nothing of the API);</li>
 *   <li>no class references an {@code internal} package of another module (internal is not exported);</li>
 *   <li>no public or protected member, supertype or signature of an accessible public type names an
 *       {@code internal} type or a kserve-auth type that is not accessible.</li>
 * </ol>
 * Dependencies come from the class files' constant pools, so every reference counts (fields, calls, casts,
 * generic signatures), not only imports.
 */
public final class ApiBoundaries {
  private static final String ROOT = "dev.kserveauth";
  private static final Pattern REF = Pattern.compile("dev/kserveauth/(?:[a-z0-9_]+/)*[A-Za-z0-9_$]+");

  private ApiBoundaries() {}

  /** Every violation of the rules above in {@code classes}, one line each; empty when the module is clean. */
  public static List<String> violations(Path classes) throws IOException {
    Map<String, Set<String>> refs = references(classes);
    Set<String> own = new TreeSet<>();
    for (String c : refs.keySet()) {
      own.add(packageOf(c));
    }
    List<String> out = new ArrayList<>();
    Map<String, Set<String>> graph = new TreeMap<>();
    for (Map.Entry<String, Set<String>> e : refs.entrySet()) {
      String from = e.getKey();
      String fromPkg = packageOf(from);
      for (String to : e.getValue()) {
        String toPkg = packageOf(to);
        if (!toPkg.equals(fromPkg)) {
          graph.computeIfAbsent(fromPkg, k -> new TreeSet<>()).add(toPkg);
        }
        if (isInternal(fromPkg) && !isInternal(toPkg) && !toPkg.equals(fromPkg)) {
          out.add("internal package depends on public API: " + from + " -> " + to);
        }
        if (isInternal(toPkg) && !own.contains(toPkg)) {
          out.add("uses another module's internal package: " + from + " -> " + to);
        }
      }
    }
    for (List<String> cycle : cycles(graph)) {
      out.add("package cycle: " + String.join(" <-> ", cycle));
    }
    for (String c : refs.keySet()) {
      out.addAll(exposures(c));
    }
    return out;
  }

  static Map<String, Set<String>> references(Path classes) throws IOException {
    Map<String, Set<String>> refs = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(classes)) {
      files = s.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().equals("module-info.class"))
          .toList();
    }
    for (Path f : files) {
      String name = classes.relativize(f).toString().replace('\\', '/');
      name = name.substring(0, name.length() - ".class".length()).replace('/', '.');
      Set<String> to = new TreeSet<>();
      for (String utf8 : utf8Constants(f)) {
        Matcher m = REF.matcher(utf8);
        while (m.find()) {
          to.add(m.group().replace('/', '.'));
        }
      }
      to.remove(name);
      refs.put(name, to);
    }
    return refs;
  }

  private static List<String> utf8Constants(Path classFile) throws IOException {
    List<String> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(classFile); DataInputStream d = new DataInputStream(in)) {
      if (d.readInt() != 0xCAFEBABE) {
        throw new IOException("not a class file: " + classFile);
      }
      d.readUnsignedShort();
      d.readUnsignedShort();
      int n = d.readUnsignedShort();
      for (int i = 1; i < n; i++) {
        int tag = d.readUnsignedByte();
        switch (tag) {
          case 1 -> out.add(d.readUTF());
          case 7, 8, 16, 19, 20 -> d.skipBytes(2);
          case 15 -> d.skipBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> d.skipBytes(4);
          case 5, 6 -> {
            d.skipBytes(8);
            i++;
          }
          default -> throw new IOException("unknown constant tag " + tag + " in " + classFile);
        }
      }
    }
    return out;
  }

  private static List<String> exposures(String className) {
    if (isInternal(packageOf(className))) {
      return List.of();
    }
    Class<?> c;
    try {
      c = Class.forName(className, false, ApiBoundaries.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return List.of("cannot load " + className + ": " + e);
    }
    if (!accessible(c)) {
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    check(c.getGenericSuperclass(), c.getName() + " extends", out);
    for (Type t : c.getGenericInterfaces()) {
      check(t, c.getName() + " implements", out);
    }
    boolean extendable = !Modifier.isFinal(c.getModifiers()) && !c.isSealed();
    for (Field f : c.getDeclaredFields()) {
      if (visible(f, extendable)) {
        check(f.getGenericType(), c.getName() + "." + f.getName(), out);
      }
    }
    List<Executable> executables = new ArrayList<>(List.of(c.getDeclaredMethods()));
    executables.addAll(List.of(c.getDeclaredConstructors()));
    for (Executable e : executables) {
      if (!visible(e, extendable) || e.isSynthetic() || (e instanceof Method m && m.isBridge())) {
        continue;
      }
      String where = c.getName() + "." + (e instanceof Constructor<?> ? "<init>" : e.getName()) + "(..)";
      if (e instanceof Method m) {
        check(m.getGenericReturnType(), where, out);
      }
      for (Type t : e.getGenericParameterTypes()) {
        check(t, where, out);
      }
      for (Type t : e.getGenericExceptionTypes()) {
        check(t, where, out);
      }
    }
    return new ArrayList<>(out);
  }

  private static boolean visible(Member m, boolean extendable) {
    int mod = m.getModifiers();
    return Modifier.isPublic(mod) || (extendable && Modifier.isProtected(mod));
  }

  private static boolean accessible(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
      if (!Modifier.isPublic(k.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static void check(Type t, String where, Set<String> out) {
    if (t == null) {
      return;
    }
    if (t instanceof Class<?> k) {
      while (k.isArray()) {
        k = k.getComponentType();
      }
      if (k.getName().startsWith(ROOT + ".")
          && (isInternal(k.getPackageName()) || !accessible(k))) {
        out.add("public API exposes " + (isInternal(k.getPackageName()) ? "internal" : "inaccessible") + " type "
            + k.getName() + " in " + where);
      }
    } else if (t instanceof ParameterizedType p) {
      check(p.getRawType(), where, out);
      for (Type a : p.getActualTypeArguments()) {
        check(a, where, out);
      }
    } else if (t instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        check(b, where, out);
      }
      for (Type b : w.getLowerBounds()) {
        check(b, where, out);
      }
    } else if (t instanceof GenericArrayType g) {
      check(g.getGenericComponentType(), where, out);
    } else if (t instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) {
        check(b, where, out);
      }
    }
  }

  static boolean isInternal(String pkg) {
    return pkg.equals(ROOT + ".internal") || pkg.startsWith(ROOT + ".internal.");
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }

  /** Strongly connected components with more than one package (Tarjan). */
  static List<List<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new java.util.HashSet<>();
    List<List<String>> out = new ArrayList<>();
    int[] counter = {0};
    for (String v : graph.keySet()) {
      if (!index.containsKey(v)) {
        connect(v, graph, index, low, stack, onStack, out, counter);
      }
    }
    return out;
  }

  private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<List<String>> out, int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]++);
    stack.push(v);
    onStack.add(v);
    for (String w : graph.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        connect(w, graph, index, low, stack, onStack, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> component = new ArrayList<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        component.sort(null);
        out.add(component);
      }
    }
  }
}
