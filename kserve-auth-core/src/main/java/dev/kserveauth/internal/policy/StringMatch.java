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
package dev.kserveauth.internal.policy;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One compiled string pattern. Istio's generic syntax ({@code abc}, {@code abc*}, {@code *abc},
 * {@code *}) is parsed by {@link #istio(String, boolean)}; other kinds (glob, regex) are built by
 * the format compilers directly.
 *
 * @param kind how {@code pattern} is compared
 * @param pattern the literal (exact/prefix/suffix), or the regex source (REGEX)
 * @param ignoreCase compare case-insensitively (Istio {@code hosts})
 * @param regex the compiled regex for REGEX, else {@code null}
 * @param source the value as written in the policy, for explanations
 * @param literalPrefix for REGEX: a literal every matching value starts with (for indexing), or {@code null}
 */
public record StringMatch(Kind kind, String pattern, boolean ignoreCase, Pattern regex, String source,
    String literalPrefix) {

  /** Comparison kinds. */
  public enum Kind {
    /** Equal. */
    EXACT,
    /** Starts with (an equal value matches too). */
    PREFIX,
    /** Ends with (an equal value matches too). */
    SUFFIX,
    /** Non-empty value present (Istio {@code *} on non-header fields). */
    PRESENT,
    /** Present, even when empty (Istio {@code *} on header-backed fields). */
    PRESENT_ALLOW_EMPTY,
    /** Full regex match. */
    REGEX
  }

  public StringMatch {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(pattern, "pattern");
    if (ignoreCase) {
      pattern = pattern.toLowerCase(Locale.ROOT);
    }
    if (kind == Kind.REGEX && regex == null) {
      regex = Pattern.compile(pattern, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
    }
    source = source == null ? pattern : source;
    if (kind != Kind.REGEX || ignoreCase || (literalPrefix != null && literalPrefix.isEmpty())) {
      literalPrefix = null;
    }
  }

  /** A pattern without a literal prefix hint. */
  public StringMatch(Kind kind, String pattern, boolean ignoreCase, Pattern regex, String source) {
    this(kind, pattern, ignoreCase, regex, source, null);
  }

  /** Exact, case-sensitive. */
  public static StringMatch exact(String s) {
    return new StringMatch(Kind.EXACT, s, false, null, s);
  }

  /** Prefix, case-sensitive. */
  public static StringMatch prefix(String s) {
    return new StringMatch(Kind.PREFIX, s, false, null, s + "*");
  }

  /**
   * Istio's generic value syntax (<a href="https://istio.io/latest/docs/reference/config/security/authorization-policy/">AuthorizationPolicy reference</a>): {@code *} is presence; a leading {@code *} is a suffix
   * match on the rest (a trailing {@code *} of the rest is literal); else a trailing {@code *} is a
   * prefix match; else exact. A {@code *} anywhere else is a literal character.
   *
   * @param value the value as written
   * @param headerBacked {@code *} means "present even if empty" (hosts, methods, request.headers)
   */
  public static StringMatch istio(String value, boolean headerBacked) {
    return istio(value, headerBacked, false);
  }

  /** As {@link #istio(String, boolean)}, optionally case-insensitive (hosts). */
  public static StringMatch istio(String value, boolean headerBacked, boolean ignoreCase) {
    if (value.equals("*")) {
      return new StringMatch(headerBacked ? Kind.PRESENT_ALLOW_EMPTY : Kind.PRESENT, "", ignoreCase, null, value);
    }
    if (value.startsWith("*")) {
      return new StringMatch(Kind.SUFFIX, value.substring(1), ignoreCase, null, value);
    }
    if (value.endsWith("*")) {
      return new StringMatch(Kind.PREFIX, value.substring(0, value.length() - 1), ignoreCase, null, value);
    }
    return new StringMatch(Kind.EXACT, value, ignoreCase, null, value);
  }

  /**
   * A glob where every {@code *} matches any run of characters (possibly empty) and {@code ?} one
   * character; everything else is literal. A glob without wildcards is an exact match, one with only
   * a trailing {@code *} a prefix match and one with only a leading {@code *} a suffix match (so the
   * engine can index them).
   */
  public static StringMatch glob(String glob) {
    int star = glob.indexOf('*');
    if (glob.indexOf('?') < 0) {
      if (star < 0) {
        return new StringMatch(Kind.EXACT, glob, false, null, glob);
      }
      if (star == glob.length() - 1) {
        return new StringMatch(Kind.PREFIX, glob.substring(0, star), false, null, glob);
      }
      if (star == 0 && glob.indexOf('*', 1) < 0) {
        return new StringMatch(Kind.SUFFIX, glob.substring(1), false, null, glob);
      }
    }
    StringBuilder re = new StringBuilder();
    StringBuilder lit = new StringBuilder();
    for (char ch : glob.toCharArray()) {
      if (ch == '*' || ch == '?') {
        if (lit.length() > 0) {
          re.append(Pattern.quote(lit.toString()));
          lit.setLength(0);
        }
        re.append(ch == '*' ? ".*" : ".");
      } else {
        lit.append(ch);
      }
    }
    if (lit.length() > 0) {
      re.append(Pattern.quote(lit.toString()));
    }
    int firstWild = firstWildcard(glob);
    return new StringMatch(Kind.REGEX, re.toString(), false, null, glob, glob.substring(0, firstWild));
  }

  private static int firstWildcard(String glob) {
    for (int i = 0; i < glob.length(); i++) {
      if (glob.charAt(i) == '*' || glob.charAt(i) == '?') {
        return i;
      }
    }
    return glob.length();
  }

  /** A full-match regex. */
  public static StringMatch regex(String regex, String source) {
    return new StringMatch(Kind.REGEX, regex, false, null, source, null);
  }

  /** A full-match regex whose matches all start with {@code literalPrefix} (lets the engine index it). */
  public static StringMatch regex(String regex, String source, String literalPrefix) {
    return new StringMatch(Kind.REGEX, regex, false, null, source, literalPrefix);
  }

  /**
   * Tests a value; {@code null} means absent and never matches.
   *
   * @param value the attribute value or {@code null}
   * @return whether it matches
   */
  public boolean test(String value) {
    if (value == null) {
      return false;
    }
    String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
    return switch (kind) {
      case EXACT -> v.equals(pattern);
      case PREFIX -> v.startsWith(pattern);
      case SUFFIX -> v.endsWith(pattern);
      case PRESENT -> !v.isEmpty();
      case PRESENT_ALLOW_EMPTY -> true;
      case REGEX -> regex.matcher(v).matches();
    };
  }

  /**
   * The literal every matching value equals (EXACT), starts with (PREFIX, or REGEX with a literal
   * prefix) or ends with (SUFFIX), used for indexing; {@code null} when the pattern implies none.
   */
  public String indexLiteral() {
    if (ignoreCase) {
      return null;
    }
    return switch (kind) {
      case EXACT, PREFIX, SUFFIX -> pattern;
      case REGEX -> literalPrefix;
      default -> null;
    };
  }

  @Override
  public String toString() {
    return source;
  }

  private static final String SEG = "[a-zA-Z0-9\\-._~%!$&'()+,;:@]";

  /**
   * The matcher of one {@code paths} value (Istio's): a {@code {*}} / {@code {**}} template, else
   * exact, {@code prefix*}, {@code *suffix} or {@code *} ({@link StringMatch#istio}). The facade's
   * public paths use it too, so a pattern means the same in both places.
   *
   * @param p the value as written
   * @return the matcher
   * @throws IllegalArgumentException for a bad template
   */
  public static StringMatch pathPattern(String p) {
    if (p.contains("{") || p.contains("}")) {
      try {
        return pathTemplate(p);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad path template '" + p + "': " + e.getMessage(), e);
      }
    }
    return istio(p, false);
  }

  /** Istio path templates ({@code Operation.paths}, Istio 1.22+): {@code {*}} one non-empty segment, {@code {**}} zero or more chars incl. {@code /}; full match. */
  private static StringMatch pathTemplate(String t) {
    if (!t.startsWith("/")) {
      throw new IllegalArgumentException("must start with '/'");
    }
    String[] segs = t.substring(1).split("/", -1);
    StringBuilder re = new StringBuilder();
    boolean seenDouble = false;
    boolean operatorAfterDouble = false;
    for (String s : segs) {
      re.append('/');
      if (s.equals("{*}")) {
        if (seenDouble) {
          operatorAfterDouble = true;
        }
        re.append(SEG).append('+');
      } else if (s.equals("{**}")) {
        if (seenDouble) {
          throw new IllegalArgumentException("at most one {**}");
        }
        seenDouble = true;
        re.append("[a-zA-Z0-9\\-._~%!$&'()+,;:@/]*");
      } else {
        if (s.contains("{") || s.contains("}") || s.contains("*")) {
          throw new IllegalArgumentException("an operator must be a whole segment ({*} or {**}); bare '*', '{', '}' "
              + "are not allowed in segment '" + s + "'");
        }
        if (!s.isEmpty()) {
          re.append(Pattern.quote(s));
        }
      }
    }
    if (operatorAfterDouble) {
      throw new IllegalArgumentException("{**} must be the last operator");
    }
    return regex(re.toString(), t, t.substring(0, t.indexOf('{')));
  }
}
