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

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated policy files either load or fail with a {@link PolicyException} that names
 * {@code file:line}; never another exception (no NPE, ClassCastException, stack overflow...).
 */
class PolicyLoaderRobustnessTest {

  static final String[] TOKENS = {"{", "}", "[", "]", ":", "-", "\n", " ", "*", "\"", "'", "&a", "*a", "~", "null",
      "[]", "{}", "\n  - ", "\n---\n", "rules:", "from:", "to:", "when:", "key:", "values:", "source:",
      "operation:", "paths:", "!!binary", "12", "true", "request.headers[", "{*}", "{**}", "%", "\t"};

  @Test
  void mutatedPolicyFilesFailCleanly() throws IOException {
    String base;
    try (InputStream in = getClass().getResourceAsStream("/examples/istio-intent.yaml")) {
      base = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Random rnd = new Random(7);
    int loaded = 0;
    int rejected = 0;
    for (int i = 0; i < 400; i++) {
      StringBuilder b = new StringBuilder(base);
      int edits = 1 + rnd.nextInt(4);
      for (int e = 0; e < edits; e++) {
        int pos = rnd.nextInt(b.length());
        switch (rnd.nextInt(3)) {
          case 0 -> b.delete(pos, Math.min(b.length(), pos + 1 + rnd.nextInt(12)));
          case 1 -> b.insert(pos, TOKENS[rnd.nextInt(TOKENS.length)]);
          default -> b.setCharAt(pos, TOKENS[rnd.nextInt(TOKENS.length)].charAt(0));
        }
      }
      String text = b.toString();
      try {
        PolicySet s = PolicySet.parse(text, "m.yaml");
        PolicyEngine.builder().policies(s).build().decide(Requests.req(Requests.ds(), "POST", "/v1/models/x:predict"));
        loaded++;
      } catch (PolicyException e) {
        assertThat(e.getMessage()).as("mutation %d", i).matches("(?s)m\\.yaml:\\d+: .+");
        rejected++;
      } catch (RuntimeException | StackOverflowError e) {
        throw new AssertionError("mutation " + i + " threw " + e + " for:\n" + text, e);
      }
    }
    assertThat(loaded).isPositive();
    assertThat(rejected).isPositive();
  }
}
