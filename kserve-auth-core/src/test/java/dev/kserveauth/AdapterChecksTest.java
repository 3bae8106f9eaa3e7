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

import static org.assertj.core.api.Assertions.assertThat;

import dev.kserveauth.http.RequestView;
import org.junit.jupiter.api.Test;

/** The checks every adapter makes before it hands a request on, done once in core. */
class AdapterChecksTest {
  private final KServeAuthTest base = new KServeAuthTest();

  @Test
  void aRequestIsHandedOnOnlyWhenTheServerRoutesThePathThatWasDecided() {
    KServeAuth a = base.auth();
    RequestView view = KServeAuthTest.req("POST", "/v1/models/iris:predict", "Bearer ds");
    AuthResult.Proceed p = (AuthResult.Proceed) a.authorize(view);
    assertThat(a.checkRouted(p, "/v1/models/iris:predict", view)).isSameAs(p);
    // the server routes on another path than the one decided on (a decoded %2F, a dropped segment ...)
    AuthResult other = a.checkRouted(p, "/v1/models/production:predict", view);
    assertThat(other).isInstanceOfSatisfying(AuthResult.Reject.class, r -> assertThat(r.status()).isEqualTo(400));
    // the server cannot say how it routes (Jetty throws for an ambiguous URI)
    assertThat(a.checkRouted(p, null, view)).isInstanceOf(AuthResult.Reject.class);
    assertThat(base.events).anyMatch(e -> e.event().equals("request_rejected"));
  }

  @Test
  void theBodyLimitIsTheBuildersMaxBodyBytes() {
    KServeAuth a = KServeAuth.builder().authenticator(base.authenticator).policyEngine(KServeAuthTest.ENGINE).maxBodyBytes(64).build();
    RequestView view = KServeAuthTest.req("POST", "/openai/v1/completions", "Bearer ds");
    assertThat(a.checkBodySize(view, 64)).isNull();
    assertThat(a.checkBodySize(view, -1)).isNull();
    assertThat(a.checkBodySize(view, 65)).satisfies(r -> assertThat(r.status()).isEqualTo(413));
  }
}
