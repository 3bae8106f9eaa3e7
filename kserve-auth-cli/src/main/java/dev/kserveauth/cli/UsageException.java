package dev.kserveauth.cli;

/** Bad command-line arguments: the CLI prints the message and the command's usage, and exits 2. */
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
