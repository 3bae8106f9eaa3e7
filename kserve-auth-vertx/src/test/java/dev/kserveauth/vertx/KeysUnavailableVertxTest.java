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
package dev.kserveauth.vertx;

import dev.kserveauth.KServeAuth;
import dev.kserveauth.testing.http.SwitchableJwksServer;
import org.junit.jupiter.api.Test;

/** Issue 14 item 24 on Vert.x: a JWKS that is down answers 503 + Retry-After, not 401; then keys arrive. */
class KeysUnavailableVertxTest {

  @Test
  void jwksDownAtStartupIs503WithRetryAfterThenServesOnceKeysArrive() throws Exception {
    try (SwitchableJwksServer jwks = new SwitchableJwksServer(false); KServeAuth auth = jwks.auth();
        VertxServer server = new VertxServer(auth)) {
      jwks.assertDownThenUp(auth, server);
    }
  }
}
