package dev.kserveauth.policy;

/** The outcome of a decision. */
public enum Effect {
  /** The request may go on. */
  ALLOW,
  /** The request is refused. */
  DENY
}
