package dev.kserveauth.internal.keys;

import dev.kserveauth.token.JwkSet;

/** Turns a JWKS document into a checked key set; throws with a precise reason when the set is not acceptable. */
@FunctionalInterface
public interface JwksParser {
  JwkSet parse(byte[] json);
}
