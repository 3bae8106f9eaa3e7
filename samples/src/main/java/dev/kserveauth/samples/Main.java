package dev.kserveauth.samples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The samples' command line: {@code java -jar samples/target/kserve-auth-samples.jar COMMAND ...}.
 * Exit codes: 0 success, 1 failure (a demo row differs, a call failed), 2 usage error.
 */
public final class Main {

  static final String USAGE = String.join("\n",
      "usage: java -jar kserve-auth-samples.jar COMMAND [OPTIONS]",
      "",
      "commands:",
      "  " + ClientCommand.USAGE.replace("\n", "\n  "),
      "");

  private Main() {}

  public static void main(String[] args) {
    int code = run(Arrays.asList(args), System.out, System.err);
    if (code != 0) {
      System.exit(code);
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
    try {
      switch (command) {
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
    }
  }
}
