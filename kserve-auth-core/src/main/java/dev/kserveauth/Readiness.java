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
package dev.kserveauth;

import java.time.Duration;
import java.util.Map;

/**
 * A snapshot for health and readiness endpoints ({@link KServeAuth#readiness()}): the policies and,
 * per issuer, the signing keys. Holds no secret (key sources are URLs or {@code inline}).
 *
 * <pre>{@code
 * Readiness r = auth.readiness();
 * boolean ready = r.ready();                        // policies loaded, every issuer has usable keys
 * r.issuers().forEach((iss, k) -> log.info("{} keys={} age={}", iss, k.keys(), k.age()));
 * }</pre>
 *
 * @since 0.1
 * @param policiesLoaded whether a policy engine is in force (false: every request answers 500)
 * @param enforcing whether any policy can deny (false: an allow-all start that was asked for)
 * @param issuers per issuer (the {@code iss} value), its keys
 */
public record Readiness(boolean policiesLoaded, boolean enforcing, Map<String, IssuerKeys> issuers) {

  /**
   * Copies the map.
   *
   * @param policiesLoaded whether a policy engine is in force (false: every request answers 500)
   * @param enforcing whether any policy can deny (false: an allow-all start that was asked for)
   * @param issuers per issuer (the {@code iss} value), its keys
   */
  public Readiness {
    issuers = Map.copyOf(issuers);
  }

  /**
   * The signing keys of one issuer.
   *
   * @param available whether a token of this issuer can be verified now (keys fresh, or stale within
   *     the stale-if-error window); while false its tokens get 503 with {@code Retry-After}
   * @param keys how many keys are held
   * @param age time since the last successful fetch; {@code null} when none succeeded yet, zero for
   *     keys that are configured rather than fetched
   * @param stale whether the keys are past their TTL and served because fetching fails
   * @param source where the keys come from (a URL or {@code inline})
   */
  public record IssuerKeys(boolean available, int keys, Duration age, boolean stale, String source) {}

  /**
   * Policies loaded and every issuer's keys available.
   *
   * @return {@code true} when the policies are loaded and no issuer lacks keys
   */
  public boolean ready() {
    return policiesLoaded && issuers.values().stream().allMatch(IssuerKeys::available);
  }
}
