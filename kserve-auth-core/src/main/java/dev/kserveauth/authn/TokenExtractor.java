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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds tokens in a request the way Envoy's {@code jwt_authn} extractor does for Istio
 * {@code jwtRules} (header prefix searched anywhere in the value, case-sensitive, header ignored when
 * the prefix is absent; leading non-base64url characters after the prefix skipped), plus the RFC 6750
 * checks Envoy leaves out: a bearer header with no token, two tokens in one header, two headers or two
 * parameters carrying tokens are {@code invalid_request}.
 *
 * <p>Built once from the rules; {@link #extract(RequestView)} is allocation-light and thread-safe.
 */
final class TokenExtractor {

  /** One place tokens are read from, with every rule (by index) that declared it. */
  record Spot(TokenLocation location, String prefix, List<Integer> rules) {}

  /** A token found at a location, with the indexes of the rules that declared the location. */
  public record Found(TokenLocation location, String token, List<Integer> rules) {}

  /** The result: tokens found (possibly none) or a malformed-request problem. */
  public record Result(List<Found> tokens, String problem) {
    static Result problem(String why) {
      return new Result(List.of(), why);
    }

    public boolean malformed() {
      return problem != null;
    }
  }

  private final List<Spot> spots;

  public TokenExtractor(List<JwtRule> rules) {
    Map<String, Spot> byKey = new LinkedHashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      JwtRule r = rules.get(i);
      for (JwtRule.HeaderLocation h : r.effectiveHeaders()) {
        add(byKey, "h:" + h.name() + "\u0000" + h.prefix(), new TokenLocation(TokenLocation.Kind.HEADER, h.name()), h.prefix(), i);
      }
      for (String p : r.effectiveParams()) {
        add(byKey, "q:" + p, new TokenLocation(TokenLocation.Kind.QUERY_PARAM, p), "", i);
      }
      for (String c : r.fromCookies()) {
        add(byKey, "c:" + c, new TokenLocation(TokenLocation.Kind.COOKIE, c), "", i);
      }
    }
    // immutable rule lists, so that every Found can share its spot's list instead of copying it
    this.spots = byKey.values().stream().map(s -> new Spot(s.location(), s.prefix(), List.copyOf(s.rules())))
        .toList();
  }

  private static void add(Map<String, Spot> byKey, String key, TokenLocation loc, String prefix, int rule) {
    Spot s = byKey.computeIfAbsent(key, k -> new Spot(loc, prefix, new ArrayList<>()));
    if (!s.rules().contains(rule)) {
      s.rules().add(rule);
    }
  }

  /** Every location, for documentation and the CLI. */
  public List<TokenLocation> locations() {
    return spots.stream().map(Spot::location).distinct().toList();
  }

  public Result extract(RequestView request) {
    List<Found> found = null;
    for (Spot s : spots) {
      String token;
      switch (s.location().kind()) {
        case HEADER -> {
          List<String> values = request.headerValues(s.location().name());
          if (values.isEmpty()) {
            continue;
          }
          token = null;
          for (String v : values) {
            String t = headerToken(v, s.prefix());
            if (t == null) {
              continue;
            }
            if (t.startsWith("\u0000")) {
              return Result.problem("the " + s.location().name() + " header " + t.substring(1));
            }
            if (token != null) {
              return Result.problem("more than one " + s.location().name() + " header carries a token");
            }
            token = t;
          }
          if (token == null) {
            continue;
          }
        }
        case QUERY_PARAM -> {
          List<String> values = request.queryParams().get(s.location().name());
          if (values == null || values.isEmpty()) {
            continue;
          }
          if (values.size() > 1) {
            return Result.problem("more than one '" + s.location().name() + "' query parameter");
          }
          token = values.get(0).strip();
          if (token.isEmpty()) {
            return Result.problem("the '" + s.location().name() + "' query parameter is empty");
          }
        }
        case COOKIE -> {
          String v = request.cookies().get(s.location().name());
          if (v == null) {
            continue;
          }
          token = v.strip();
          if (token.isEmpty()) {
            return Result.problem("the '" + s.location().name() + "' cookie is empty");
          }
        }
        default -> throw new IllegalStateException();
      }
      if (found == null) {
        found = new ArrayList<>(2);
      }
      merge(found, s, token);
    }
    return new Result(found == null ? List.of() : found, null);
  }

  /** The same token found twice (e.g. two prefixes of one header) is verified once, for every rule that declared either spot. */
  private static void merge(List<Found> found, Spot s, String token) {
    for (int i = 0; i < found.size(); i++) {
      Found f = found.get(i);
      if (f.token().equals(token)) {
        List<Integer> rules = new ArrayList<>(f.rules());
        s.rules().stream().filter(r -> !rules.contains(r)).forEach(rules::add);
        found.set(i, new Found(f.location(), token, List.copyOf(rules)));
        return;
      }
    }
    found.add(new Found(s.location(), token, List.copyOf(s.rules())));
  }

  /**
   * The token of recently seen header values. A client sends the same header value request after
   * request until its token expires, and scanning a kilobyte of it character by character was most of
   * what extraction cost. A hit needs the whole value and the prefix to be equal, and extraction is a
   * pure function of both, so a hit yields exactly what scanning would; only values that held a token
   * are stored, and none longer than {@link #MEMO_MAX_CHARS}. A hit also returns the same token
   * {@code String} as before, whose hash code is cached, so the validated-token cache does not hash a
   * kilobyte again either. Fixed size, direct-mapped: a flood of distinct values only evicts entries,
   * it never grows memory or blocks. Entries are immutable records, so racy reads and writes are safe.
   */
  private final Memo[] memo = new Memo[MEMO_SLOTS];

  private static final int MEMO_SLOTS = 64;
  private static final int MEMO_MAX_CHARS = 8192;

  private record Memo(String prefix, String value, String token) {}

  private String headerToken(String value, String prefix) {
    int n = value.length();
    int slot = n == 0 ? 0 : memoSlot(value, n);
    Memo m = memo[slot];
    if (m != null && m.value.equals(value) && m.prefix.equals(prefix)) {
      return m.token;
    }
    String t = fromHeader(value, prefix);
    if (t != null && n <= MEMO_MAX_CHARS && !t.startsWith("\u0000")) {
      memo[slot] = new Memo(prefix, value, t);
    }
    return t;
  }

  /** A few characters from the end of the value: a token's signature, which differs between tokens. */
  private static int memoSlot(String value, int n) {
    int h = n;
    for (int i = n - 1, k = 0; i >= 0 && k < 8; i -= 3, k++) {
      h = 31 * h + value.charAt(i);
    }
    return (h ^ (h >>> 16)) & (MEMO_SLOTS - 1);
  }

  /**
   * The token in one header value: {@code null} when the prefix is absent (header ignored), a string
   * starting with NUL and a reason when the value is malformed, else the token.
   */
  static String fromHeader(String value, String prefix) {
    Objects.requireNonNull(value);
    int at = value.indexOf(prefix);
    if (at < 0) {
      String bare = prefix.strip();
      if (!bare.isEmpty() && value.strip().equals(bare)) {
        return "\u0000has the '" + bare + "' scheme but no token";
      }
      return null;
    }
    int i = at + prefix.length();
    int n = value.length();
    while (i < n && !isTokenChar(value.charAt(i))) {
      i++;
    }
    int start = i;
    while (i < n && isTokenChar(value.charAt(i))) {
      i++;
    }
    if (start == i) {
      return "\u0000has the prefix '" + prefix.strip() + "' but no token";
    }
    for (int j = i; j < n; j++) {
      if (!Character.isWhitespace(value.charAt(j))) {
        return "\u0000carries more than one token or data after the token";
      }
    }
    return value.substring(start, i);
  }

  /** The base64url alphabet plus '.', as Envoy's extractor uses. */
  static boolean isTokenChar(char c) {
    return c < 128 && TOKEN_CHARS[c];
  }

  private static final boolean[] TOKEN_CHARS = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      TOKEN_CHARS[c] = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
          || c == '.';
    }
  }
}
