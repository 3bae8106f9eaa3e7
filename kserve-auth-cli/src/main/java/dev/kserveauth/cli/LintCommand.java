package dev.kserveauth.cli;

import dev.kserveauth.policy.LintFinding;
import dev.kserveauth.policy.PolicyException;
import dev.kserveauth.policy.PolicyLinter;
import dev.kserveauth.policy.PolicySet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code lint FILE...}: loads policies (files or folders, either format) and prints the traps found, with fixes. */
final class LintCommand implements Command {

  @Override
  public String name() {
    return "lint";
  }

  @Override
  public String summary() {
    return "find policy traps (role-looking requestPrincipals, middle '*' paths, shadowed rules, zoneless times,"
        + " mTLS peer rules)";
  }

  @Override
  public String usage() {
    return """
        usage: kserve-auth lint FILE...
          FILE   AuthorizationPolicy (Istio) or AccessPolicy (kserve-auth/v1) YAML, or a folder of them
        Prints one finding per trap, each with its file:line and a suggested fix.
        Exit codes: 0 clean, 1 findings, 2 unreadable or invalid input (the error names file:line).
        """;
  }

  @Override
  public int run(List<String> argv, Io io) throws UsageException {
    Args args = Args.parse(argv, java.util.Set.of(), java.util.Set.of());
    if (args.positionals().isEmpty()) {
      throw new UsageException("missing FILE");
    }
    Path[] paths = args.positionals().stream().map(Path::of).toArray(Path[]::new);
    for (Path p : paths) {
      if (!Files.isReadable(p)) {
        io.err().println("error: " + p + ": cannot read");
        return USAGE;
      }
    }
    PolicySet set;
    try {
      set = PolicySet.load(paths);
    } catch (PolicyException e) {
      io.err().println("error: " + e.getMessage());
      return USAGE;
    }
    List<LintFinding> findings = new ArrayList<>(PolicyLinter.lint(set));
    findings.addAll(skippedFindings(set.skipped()));
    if (set.size() == 0) {
      String where = args.positionals().size() == 1 ? args.positionals().get(0) : String.join(", ", args.positionals());
      findings.add(new LintFinding(where, "-", null, "no-policies", "no AuthorizationPolicy (security.istio.io) "
          + "or AccessPolicy (kserve-auth/v1) document was found, so nothing here decides a request",
          "check the file names and each document's apiVersion and kind"));
    }
    for (String note : set.skipped()) {
      io.out().println("note: " + note);
    }
    for (LintFinding f : findings) {
      io.out().println(f.format());
    }
    if (findings.isEmpty()) {
      io.out().println("clean: " + set.size() + " policies, no findings");
      return OK;
    }
    io.out().println(findings.size() + (findings.size() == 1 ? " finding" : " findings") + " in " + set.size()
        + " policies");
    return NEGATIVE;
  }

  /** {@code file:line: Kind name skipped (not a policy)}, as {@link PolicySet#skipped()} words it. */
  private static final Pattern SKIPPED = Pattern.compile("^(.*?:\\d+): (\\S+) (.*) skipped \\(not a policy\\)$");

  /**
   * A skipped document whose kind looks like a policy kind (a typo such as {@code AuthorisationPolicy})
   * is a policy that silently does nothing: with a DENY that means allowing what it should deny.
   */
  static List<LintFinding> skippedFindings(List<String> skipped) {
    List<LintFinding> out = new ArrayList<>();
    for (String note : skipped) {
      Matcher m = SKIPPED.matcher(note);
      if (!m.matches()) {
        continue;
      }
      String kind = m.group(2);
      String lower = kind.toLowerCase(Locale.ROOT);
      if (lower.contains("authori") || lower.contains("authz") || distance(lower, "accesspolicy") <= 3) {
        out.add(new LintFinding(m.group(1), m.group(3).isBlank() ? "-" : m.group(3), null, "unknown-policy-kind",
            "kind '" + kind + "' is not a policy kind, so this document is skipped and decides nothing",
            "write kind: AuthorizationPolicy (apiVersion security.istio.io/v1) or kind: AccessPolicy "
                + "(apiVersion kserve-auth/v1)"));
      }
    }
    return out;
  }

  /** Levenshtein distance (short strings only). */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
