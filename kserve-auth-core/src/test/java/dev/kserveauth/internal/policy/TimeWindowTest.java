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

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeWindowTest {

  @Test
  void parsesPartsInAnyOrder() {
    TimeWindow w = TimeWindow.parse("Europe/Berlin 09:00-17:30 Mon-Fri");
    assertThat(w.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(w.zoneGiven()).isTrue();
    assertThat(w.days()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
        DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
    assertThat(w.startSecond()).isEqualTo(9 * 3600);
    assertThat(w.endSecond()).isEqualTo(17 * 3600 + 1800);
    assertThat(TimeWindow.parse("09:00:00-17:00:00").zoneGiven()).isFalse();
    assertThat(TimeWindow.parse("Fri-Mon 00:00-24:00").days()).containsExactlyInAnyOrder(DayOfWeek.FRIDAY,
        DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY);
    assertThat(TimeWindow.parse("sat,SUNDAY 10:00-11:00").days()).containsExactlyInAnyOrder(DayOfWeek.SATURDAY,
        DayOfWeek.SUNDAY);
  }

  @ParameterizedTest(name = "{0} at {1} -> {2}")
  @CsvSource({
      "Mon-Fri 09:00-17:00 Europe/Berlin, 2026-03-27T08:00:00Z, true",   // Fri 09:00 CET
      "Mon-Fri 09:00-17:00 Europe/Berlin, 2026-03-30T07:00:00Z, true",   // Mon 09:00 CEST (after DST switch)
      "Mon-Fri 09:00-17:00 Europe/Berlin, 2026-03-30T06:59:59Z, false",
      "22:00-06:00, 2026-01-01T23:59:59Z, true",
      "22:00-06:00, 2026-01-01T00:00:00Z, true",
      "22:00-06:00, 2026-01-01T06:00:00Z, false",
      "22:00-06:00, 2026-01-01T21:59:59Z, false",
      "Sun 23:00-01:00 UTC, 2026-01-05T00:30:00Z, true",                 // Monday 00:30 belongs to Sunday
      "Sun 23:00-01:00 UTC, 2026-01-06T00:30:00Z, false",
      "00:00-24:00 +05:30, 2026-01-01T12:00:00Z, true",
  })
  void contains(String window, String at, boolean expected) {
    assertThat(TimeWindow.parse(window).contains(Instant.parse(at))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "9-17", "09:00", "09:00-25:00", "09:60-10:00", "Mon-Fri", "10:00-10:00", "24:00-01:00",
      "Mon 09:00-10:00 Tue", "09:00-10:00 Nowhere/City", "09:00-10:00 10:00-11:00"})
  void rejects(String bad) {
    assertThatThrownBy(() -> TimeWindow.parse(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(bad);
  }
}
