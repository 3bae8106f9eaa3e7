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

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kserveauth.http.RequestView;
import dev.kserveauth.authn.JwtAuthenticator;
import dev.kserveauth.testing.TestKeys;
import dev.kserveauth.testing.TestTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A token whose {@code iss} no rule names is refused with the documented reason, and the server log
 * names that {@code iss} (a trailing {@code /} is the usual culprit), once a minute at WARN, without
 * letting the caller's text forge log content.
 */
class UnknownIssuerLogTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger(JwtAuthenticator.class);
  private final ListAppender<ILoggingEvent> seen = new ListAppender<>();
  private Level before;

  @BeforeEach
  void attach() {
    before = logger.getLevel();
    logger.setLevel(Level.INFO);
    seen.start();
    logger.addAppender(seen);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(seen);
    logger.setLevel(before);
  }

  private static AuthenticationOutcome authenticate(RequestAuthenticator auth, String token) {
    return auth.authenticate(new RequestView("POST", "/v1/models/iris:predict", "h",
        Map.of("authorization", List.of("Bearer " + token)), Map.of(), Map.of(), "", 0, null));
  }

  @Test
  void theRefusedIssuerIsNamedInTheLogOnceAMinute() {
    RequestAuthenticator auth = RequestAuthenticator.builder()
        .rule(JwtRule.builder(TestTokens.ISSUER).jwks(TestKeys.jwks(TestKeys.RSA_KID)).audiences("kserve").build())
        .build();
    String slash = TestTokens.rs256().issuer(TestTokens.ISSUER + "/").audience("kserve").build();
    AuthenticationOutcome out = authenticate(auth, slash);
    assertThat(out).isInstanceOfSatisfying(AuthenticationOutcome.Failed.class,
        f -> assertThat(f.error().getMessage()).isEqualTo("token issuer is not configured (Jwt issuer is not configured)"));
    assertThat(seen.list).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getFormattedMessage())
          .contains("its issuer '" + TestTokens.ISSUER + "/' is not configured")
          .contains("configured: [" + TestTokens.ISSUER + "]")
          .doesNotContain(slash);
    });

    String forging = TestTokens.rs256().issuer("https://evil.test/\n2026-01-01 INFO allowed\u202e").audience("kserve").build();
    authenticate(auth, forging);
    assertThat(seen.list).as("at most one WARN a minute").hasSize(1);

    logger.setLevel(Level.DEBUG);
    authenticate(auth, forging);
    assertThat(seen.list).hasSize(2);
    assertThat(seen.list.get(1).getLevel()).isEqualTo(Level.DEBUG);
    assertThat(seen.list.get(1).getFormattedMessage())
        .contains("'https://evil.test/?2026-01-01 INFO allowed?'")
        .doesNotContain("\n").doesNotContain("\u202e");
  }

  @Test
  void aConfiguredIssuerWithABadTokenIsNotReportedAsUnknown() {
    RequestAuthenticator auth = RequestAuthenticator.builder()
        .rule(JwtRule.builder(TestTokens.ISSUER).jwks(TestKeys.jwks(TestKeys.RSA_KID)).audiences("kserve").build())
        .build();
    AuthenticationOutcome out = authenticate(auth, TestTokens.rs256().audience("other").build());
    assertThat(out).isInstanceOf(AuthenticationOutcome.Failed.class);
    assertThat(seen.list).isEmpty();
  }
}
