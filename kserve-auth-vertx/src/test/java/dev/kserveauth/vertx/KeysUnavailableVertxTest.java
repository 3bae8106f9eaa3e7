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
