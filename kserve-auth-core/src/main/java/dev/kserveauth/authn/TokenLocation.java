package dev.kserveauth.authn;

import java.util.Objects;

/**
 * Where a token was found in a request, so an adapter can strip it ({@code forwardOriginalToken: false}).
 *
 * @param kind header, query parameter or cookie
 * @param name the header name (lower case), parameter name or cookie name
 */
public record TokenLocation(Kind kind, String name) {

  /** The three places Istio's {@code jwtRules} read tokens from. */
  public enum Kind {
    /** A request header, with an optional prefix such as {@code "Bearer "}. */
    HEADER,
    /** A query parameter such as {@code access_token}. */
    QUERY_PARAM,
    /** A cookie. */
    COOKIE
  }

  /**
   * Checks the components.
   *
   * @param kind header, query parameter or cookie
   * @param name the header name (lower case), parameter name or cookie name
   * @throws NullPointerException if {@code kind} or {@code name} is {@code null}
   */
  public TokenLocation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }
}
