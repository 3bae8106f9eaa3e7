/*
 * Copyright 2026 the kserve-auth authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
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
