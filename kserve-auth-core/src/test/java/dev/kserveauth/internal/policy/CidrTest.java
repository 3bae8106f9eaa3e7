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
package dev.kserveauth.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
      "10.0.0.0/8, 10.255.1.2, true",
      "10.0.0.0/8, 11.0.0.1, false",
      "192.168.1.7, 192.168.1.7, true",
      "192.168.1.7, 192.168.1.8, false",
      "10.1.2.128/25, 10.1.2.200, true",
      "10.1.2.128/25, 10.1.2.127, false",
      "0.0.0.0/0, 1.2.3.4, true",
      "2001:db8::/32, 2001:db8:ffff::1, true",
      "2001:db8::/32, 2001:db9::1, false",
      "10.0.0.0/8, ::ffff:10.1.1.1, true",
      "10.0.0.0/8, not-an-ip, false",
      "::1, ::1, true",
  })
  void contains(String cidr, String ip, boolean expected) {
    byte[] b = Cidr.parseIp(ip);
    assertThat(b != null && Cidr.parse(cidr).contains(b)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"10.0.0/8", "10.0.0.0/33", "10.0.0.0/x", "256.1.1.1", "example.com", "10.*", "::g", "1.2.3.4/-1"})
  void rejects(String bad) {
    assertThatThrownBy(() -> Cidr.parse(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
  }
}
