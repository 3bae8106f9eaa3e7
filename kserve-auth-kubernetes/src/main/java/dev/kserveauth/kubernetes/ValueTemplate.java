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
 * empty attribute at request time.
 */
final class ValueTemplate {
  private ValueTemplate() {}

  static boolean isTemplate(String s) {
    return s.indexOf("{{") >= 0;
  }

  static void check(String template, boolean rewrites) {
    render(template, rewrites ? "" : null, "");
  }

  /** Renders; {@code value} null means there are no rewrites, and {@code {{.Value}}} is an error. */
  static String render(String template, String value, String model) {
    if (template.indexOf("{{") < 0) {
      return template;
    }
    if (template.equals("{{.Model}}")) {
      return model == null ? "" : model; // KServe's name template, on every request: no parse, no copy
    }
    StringBuilder out = new StringBuilder(template.length() + 32);
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf("{{", i);
      if (open < 0) {
        out.append(template, i, template.length());
        break;
      }
      int close = template.indexOf("}}", open + 2);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed template action in '" + template + "'");
      }
      String action = template.substring(open + 2, close).strip();
      out.append(template, i, open);
      if (action.equals(".Value") && value != null) {
        out.append(value);
      } else if (action.equals(".Model")) {
        out.append(model == null ? "" : model);
      } else if (action.equals(".Value")) {
        throw new IllegalArgumentException("{{.Value}} needs rewrites (byQueryParameter or byHttpHeader)");
      } else {
        throw new IllegalArgumentException("only {{.Value}} and {{.Model}} are supported in an attribute, not {{"
            + action + "}}");
      }
      i = close + 2;
    }
    return out.toString();
  }
}
