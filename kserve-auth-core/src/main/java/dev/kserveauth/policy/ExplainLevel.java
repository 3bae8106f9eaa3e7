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
package dev.kserveauth.policy;

/**
 * How much the engine writes into {@link Decision#explanation()}.
 *
 * @since 0.1
 */
public enum ExplainLevel {
  /** Nothing; no trace objects are built (the default). */
  OFF,
  /** For a denial: the determining DENY rule, or why each candidate ALLOW rule did not match. */
  FAILURES,
  /** For every decision: every candidate rule evaluated and its outcome, plus index statistics. */
  FULL
}
