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

import dev.kserveauth.benchmarks.token.JwsFixtures.Alg;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cold token validation (a different token on every call, so no library can cache), side by side:
 * kserve-auth on the JDK providers and on ACCP (its validated-token cache off, so every call
 * parses, verifies and checks claims), raw JCA {@code Signature.verify} (the floor, on the JDK
 * provider and on ACCP), jjwt, Nimbus JOSE+JWT, jose4j, auth0 java-jwt and vertx-auth-jwt, each
 * checking {@code iss}, {@code aud} and {@code exp} with one known key and one permitted
 * algorithm; plus {@code rs256_kserveAuth_cacheHit}: one token presented again and again to
 * kserve-auth with its defaults (validated-token cache on). One thread.
 *
 * <p>Method names are {@code <alg>_<library>[_<provider>]}; a library without support for an
 * algorithm has no method for it (java-jwt: no PS256/EdDSA; Nimbus: EdDSA needs Google Tink).
 * {@code @Setup} signs a ring of {@value #RING_DOC} distinct tokens per algorithm (signing is
 * never measured) and checks that every verifier accepts a good token and rejects a tampered one.
 *
 * <p>Run (from the repository root; one run, all candidates side by side; the profiler adds
 * operations per CPU-second, which is what to compare on a shared machine):
 * <pre>{@code
 * mvn -B -q -DskipTests package -pl benchmarks -am
 * java -jar benchmarks/target/benchmarks.jar TokenValidationBenchmark -f 1 -wi 8 -w 3s -i 5 -r 2s \
 *     -prof dev.kserveauth.benchmarks.CpuTimeProfiler
 * }</pre>
 * The long warm-up is for a loaded machine: with a fifth of a core, the JIT needs about 20 s of wall
 * time before the larger validators are compiled. A subset: {@code 'TokenValidationBenchmark.rs256_'} (one algorithm) or
 * {@code 'TokenValidationBenchmark.*_rawJca_'} (the floors only).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class TokenValidationBenchmark {

  static final String RING_DOC = "4096";

  /** Base for the per-algorithm states: JMH builds only the states a selected method uses. */
  public abstract static class Fixture extends AlgorithmFixture {
    abstract Alg algorithm();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      init(algorithm(), DEFAULT_RING);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      close();
    }
  }

  @State(Scope.Thread)
  public static class Rs256 extends Fixture {
    @Override
    Alg algorithm() {
      return Alg.RS256;
    }
  }

  @State(Scope.Thread)
  public static class Ps256 extends Fixture {
    @Override
    Alg algorithm() {
      return Alg.PS256;
    }
  }

  @State(Scope.Thread)
  public static class Es256 extends Fixture {
    @Override
    Alg algorithm() {
      return Alg.ES256;
    }
  }

  @State(Scope.Thread)
  public static class EdDsa extends Fixture {
    @Override
    Alg algorithm() {
      return Alg.EdDSA;
    }
  }

  // ---- RS256 ----------------------------------------------------------------------------------

  @Benchmark
  public Object rs256_kserveAuth_jdk(Rs256 s) throws Exception {
    return s.kserveJdk.verify(s.next());
  }

  @Benchmark
  public Object rs256_kserveAuth_accp(Rs256 s) throws Exception {
    return s.kserveAccp().verify(s.next());
  }

  @Benchmark
  public Object rs256_rawJca_jdk(Rs256 s) throws Exception {
    return s.rawJdk.verify(s.next());
  }

  @Benchmark
  public Object rs256_rawJca_accp(Rs256 s) throws Exception {
    return s.rawAccp().verify(s.next());
  }

  @Benchmark
  public Object rs256_jjwt(Rs256 s) throws Exception {
    return s.jjwt.verify(s.next());
  }

  @Benchmark
  public Object rs256_nimbus(Rs256 s) throws Exception {
    return s.nimbus.verify(s.next());
  }

  @Benchmark
  public Object rs256_jose4j(Rs256 s) throws Exception {
    return s.jose4j.verify(s.next());
  }

  @Benchmark
  public Object rs256_javaJwt(Rs256 s) throws Exception {
    return s.javaJwt.verify(s.next());
  }

  @Benchmark
  public Object rs256_vertxAuthJwt(Rs256 s) throws Exception {
    return s.vertxAuth.verify(s.next());
  }

  /** The same token on every call: kserve-auth's validated-token cache answers (defaults: cache on). */
  @Benchmark
  public Object rs256_kserveAuth_cacheHit(Rs256 s) throws Exception {
    return s.kserveCached.verify(s.repeated);
  }

  // ---- PS256 ----------------------------------------------------------------------------------

  @Benchmark
  public Object ps256_kserveAuth_jdk(Ps256 s) throws Exception {
    return s.kserveJdk.verify(s.next());
  }

  @Benchmark
  public Object ps256_kserveAuth_accp(Ps256 s) throws Exception {
    return s.kserveAccp().verify(s.next());
  }

  @Benchmark
  public Object ps256_rawJca_jdk(Ps256 s) throws Exception {
    return s.rawJdk.verify(s.next());
  }

  @Benchmark
  public Object ps256_rawJca_accp(Ps256 s) throws Exception {
    return s.rawAccp().verify(s.next());
  }

  @Benchmark
  public Object ps256_jjwt(Ps256 s) throws Exception {
    return s.jjwt.verify(s.next());
  }

  @Benchmark
  public Object ps256_nimbus(Ps256 s) throws Exception {
    return s.nimbus.verify(s.next());
  }

  @Benchmark
  public Object ps256_jose4j(Ps256 s) throws Exception {
    return s.jose4j.verify(s.next());
  }

  @Benchmark
  public Object ps256_vertxAuthJwt(Ps256 s) throws Exception {
    return s.vertxAuth.verify(s.next());
  }

  // ---- ES256 ----------------------------------------------------------------------------------

  @Benchmark
  public Object es256_kserveAuth_jdk(Es256 s) throws Exception {
    return s.kserveJdk.verify(s.next());
  }

  @Benchmark
  public Object es256_kserveAuth_accp(Es256 s) throws Exception {
    return s.kserveAccp().verify(s.next());
  }

  @Benchmark
  public Object es256_rawJca_jdk(Es256 s) throws Exception {
    return s.rawJdk.verify(s.next());
  }

  @Benchmark
  public Object es256_rawJca_accp(Es256 s) throws Exception {
    return s.rawAccp().verify(s.next());
  }

  @Benchmark
  public Object es256_jjwt(Es256 s) throws Exception {
    return s.jjwt.verify(s.next());
  }

  @Benchmark
  public Object es256_nimbus(Es256 s) throws Exception {
    return s.nimbus.verify(s.next());
  }

  @Benchmark
  public Object es256_jose4j(Es256 s) throws Exception {
    return s.jose4j.verify(s.next());
  }

  @Benchmark
  public Object es256_javaJwt(Es256 s) throws Exception {
    return s.javaJwt.verify(s.next());
  }

  @Benchmark
  public Object es256_vertxAuthJwt(Es256 s) throws Exception {
    return s.vertxAuth.verify(s.next());
  }

  // ---- EdDSA (Ed25519) ------------------------------------------------------------------------

  @Benchmark
  public Object eddsa_kserveAuth_jdk(EdDsa s) throws Exception {
    return s.kserveJdk.verify(s.next());
  }

  @Benchmark
  public Object eddsa_kserveAuth_accp(EdDsa s) throws Exception {
    return s.kserveAccp().verify(s.next());
  }

  @Benchmark
  public Object eddsa_rawJca_jdk(EdDsa s) throws Exception {
    return s.rawJdk.verify(s.next());
  }

  @Benchmark
  public Object eddsa_rawJca_accp(EdDsa s) throws Exception {
    return s.rawAccp().verify(s.next());
  }

  @Benchmark
  public Object eddsa_jjwt(EdDsa s) throws Exception {
    return s.jjwt.verify(s.next());
  }

  @Benchmark
  public Object eddsa_jose4j(EdDsa s) throws Exception {
    return s.jose4j.verify(s.next());
  }

  @Benchmark
  public Object eddsa_vertxAuthJwt(EdDsa s) throws Exception {
    return s.vertxAuth.verify(s.next());
  }
}
