package dev.kserveauth.cli;

import dev.kserveauth.authn.JwtConfigException;
import dev.kserveauth.authn.JwtRule;
import dev.kserveauth.authn.JwtRules;
import java.nio.file.Path;
import java.util.List;

/** Loading a {@code --config} file (RequestAuthentication or IssuerConfig) the same way for every command. */
final class IssuerConfigFiles {
  private IssuerConfigFiles() {}

  /**
   * The jwtRules of {@code config}, or {@code null} after printing why they cannot be used (a YAML
   * error with file:line, or a file that names no issuer); the caller then exits 2.
   */
  static List<JwtRule> load(String config, Io io) {
    List<JwtRule> rules;
    try {
      rules = JwtRules.load(Path.of(config));
    } catch (JwtConfigException e) {
      io.err().println("error: " + e.getMessage());
      return null;
    }
    if (rules.isEmpty()) {
      io.err().println("error: " + config + ": no RequestAuthentication jwtRules and no IssuerConfig issuers");
      return null;
    }
    return rules;
  }
}
