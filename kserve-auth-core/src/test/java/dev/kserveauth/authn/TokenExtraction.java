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
