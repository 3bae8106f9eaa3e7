package dev.kserveauth.build.boundaryfixtures.b;

import dev.kserveauth.build.boundaryfixtures.a.A;

/** Fixture for ApiBoundariesTest: depends back on a and exposes a package-private type. */
public final class B {
  public A a() {
    return null;
  }

  public Hidden hidden() {
    return null;
  }

  static final class Hidden {}
}
