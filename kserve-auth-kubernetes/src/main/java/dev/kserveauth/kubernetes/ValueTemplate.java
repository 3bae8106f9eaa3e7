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

/**
 * The Go {@code text/template} actions an attribute may hold: kube-rbac-proxy's {@code {{.Value}}}
 * (a rewrite value) and this library's {@code {{.Model}}} (the request's KServe model), spaces inside
 * the braces allowed. Any other action is refused at load, where kube-rbac-proxy would render an
 * empty attribute at request time. Compiled once, when the configuration loads; rendering only
 * concatenates.
 */
final class ValueTemplate {
  private static final Object VALUE = new Object();
  private static final Object MODEL = new Object();

  /** Literal strings, and {@link #VALUE} / {@link #MODEL} where the actions stand. */
  private final Object[] parts;

  private ValueTemplate(Object[] parts) {
    this.parts = parts;
  }

  /**
   * Parses a template.
   *
   * @param rewrites whether the configuration has rewrites (else {@code {{.Value}}} is an error)
   * @throws IllegalArgumentException naming the unsupported or unclosed action
   */
  static ValueTemplate compile(String template, boolean rewrites) {
    java.util.List<Object> parts = new java.util.ArrayList<>();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf("{{", i);
      if (open < 0) {
        parts.add(template.substring(i));
        break;
      }
      int close = template.indexOf("}}", open + 2);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed template action in '" + template + "'");
      }
      if (open > i) {
        parts.add(template.substring(i, open));
      }
      String action = template.substring(open + 2, close).strip();
      if (action.equals(".Model")) {
        parts.add(MODEL);
      } else if (action.equals(".Value") && rewrites) {
        parts.add(VALUE);
      } else if (action.equals(".Value")) {
        throw new IllegalArgumentException("{{.Value}} needs rewrites (byQueryParameter or byHttpHeader)");
      } else {
        throw new IllegalArgumentException("only {{.Value}} and {{.Model}} are supported in an attribute, not {{"
            + action + "}}");
      }
      i = close + 2;
    }
    return new ValueTemplate(parts.toArray());
  }

  /** Renders with a rewrite's value and the request's model (either may be null: empty). */
  String render(String value, String model) {
    if (parts.length == 1) { // a literal, or KServe's name template {{.Model}} alone: no copy
      return text(parts[0], value, model);
    }
    StringBuilder out = new StringBuilder(32);
    for (Object p : parts) {
      out.append(text(p, value, model));
    }
    return out.toString();
  }

  private static String text(Object part, String value, String model) {
    String s = part == VALUE ? value : part == MODEL ? model : (String) part;
    return s == null ? "" : s;
  }
}
