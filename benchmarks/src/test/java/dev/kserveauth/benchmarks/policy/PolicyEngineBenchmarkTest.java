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
