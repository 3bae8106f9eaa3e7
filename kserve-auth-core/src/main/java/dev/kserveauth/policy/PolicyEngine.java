package dev.kserveauth.policy;

/**
 * Decides requests against a compiled policy set. Thread-safe; {@link #decide(AccessRequest)} does
 * no I/O and never throws: an evaluation error yields a DENY whose reasons say what failed.
 *
 * <p>Combining rule (Istio's): any matching DENY policy denies; otherwise, if any ALLOW policy
 * exists, the request is allowed only when one matches; with no ALLOW policy at all it is allowed.
 */
public interface PolicyEngine {

  /** Decides one request. */
  Decision decide(AccessRequest request);
}
