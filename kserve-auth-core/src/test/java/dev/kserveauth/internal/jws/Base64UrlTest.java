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
package dev.kserveauth.internal.jws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Base64UrlTest {

  /** Canonical base64url: exactly the texts the unpadded encoder produces for some bytes. */
  private static byte[] reference(String text) {
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(text);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(text) ? bytes : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] decode(String text) {
    return Base64Url.decode(text.getBytes(StandardCharsets.ISO_8859_1), 0, text.length());
  }

  @Test
  void acceptsOnlyTheOneCanonicalEncoding() {
    assertThat(decode("")).isEmpty();
    assertThat(decode("QQ")).containsExactly('A');
    assertThat(decode("QUI")).containsExactly('A', 'B');
    assertThat(decode("QUJD")).containsExactly('A', 'B', 'C');
    assertThat(decode("-_8")).containsExactly(0xfb, 0xff);
    assertThat(decode("Q")).as("length 1 mod 4").isNull();
    assertThat(decode("QR")).as("non-zero unused bits").isNull();
    assertThat(decode("QUJ")).as("non-zero unused bits").isNull();
    assertThat(decode("QQ==")).as("padding").isNull();
    assertThat(decode("QUI=")).as("padding").isNull();
    assertThat(decode("QQ=A")).as("'=' inside").isNull();
    assertThat(decode("+/8A")).as("standard alphabet").isNull();
    assertThat(decode("QU JD")).as("whitespace").isNull();
    assertThat(decode("QUJD\n")).as("newline").isNull();
    assertThat(decode("QU\u00e9D")).as("non-ASCII").isNull();
  }

  @Test
  void decodesASegmentInPlace() {
    byte[] token = "xx.QUJD.yy".getBytes(StandardCharsets.US_ASCII);
    assertThat(Base64Url.decode(token, 3, 7)).containsExactly('A', 'B', 'C');
    assertThat(Base64Url.decode(token, 0, 2)).as("'xx' has non-zero unused bits").isNull();
  }

  @Test
  void agreesWithTheCanonicalityReferenceOnRandomTexts() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    String noise = "=+/ .\n\u00ff";
    SplittableRandom random = new SplittableRandom(7515);
    int accepted = 0;
    for (int n = 0; n < 200_000; n++) {
      int length = random.nextInt(0, 24);
      StringBuilder sb = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        sb.append(random.nextInt(40) == 0 ? noise.charAt(random.nextInt(noise.length()))
            : alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = sb.toString();
      byte[] expected = reference(text);
      assertThat(decode(text)).as(text).isEqualTo(expected);
      accepted += expected == null ? 0 : 1;
    }
    assertThat(accepted).as("both verdicts are exercised").isBetween(10_000, 190_000);
  }

  @Test
  void roundTripsEveryLength() {
    SplittableRandom random = new SplittableRandom(4648);
    for (int length = 0; length < 300; length++) {
      byte[] data = new byte[length];
      for (int i = 0; i < length; i++) {
        data[i] = (byte) random.nextInt(256);
      }
      assertThat(decode(Base64Url.encode(data))).isEqualTo(data);
    }
  }
}
