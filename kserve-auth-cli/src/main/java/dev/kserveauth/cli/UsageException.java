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

/**
 * Bad command-line arguments: the CLI prints the message and the command's usage, and exits 2.
 *
 * @since 0.1
 */
public final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * A usage error.
   *
   * @param message what is wrong with the arguments, printed before the usage
   */
  public UsageException(String message) {
    super(message);
  }
}
