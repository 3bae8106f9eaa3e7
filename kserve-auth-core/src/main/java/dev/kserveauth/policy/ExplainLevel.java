package dev.kserveauth.policy;

/**
 * How much the engine writes into {@link Decision#explanation()}.
 */
public enum ExplainLevel {
  /** Nothing; no trace objects are built (the default). */
  OFF,
  /** For a denial: the determining DENY rule, or why each candidate ALLOW rule did not match. */
  FAILURES,
  /** For every decision: every candidate rule evaluated and its outcome, plus index statistics. */
  FULL
}
