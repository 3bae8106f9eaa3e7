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
package dev.kserveauth.authn;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.Provider;
import org.junit.jupiter.api.BeforeEach;

/**
 * Every Wycheproof suite of {@link WycheproofTest} again, verified through the native provider
 * (ACCP): the same files, the same key path, the same expected verdicts and the same deliberate
 * differences. {@link WycheproofVerdictParityTest} compares the two paths vector by vector.
 *
 * <p>ACCP ships a native library for linux-x86_64 only; elsewhere this class is skipped, except
 * under {@code CI=true} (CI runs on linux-x86_64), where a load failure fails it.
 */
class AccpWycheproofTest extends WycheproofTest {

  static Provider accp() {
    Provider p = SignatureProvider.auto().resolve().orElse(null);
    if (p == null || !p.getName().equals("AmazonCorrettoCryptoProvider")) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("CI=true but ACCP's native library did not load");
      }
      return null;
    }
    return p;
  }

  @BeforeEach
  void requireAccp() {
    assumeTrue(accp() != null, "ACCP's native library does not load on this platform");
  }

  @Override
  Provider provider() {
    return accp();
  }
}
