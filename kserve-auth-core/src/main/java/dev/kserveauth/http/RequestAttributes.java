package dev.kserveauth.http;

/**
 * The names under which every adapter hands the outcome to the application: servlet request attributes,
 * Vert.x routing-context data. One set of names for every server.
 *
 * @since 0.1
 */
public final class RequestAttributes {
  /** The verified {@code dev.kserveauth.authn.Principal}; absent for an anonymous request. */
  public static final String PRINCIPAL = "dev.kserveauth.principal";
  /** The policy {@code dev.kserveauth.policy.Decision}. */
  public static final String DECISION = "dev.kserveauth.decision";
  /** The whole {@code dev.kserveauth.AuthResult.Proceed}. */
  public static final String RESULT = "dev.kserveauth.result";

  private RequestAttributes() {}
}
