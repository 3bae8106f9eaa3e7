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
package dev.kserveauth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed arguments: {@code --name value} / {@code --name=value} options, {@code --flag}s and positionals.
 * A lone {@code -} is a positional (stdin).
 *
 * @since 0.1
 */
public final class Args {
  private final Map<String, String> options = new LinkedHashMap<>();
  private final List<String> positionals = new ArrayList<>();

  private Args() {}

  /**
   * @param args the arguments
   * @param withValue option names (without dashes) that take a value
   * @param flags option names that take none
   * @return the options and positionals
   * @throws UsageException for an unknown option, a missing value or a repeated option
   */
  public static Args parse(List<String> args, Set<String> withValue, Set<String> flags) throws UsageException {
    Args a = new Args();
    boolean onlyPositionals = false;
    for (int i = 0; i < args.size(); i++) {
      String s = args.get(i);
      if (onlyPositionals || !s.startsWith("--")) {
        a.positionals.add(s);
        continue;
      }
      if (s.equals("--")) {
        onlyPositionals = true;
        continue;
      }
      String name = s.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name)) {
        if (value != null) {
          throw new UsageException("--" + name + " takes no value");
        }
        value = "true";
      } else if (withValue.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new UsageException("--" + name + " needs a value");
          }
          value = args.get(++i);
        }
      } else {
        throw new UsageException("unknown option --" + name);
      }
      if (a.options.put(name, value) != null) {
        throw new UsageException("--" + name + " given twice");
      }
    }
    return a;
  }

  /**
   * The value of an option that takes one.
   *
   * @param name the option name, without dashes
   * @return the value, or {@code null} when the option was not given
   */
  public String option(String name) {
    return options.get(name);
  }

  /**
   * Whether a flag (or an option) was given.
   *
   * @param name the option name, without dashes
   * @return {@code true} when it was given
   */
  public boolean flag(String name) {
    return options.containsKey(name);
  }

  /**
   * The arguments that are not options, in order (everything after {@code --} included).
   *
   * @return the positionals, possibly empty
   */
  public List<String> positionals() {
    return positionals;
  }

  /**
   * Exactly one positional, else a usage error naming it.
   *
   * @param what the name of the expected argument, for the message, e.g. {@code token}
   * @return the positional
   * @throws UsageException when there is no positional or more than one
   */
  public String single(String what) throws UsageException {
    if (positionals.size() != 1) {
      throw new UsageException(positionals.isEmpty() ? "missing " + what : "expected one " + what + ", got " + positionals.size());
    }
    return positionals.get(0);
  }

  /**
   * A token argument: {@code -} reads it from stdin; surrounding whitespace, a pasted
   * {@code Authorization:} header name and the {@code Bearer} scheme (any case, RFC 7235) are dropped.
   *
   * @param arg the argument, or {@code -} for stdin
   * @param in where {@code -} reads from (at most 1 MiB)
   * @return the bare token
   * @throws UsageException when stdin cannot be read or nothing is left of the token
   */
  public static String token(String arg, InputStream in) throws UsageException {
    String t = arg;
    if (arg.equals("-")) {
      try {
        t = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UsageException("cannot read the token from stdin: " + e.getMessage());
      }
    }
    t = t.strip();
    if (t.regionMatches(true, 0, "Authorization:", 0, 14)) {
      t = t.substring(14).strip();
    }
    if (t.regionMatches(true, 0, "Bearer", 0, 6) && t.length() > 6 && Character.isWhitespace(t.charAt(6))) {
      t = t.substring(7).strip();
    }
    if (t.isEmpty()) {
      throw new UsageException("the token is empty");
    }
    return t;
  }
}
