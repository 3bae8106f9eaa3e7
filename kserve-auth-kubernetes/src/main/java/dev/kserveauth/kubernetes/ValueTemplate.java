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
