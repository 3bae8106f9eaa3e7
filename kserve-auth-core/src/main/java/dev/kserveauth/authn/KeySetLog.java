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

import dev.kserveauth.metrics.AuthMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the keys a parsed key set left out, once per parse (so once per fetch of a remote set, once
 * at startup for an inline one): each in the log with its precise reason, and counted in
 * {@link AuthMetrics#jwksKeyRejected}. A key meant for something else ({@code use: enc}) is routine and
 * logged at DEBUG; a broken, weak or unsupported key at WARN; a key that publishes private members, or a
 * secret in a published set, at ERROR (that key material must be treated as compromised).
 */
final class KeySetLog {
  private static final Logger LOG = LoggerFactory.getLogger(KeySetLog.class);

  private KeySetLog() {}

  /**
   * @param issuer the issuer the keys belong to
   * @param origin where the set came from (a URL, a config file), for the log
   * @param parsed the parsed set
   * @param metrics where dropped keys are counted ({@code null}: not counted)
   * @return the usable keys
   * @throws InvalidJwkException when no usable key remains
   */
  public static JwkSet checked(String issuer, String origin, JwkParser.Result parsed, AuthMetrics metrics) {
    for (JwkParser.Dropped d : parsed.dropped()) {
      switch (d.reason()) {
        case NOT_FOR_SIGNATURES -> LOG.debug("issuer {}: key set from {}: {} left out: {}", issuer, origin, d.label(),
            d.detail());
        case PRIVATE_MEMBERS, PUBLISHED_SECRET -> LOG.error("issuer {}: key set from {}: {} dropped: {}; treat this key "
            + "as compromised and remove it from the key set", issuer, origin, d.label(), d.detail());
        default -> LOG.warn("issuer {}: key set from {}: {} dropped (the other keys stay in use): {}", issuer, origin,
            d.label(), d.detail());
      }
      if (metrics != null) {
        try {
          metrics.jwksKeyRejected(issuer, d.reason().tag());
        } catch (RuntimeException e) {
          LOG.debug("metrics failed", e);
        }
      }
    }
    return parsed.requireUsable();
  }
}
