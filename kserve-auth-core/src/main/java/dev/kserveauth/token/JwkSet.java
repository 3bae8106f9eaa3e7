package dev.kserveauth.token;

import java.util.List;
import java.util.Optional;

/**
 * An immutable, checked set of verification keys (a parsed JWKS). Duplicate kids are rejected when
 * the set is built; a set with more than one key requires tokens to name a {@code kid}.
 *
 * @param keys the keys, in document order
 */
public record JwkSet(List<VerificationKey> keys) {
  public JwkSet {
    keys = List.copyOf(keys);
  }

  /** The key with this kid; for a {@code null} kid, the only key when the set has exactly one. */
  public Optional<VerificationKey> find(String kid) {
    if (kid == null) {
      return keys.size() == 1 ? Optional.of(keys.get(0)) : Optional.empty();
    }
    for (VerificationKey k : keys) {
      if (kid.equals(k.kid())) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
