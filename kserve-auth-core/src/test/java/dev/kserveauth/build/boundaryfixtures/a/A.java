package dev.kserveauth.build.boundaryfixtures.a;

import dev.kserveauth.build.boundaryfixtures.b.B;
import dev.kserveauth.internal.boundaryfixtures.Leaky;

/** Fixture for ApiBoundariesTest: depends on b (which depends back) and exposes an internal type. */
public class A {
  public B b() {
    return null;
  }

  public Leaky leak() {
    return null;
  }
}
