package dev.kserveauth.authn;


/** Turns a JWKS document into a checked key set; throws with a precise reason when the set is not acceptable. */
@FunctionalInterface
interface JwksParser {
  JwkSet parse(byte[] json);
}
