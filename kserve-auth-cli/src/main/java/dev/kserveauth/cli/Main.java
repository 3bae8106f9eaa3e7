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

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code kserve-auth} command line: a small dispatcher over {@link Command}s.
 *
 * <pre>
 * java -jar kserve-auth-cli.jar decode TOKEN
 * java -jar kserve-auth-cli.jar verify --config request-authentication.yaml TOKEN
 * java -jar kserve-auth-cli.jar COMMAND --help
 * </pre>
 *
 * <p>To add a subcommand, implement {@link Command} and list it in {@link #COMMANDS}.
 *
 * @since 0.1
 */
public final class Main {

  /** Every subcommand, in help order. */
  static final List<Command> COMMANDS = List.of(
      new DecodeCommand(),
      new VerifyCommand(),
      new ExplainCommand(),
      new LintCommand());

  private Main() {}

  /**
   * Runs the CLI and exits the JVM with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    // The library's INFO lines (signature provider, key fetches) are noise on a terminal; warnings stay.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    System.exit(run(args, System.in, System.out, System.err));
  }

  /**
   * Runs the CLI in-process; returns the exit code (0 ok, 1 negative result, 2 usage or configuration error).
   *
   * @param args the command line
   * @param in standard input (tokens given as {@code -})
   * @param out where results go
   * @param err where errors and usage go
   * @return the exit code
   */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    return run(args, new Io(in, out, err), COMMANDS);
  }

  static int run(String[] args, Io io, List<Command> commands) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      io.out().print(overview(commands));
      return args.length == 0 ? Command.USAGE : Command.OK;
    }
    Command cmd = commands.stream().filter(c -> c.name().equals(args[0])).findFirst().orElse(null);
    if (cmd == null) {
      io.err().println("error: unknown command '" + args[0] + "'");
      io.err().print(overview(commands));
      return Command.USAGE;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    if (rest.contains("--help") || rest.contains("-h")) {
      io.out().print(cmd.usage());
      return Command.OK;
    }
    try {
      return cmd.run(rest, io);
    } catch (UsageException e) {
      io.err().println("error: " + e.getMessage());
      io.err().print(cmd.usage());
      return Command.USAGE;
    } catch (Exception | Error e) {
      // never a stack trace on the terminal, whatever failed (a StackOverflowError on hostile input too)
      io.err().println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      return Command.USAGE;
    }
  }

  static String overview(List<Command> commands) {
    StringBuilder sb = new StringBuilder("usage: kserve-auth COMMAND [OPTIONS]\n\ncommands:\n");
    for (Command c : commands) {
      sb.append(String.format("  %-9s %s%n", c.name(), c.summary()));
    }
    sb.append("\n'kserve-auth COMMAND --help' shows a command's options. Exit codes: 0 ok, 1 negative result "
        + "(invalid token, deny, findings), 2 usage or configuration error.\n");
    return sb.toString();
  }
}
