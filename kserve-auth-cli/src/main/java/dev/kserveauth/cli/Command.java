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

import java.util.List;

/**
 * One subcommand of the {@code kserve-auth} CLI. Register new ones in {@link Main#COMMANDS}.
 * Exit codes: 0 success, 1 a negative result (invalid token, deny, lint findings), 2 usage or
 * configuration error.
 *
 * @since 0.1
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
