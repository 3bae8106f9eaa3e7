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
package dev.kserveauth.authn;

import dev.kserveauth.error.KServeAuthException;

/**
 * An authentication configuration file is invalid. The message reads
 * {@code <file>:<line>:<column>: <field path>: <problem>}, e.g.
 * {@code auth.yaml:12:7: spec.jwtRules[0].fromHeaders[0]: unknown key 'prefx'}; it never contains a secret.
 *
 * @since 0.1
 */
public class JwtConfigException extends KServeAuthException {
  private static final long serialVersionUID = 1L;

  /** The file, as given to the loader. */
  private final String file;
  /** The 1-based line. */
  private final int line;
  /** The field path. */
  private final String field;

  /**
   * A configuration error at a place in a file.
   *
   * @param file the file, as given to the loader
   * @param line the 1-based line of the offending value; 0 when the problem is the whole file (unreadable)
   * @param column the 1-based column; 0 with line 0
   * @param field the field path, e.g. {@code spec.jwtRules[0].issuer}; empty when the whole document is wrong
   * @param problem what is wrong, without any secret value
   */
  public JwtConfigException(String file, int line, int column, String field, String problem) {
    super(file + (line > 0 ? ":" + line + ":" + column : "") + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
    this.file = file;
    this.line = line;
    this.field = field;
  }

  /**
   * The file (as given to the loader).
   *
   * @return the file name or path
   */
  public String file() {
    return file;
  }

  /**
   * The 1-based line of the offending value.
   *
   * @return the line number, from 1
   */
  public int line() {
    return line;
  }

  /**
   * The field path, e.g. {@code spec.jwtRules[0].issuer}.
   *
   * @return the field path; empty when the whole document is wrong
   */
  public String field() {
    return field;
  }
}
