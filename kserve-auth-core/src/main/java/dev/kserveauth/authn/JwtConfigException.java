package dev.kserveauth.authn;

import dev.kserveauth.error.KServeAuthException;

/**
 * An authentication configuration file is invalid. The message reads
 * {@code <file>:<line>:<column>: <field path>: <problem>}, e.g.
 * {@code auth.yaml:12:7: spec.jwtRules[0].fromHeaders[0]: unknown key 'prefx'}; it never contains a secret.
 */
public class JwtConfigException extends KServeAuthException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final String field;

  public JwtConfigException(String file, int line, int column, String field, String problem) {
    super(file + ":" + line + ":" + column + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
    this.file = file;
    this.line = line;
    this.field = field;
  }

  /** The file (as given to the loader). */
  public String file() {
    return file;
  }

  /** The 1-based line of the offending value. */
  public int line() {
    return line;
  }

  /** The field path, e.g. {@code spec.jwtRules[0].issuer}. */
  public String field() {
    return field;
  }
}
