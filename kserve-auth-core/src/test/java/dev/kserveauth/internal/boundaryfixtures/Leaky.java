package dev.kserveauth.internal.boundaryfixtures;

import dev.kserveauth.build.boundaryfixtures.a.A;

/** Fixture for ApiBoundariesTest: an internal type that depends on a public package. */
public final class Leaky {
  public A back() {
    return null;
  }
}
