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

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The samples' command line: {@code java -jar samples/target/kserve-auth-samples.jar COMMAND ...}.
 * Exit codes: 0 success, 1 failure (a demo row differs, a call failed), 2 usage error.
 */
public final class Main {

  static final String DEMO_USAGE = String.join("\n",
      "demo",
      "    runs the decision matrix of expected-decisions.md against a predictor behind the servlet filter",
      "    and one behind the Vert.x handler, with tokens from a demo issuer; exit 1 if any row differs");

  static final String USAGE = String.join("\n",
      "usage: java -jar kserve-auth-samples.jar COMMAND [OPTIONS]",
      "       java -jar kserve-auth-samples.jar COMMAND --help",
      "",
      "commands:",
      "  " + DEMO_USAGE.replace("\n", "\n  "),
      "  " + PredictorCommand.USAGE.replace("\n", "\n  "),
      "  " + ClientCommand.USAGE.replace("\n", "\n  "),
      "");

  private Main() {}

  public static void main(String[] args) {
    // exit explicitly: HTTP clients keep idle non-daemon threads alive for a minute after the last call
    System.exit(run(Arrays.asList(args), System.out, System.err));
  }

  static int demo(PrintStream out, PrintStream err) {
    try {
      List<Demo.Result> results = Demo.run(out, DemoProtection::create);
      return results.stream().allMatch(Demo.Result::ok) ? 0 : 1;
    } catch (Exception e) {
      err.println("error: the demo could not run: " + e);
      return 1;
    }
  }

  /**
   * Runs one command.
   *
   * @return the exit code
   */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help")) {
      (args.isEmpty() ? err : out).println(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    String command = args.get(0);
    List<String> rest = args.subList(1, args.size());
    if (rest.contains("--help") || rest.contains("-h")) {
      String usage = switch (command) {
        case "demo" -> DEMO_USAGE;
        case "predictor" -> PredictorCommand.USAGE;
        case "client" -> ClientCommand.USAGE;
        default -> null;
      };
      if (usage != null) {
        out.println("usage: java -jar kserve-auth-samples.jar " + usage);
        return 0;
      }
    }
    try {
      switch (command) {
        case "demo":
          Args.parse(rest, java.util.Set.of(), java.util.Set.of());
          return demo(out, err);
        case "predictor":
          return PredictorCommand.run(rest, out, err);
        case "client":
          return ClientCommand.run(rest, out, err);
        default:
          throw new Args.UsageException("unknown command '" + command + "'");
      }
    } catch (Args.UsageException e) {
      err.println("error: " + e.getMessage());
      err.println();
      err.println(USAGE);
      return 2;
    } catch (dev.kserveauth.error.KServeAuthException e) {
      // a policy or issuer file that does not load: the message names file:line and the field
      err.println("error: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("error: " + e);
      return 1;
    }
  }
}
