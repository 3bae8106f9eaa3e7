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

import dev.kserveauth.internal.jws.Base64Url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompactJwsTest {

  private static final String PAYLOAD = Base64Url.encode("{\"iss\":\"x\"}".getBytes(StandardCharsets.UTF_8));
  private static final String SIGNATURE = Base64Url.encode(new byte[] {1, 2, 3});

  private static String token(String headerJson) {
    return Base64Url.encode(headerJson.getBytes(StandardCharsets.UTF_8)) + "." + PAYLOAD + "." + SIGNATURE;
  }

  @Test
  void everyHeaderIsReadAsItsOwnBytesSayEvenWhenMostRepeat() {
    // far more distinct headers than the parsed-header cache holds, each seen three times, interleaved
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 500; i++) {
        String alg = i % 2 == 0 ? "RS256" : "ES256";
        CompactJws jws = CompactJws.parse(token("{\"alg\":\"" + alg + "\",\"kid\":\"k" + i + "\",\"typ\":\"t" + i + "\"}"),
            CompactJws.DEFAULT_MAX_LENGTH);
        assertThat(jws.kid).isEqualTo("k" + i);
        assertThat(jws.typ).isEqualTo("t" + i);
        assertThat(jws.alg.name()).isEqualTo(alg);
        assertThat(jws.payload).asString(StandardCharsets.UTF_8).isEqualTo("{\"iss\":\"x\"}");
        assertThat(jws.signature).containsExactly(1, 2, 3);
      }
    }
  }

  @Test
  void aRefusedHeaderIsRefusedEveryTime() {
    String crit = token("{\"alg\":\"RS256\",\"crit\":[\"exp\"],\"exp\":1}");
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> CompactJws.parse(crit, CompactJws.DEFAULT_MAX_LENGTH))
          .isInstanceOf(MalformedTokenException.class).hasMessageContaining("'crit'");
    }
    String good = token("{\"alg\":\"RS256\",\"kid\":\"a\"}");
    CompactJws.parse(good, CompactJws.DEFAULT_MAX_LENGTH);
    // same header text with one more character: not the cached header
    String longer = token("{\"alg\":\"RS256\",\"kid\":\"a\",\"zip\":\"DEF\"}");
    assertThatThrownBy(() -> CompactJws.parse(longer, CompactJws.DEFAULT_MAX_LENGTH))
        .isInstanceOf(MalformedTokenException.class).hasMessageContaining("'zip'");
  }

  @Test
  void countsPartsWithoutDecodingAnything() {
    assertThatThrownBy(() -> CompactJws.parse("a.b.c.d.e", CompactJws.DEFAULT_MAX_LENGTH))
        .hasMessageContaining("JWE");
    assertThatThrownBy(() -> CompactJws.parse("a.b", CompactJws.DEFAULT_MAX_LENGTH))
        .hasMessageContaining("found 2");
    assertThatThrownBy(() -> CompactJws.parse("a.b.c.d", CompactJws.DEFAULT_MAX_LENGTH))
        .hasMessageContaining("found 4");
    assertThatThrownBy(() -> CompactJws.parse("abc", CompactJws.DEFAULT_MAX_LENGTH))
        .hasMessageContaining("found 1");
  }
}
