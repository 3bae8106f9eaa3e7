package dev.kserveauth.cli;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * The streams a command reads and writes, so tests can run the CLI in-process.
 *
 * @param in standard input (a token given as {@code -})
 * @param out results
 * @param err errors and diagnostics
 */
public record Io(InputStream in, PrintStream out, PrintStream err) {}
