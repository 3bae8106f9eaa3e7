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

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;

/** Turns a {@link JwtRule} into {@link IssuerSettings} with a key source. */
final class RuleCompiler {
  private final Clock clock;
  private final OkHttpClient http;
  private final boolean prefetch;
  private final dev.kserveauth.metrics.AuthMetrics metrics;

  /**
   * @param clock clock for key-cache timing
   * @param http client remote sources derive from, or {@code null} for the shared default
   * @param prefetch whether remote sources start fetching at once
   */
  public RuleCompiler(Clock clock, OkHttpClient http, boolean prefetch, dev.kserveauth.metrics.AuthMetrics metrics) {
    this.clock = clock;
    this.http = http;
    this.prefetch = prefetch;
    this.metrics = metrics;
  }

  /**
   * @throws IllegalArgumentException (or a JWK/PEM exception) naming the rule's origin when its keys or settings are unusable
   */
  public IssuerSettings settings(JwtRule rule) {
    try {
      return build(rule);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(rule.origin() + ": issuer " + rule.issuer() + ": " + e.getMessage(), e);
    }
  }

  private IssuerSettings build(JwtRule rule) {
    IssuerSettingsBuilder b = IssuerSettings.builder(rule.issuer());
    JwtRule.Keys keys = rule.keys();
    if (keys instanceof JwtRule.Keys.JwksUri j && inClusterApiServer(j.uri()) != null) {
      // an Istio rule pointing at the in-cluster API server: trust the pod's CA and send its token
      b.keySource(remote(KeySources.kubernetes().issuer(rule.issuer()).apiServer(inClusterApiServer(j.uri())), rule));
    } else if (keys instanceof JwtRule.Keys.JwksUri j) {
      b.keySource(remote(KeySources.jwks(j.uri()).issuer(rule.issuer()), rule));
    } else if (keys instanceof JwtRule.Keys.Discovery d) {
      KeySourcesBuilder kb = KeySources.oidcDiscovery(rule.issuer());
      if (d.discoveryUrl() != null) {
        kb.discoveryUrl(d.discoveryUrl());
      }
      b.keySource(remote(kb, rule));
    } else if (keys instanceof JwtRule.Keys.InlineJwks i) {
      // configured, not published: kty 'oct' keys are HMAC secrets here, as in Istio's inline jwks
      b.jwks(KeySetLog.checked(rule.issuer(), "inline jwks of " + rule.origin(),
          JwkParser.read(i.json(), JwkParser.Mode.CONFIGURED), metrics));
    } else if (keys instanceof JwtRule.Keys.Pem p) {
      List<VerificationKey> all = new ArrayList<>();
      for (String pem : p.pems()) {
        all.addAll(JwkSet.fromPem(pem).keys());
      }
      b.jwks(new JwkSet(all));
    } else if (keys instanceof JwtRule.Keys.HmacSecret h) {
      b.hmacSecrets(JwkSet.ofSecret(h.kid(), h.secret()));
    } else if (keys instanceof JwtRule.Keys.Kubernetes k) {
      KeySourcesBuilder kb = KeySources.kubernetes().issuer(rule.issuer());
      if (k.apiServer() != null) {
        kb.apiServer(k.apiServer());
      }
      if (k.caFile() != null) {
        kb.caFile(k.caFile());
      }
      if (k.tokenFile() != null) {
        kb.tokenFile(k.tokenFile());
      }
      b.keySource(remote(kb, rule));
    } else {
      throw new IllegalStateException("unknown key source " + keys);
    }
    JwtRule.Validation v = rule.validation();
    if (rule.audiences().isEmpty()) {
      b.anyAudience(); // Istio: a rule without audiences does not check aud
    } else if (v.cognitoClientId()) {
      b.cognitoClientIds(rule.audiences().toArray(String[]::new));
    } else {
      b.audiences(rule.audiences());
    }
    if (!v.algorithms().isEmpty()) {
      b.algorithms(v.algorithms().toArray(String[]::new));
    }
    if (v.clockSkew() != null) {
      b.clockSkew(v.clockSkew());
    }
    if (v.maxTokenLifetime() != null) {
      b.maxTokenLifetime(v.maxTokenLifetime());
    }
    if (!v.allowedTypes().isEmpty()) {
      b.allowedTypes(v.allowedTypes().toArray(String[]::new));
    }
    if (v.allowLegacyKubernetesTokens()) {
      b.allowLegacyKubernetesTokens(true);
    }
    if (v.roleMapping() != null) {
      b.roleMapping(v.roleMapping());
    }
    if (!v.requireExpiration()) {
      b.requireExpiration(false);
    }
    return b.build();
  }

  /**
   * The API server base URL when {@code jwksUri} is {@code https://kubernetes.default.svc[.cluster.local][:port]/openid/v1/jwks}
   * and this process runs in a pod (the service-account CA file exists); else {@code null}.
   */
  static String inClusterApiServer(String jwksUri) {
    okhttp3.HttpUrl u = okhttp3.HttpUrl.parse(jwksUri);
    if (u == null || !u.isHttps() || !u.encodedPath().equals("/openid/v1/jwks")
        || !(u.host().equals("kubernetes.default.svc") || u.host().equals("kubernetes.default.svc.cluster.local"))
        || !java.nio.file.Files.isReadable(dev.kserveauth.internal.keys.KubernetesHttp.DEFAULT_CA_FILE)) {
      return null;
    }
    return u.scheme() + "://" + u.host() + ":" + u.port();
  }

  private KeySource remote(KeySourcesBuilder kb, JwtRule rule) {
    kb.clock(clock).prefetch(prefetch);
    if (metrics != null) {
      kb.metrics(metrics);
    }
    if (rule.timeout() != null) {
      kb.timeout(rule.timeout());
    }
    if (http != null) {
      kb.httpClient(http);
    }
    return kb.build();
  }
}
