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
package dev.kserveauth.benchmarks.token;

import dev.kserveauth.benchmarks.Medians;
import dev.kserveauth.benchmarks.token.JwsFixtures.Alg;
import dev.kserveauth.benchmarks.token.Peers.Verifier;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cross-check of {@link TokenValidationBenchmark} for a shared, noisy machine: the same
 * candidates on the same fixtures, but <em>interleaved</em> (A, B, C, A, B, C, ...) in short
 * slices of the benchmark thread's own CPU time, so that every candidate sees the same background
 * load, and the median over rounds is reported. JMH runs candidates one after the other, and when
 * the load changes between them (ours goes from 2 to 30), their ratios move with it.
 *
 * <p>Not a replacement for JMH (no forks, no dead-code protection beyond a sink); a way to see
 * whether a JMH ratio is real. Run:
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.kserveauth.benchmarks.token.InterleavedCrossCheck RS256 ES256 PS256 EdDSA
 * }</pre>
 * Options (system properties): {@code -Drounds=15} measured rounds after 3 warm-up rounds,
 * {@code -DsliceMillis=150} CPU per candidate per round.
 */
public final class InterleavedCrossCheck {

  private InterleavedCrossCheck() {}

  public static void main(String[] args) throws Exception {
    int rounds = Integer.getInteger("rounds", 15);
    long sliceNanos = Long.getLong("sliceMillis", 150) * 1_000_000L;
    List<Alg> algs = new ArrayList<>();
    for (String a : args.length == 0 ? new String[] {"RS256", "PS256", "ES256", "EdDSA"} : args) {
      algs.add(Alg.valueOf(a));
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (Alg alg : algs) {
      AlgorithmFixture f = new AlgorithmFixture();
      f.init(alg, AlgorithmFixture.DEFAULT_RING);
      try {
        Map<String, Verifier> candidates = f.verifiers();
        candidates.remove("kserveAuth_cached"); // with a ring smaller than its cache it would be all hits
        if (alg == Alg.RS256) {
          candidates.put("kserveAuth_cacheHit", t -> f.kserveCached.verify(f.repeated));
        }
        Map<String, List<Double>> opsPerCpuSecond = new LinkedHashMap<>();
        Object sink = null;
        for (int r = -3; r < rounds; r++) {
          for (Map.Entry<String, Verifier> c : candidates.entrySet()) {
            Verifier v = c.getValue();
            long start = mx.getCurrentThreadCpuTime();
            long n = 0;
            long used;
            do {
              for (int i = 0; i < 8; i++) {
                sink = v.verify(f.next());
              }
              n += 8;
              used = mx.getCurrentThreadCpuTime() - start;
            } while (used < sliceNanos);
            if (r >= 0) {
              opsPerCpuSecond.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(n / (used / 1e9));
            }
          }
        }
        print(alg, rounds, opsPerCpuSecond);
        if (sink == null) {
          throw new IllegalStateException("no result");
        }
      } finally {
        f.close();
      }
    }
  }

  private static void print(Alg alg, int rounds, Map<String, List<Double>> results) {
    double rawJdk = Medians.of(results.get("rawJca_jdk"));
    Double rawAccp = results.containsKey("rawJca_accp") ? Medians.of(results.get("rawJca_accp")) : null;
    System.out.printf(Locale.ROOT, "%n%s, %d interleaved rounds, median ops per CPU-second of the benchmark thread%n",
        alg, rounds);
    System.out.printf(Locale.ROOT, "| %-20s | %14s | %12s | %13s | %17s |%n",
        "candidate", "ops/cpu-s", "µs/op (cpu)", "× raw JCA JDK", "× raw JCA ACCP");
    System.out.println("|---|---:|---:|---:|---:|");
    for (Map.Entry<String, List<Double>> e : results.entrySet()) {
      double m = Medians.of(e.getValue());
      System.out.printf(Locale.ROOT, "| %-20s | %,14.0f | %12.2f | %13.2f | %17s |%n", e.getKey(), m, 1e6 / m,
          m / rawJdk, rawAccp == null ? "-" : String.format(Locale.ROOT, "%.2f", m / rawAccp));
    }
  }
}
