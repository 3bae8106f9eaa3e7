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

import dev.kserveauth.policy.LintFinding;
import dev.kserveauth.policy.PolicyException;
import dev.kserveauth.policy.PolicyLinter;
import dev.kserveauth.policy.PolicySet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
    // a misspelled kind (AuthorisationPolicy) no longer loads at all: PolicySet.load names it (exit 2)
    String where = args.positionals().size() == 1 ? args.positionals().get(0) : String.join(", ", args.positionals());
    if (set.size() == 0) {
      findings.add(new LintFinding(where, "-", null, "no-policies", "no AuthorizationPolicy (security.istio.io) "
          + "or AccessPolicy (kserve-auth/v1) document was found, so nothing here decides a request",
          "check the file names and each document's apiVersion and kind"));
    } else if (set.enforcingSize() == 0) {
      findings.add(new LintFinding(where, "-", null, "no-enforcing-policies", "every policy is dry-run or AUDIT, so "
          + "nothing here denies a request; a server refuses to start with these files unless allow-all is set",
          "make at least one ALLOW or DENY policy enforcing (remove istio.io/dry-run or dryRun)"));
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
}
