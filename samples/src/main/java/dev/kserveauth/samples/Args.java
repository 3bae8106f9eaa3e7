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
package dev.kserveauth.samples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tiny command-line parser for the samples: {@code --name value}, {@code --name v1 v2 ...} (every
 * word up to the next {@code --option} belongs to it), {@code --name=value}, and bare flags. Unknown
 * options and missing values are usage errors ({@link UsageException}, exit code 2).
 */
final class Args {

  /** A usage error: the command prints it with the usage text and exits with 2. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message, null, false, false);
    }
  }

  private final Map<String, List<String>> values;

  private Args(Map<String, List<String>> values) {
    this.values = values;
  }

  /**
   * @param argv the words after the subcommand
   * @param withValue options that take one or more values
   * @param flags options that take none
   */
  static Args parse(List<String> argv, Set<String> withValue, Set<String> flags) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String current = null;
    for (String word : argv) {
      if (word.startsWith("--")) {
        String name = word.substring(2);
        String inline = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          inline = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        if (flags.contains(name)) {
          if (inline != null) {
            throw new UsageException("--" + name + " takes no value");
          }
          out.put(name, List.of());
          current = null;
        } else if (withValue.contains(name)) {
          List<String> list = out.computeIfAbsent(name, k -> new ArrayList<>());
          if (inline != null) {
            list.add(inline);
          }
          current = name;
        } else {
          throw new UsageException("unknown option --" + name);
        }
      } else if (current != null) {
        out.get(current).add(word);
      } else {
        throw new UsageException("unexpected argument '" + word + "'");
      }
    }
    for (Map.Entry<String, List<String>> e : out.entrySet()) {
      if (withValue.contains(e.getKey()) && e.getValue().isEmpty()) {
        throw new UsageException("--" + e.getKey() + " needs a value");
      }
    }
    return new Args(out);
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  /** The single value of an option, or {@code null} when absent; more than one value is a usage error. */
  String one(String name) {
    List<String> v = values.get(name);
    if (v == null) {
      return null;
    }
    if (v.size() != 1) {
      throw new UsageException("--" + name + " takes exactly one value, got " + v.size());
    }
    return v.get(0);
  }

  String required(String name) {
    String v = one(name);
    if (v == null) {
      throw new UsageException("--" + name + " is required");
    }
    return v;
  }

  String orElse(String name, String fallback) {
    String v = one(name);
    return v == null ? fallback : v;
  }

  /** Every value of a repeatable, multi-valued option ({@code --policy a.yaml b.yaml --policy c.yaml}). */
  List<String> all(String name) {
    return List.copyOf(values.getOrDefault(name, List.of()));
  }

  int port(String name) {
    String v = required(name);
    try {
      int p = Integer.parseInt(v);
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a port number (0-65535), got '" + v + "'");
    }
  }

  /** A whole number of seconds, at least 1; {@code fallback} when the option is absent. */
  int positiveSeconds(String name, int fallback) {
    String v = one(name);
    if (v == null) {
      return fallback;
    }
    try {
      int s = Integer.parseInt(v.trim());
      if (s < 1) {
        throw new NumberFormatException();
      }
      return s;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a positive integer (seconds), got " + quote(v));
    }
  }

  /**
   * A value for a message, in single quotes, with control characters escaped (a newline as
   * {@code \n}) so that a bad value cannot break the one-line message.
   */
  static String quote(String v) {
    StringBuilder b = new StringBuilder(v.length() + 2).append('\'');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('\'').toString();
  }
}
