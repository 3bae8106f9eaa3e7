package dev.kserveauth.cli;

import java.util.List;

/**
 * One subcommand of the {@code kserve-auth} CLI. Register new ones in {@link Main#COMMANDS}.
 * Exit codes: 0 success, 1 a negative result (invalid token, deny, lint findings), 2 usage or
 * configuration error.
 */
public interface Command {
  /** Exit code of a success. */
  int OK = 0;
  /** Exit code of a negative result: an invalid token, a deny, lint findings. */
  int NEGATIVE = 1;
  /** Exit code of a usage or configuration error. */
  int USAGE = 2;

  /**
   * The word after the program name, e.g. {@code verify}.
   *
   * @return the command name
   */
  String name();

  /**
   * One line for the command list.
   *
   * @return the summary, without a line break
   */
  String summary();

  /**
   * Full help, printed for {@code --help}.
   *
   * @return the help text
   */
  String usage();

  /**
   * Runs the command.
   *
   * @param args the arguments after the command name ({@code --help} is handled by {@link Main})
   * @param io standard streams
   * @return the exit code
   * @throws UsageException for bad arguments (exit 2, message plus usage)
   */
  int run(List<String> args, Io io) throws Exception;
}
