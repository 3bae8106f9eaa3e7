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
package dev.kserveauth.benchmarks.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The benchmark compares like with like: both engines decide every request as intended. */
class PolicyEngineBenchmarkTest {

  @ParameterizedTest
  @ValueSource(ints = {10, 100, 1000})
  void bothEnginesDecideTheMixAsIntended(int rules) {
    PolicyEngineBenchmark b = new PolicyEngineBenchmark();
    b.rules = rules;
    b.setup(); // throws when either engine disagrees with the expected decision
    int allowed = 0;
    for (int j = 0; j < PolicyEngineBenchmark.REQUESTS; j++) {
      b.next = j;
      assertThat(b.kserveAuth().allowed()).as("kserve-auth, request %d", j).isEqualTo(b.expected[j]);
      b.next = j;
      assertThat(b.jcasbin()).as("jCasbin, request %d", j).isEqualTo(b.expected[j]);
      allowed += b.expected[j] ? 1 : 0;
    }
    assertThat(allowed).isEqualTo(PolicyEngineBenchmark.REQUESTS / 2);
  }
}
