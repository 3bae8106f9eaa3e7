package dev.kserveauth.authn;

import dev.kserveauth.http.RequestView;
import java.util.List;

/** Test access to the package-private {@link TokenExtractor} for the fuzzers in another package. */
public final class TokenExtraction {
  private final TokenExtractor extractor;

  public TokenExtraction(List<JwtRule> rules) {
    this.extractor = new TokenExtractor(rules);
  }

  /**
   * Extracts and returns {@code null} when the result is consistent (a token, none, or a malformed request
   * without tokens), else a description of the inconsistent result.
   */
  public String inconsistency(RequestView view) {
    TokenExtractor.Result r = extractor.extract(view);
    return r == null || (r.malformed() && !r.tokens().isEmpty()) ? String.valueOf(r) : null;
  }
}
