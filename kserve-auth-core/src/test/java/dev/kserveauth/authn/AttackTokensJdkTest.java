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

/**
 * Every attack token of {@link AttackTokensTest} again, with the JDK's providers: the verdicts and
 * reasons must not depend on the provider (the base class runs on ACCP where it loads).
 */
class AttackTokensJdkTest extends AttackTokensTest {

  @Override
  SignatureProvider signatureProvider() {
    return SignatureProvider.off();
  }

  @Override
  String expectedProviderName() {
    return "JDK";
  }
}
