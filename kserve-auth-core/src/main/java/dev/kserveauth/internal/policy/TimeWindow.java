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

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A recurring time window: a daily time range, optionally limited to days of the week, in an IANA
 * zone. This is a kserve-auth extension (Istio has no time condition).
 *
 * <p>Syntax (whitespace-separated parts, range required, the others optional, in any order):
 * <pre>
 *   [DAYS] HH:MM[:SS]-HH:MM[:SS] [ZONE]
 *   "09:00:00-17:00:00"                       every day, UTC
 *   "Mon-Fri 09:00-17:00 Europe/Berlin"       weekdays, Berlin local time
 *   "Sat,Sun 00:00-24:00 America/New_York"    weekends, whole day
 *   "Fri 22:00-06:00 UTC"                     Friday 22:00 until Saturday 06:00
 * </pre>
 * DAYS is a comma list of day names or ranges ({@code Mon}, {@code monday}, {@code Mon-Fri},
 * {@code Fri-Mon} wraps). The start is inclusive, the end exclusive; {@code 24:00} ends at midnight.
 * A range whose end is before its start crosses midnight, and DAYS then names the day the window
 * <em>starts</em>. ZONE is any {@link ZoneId} ({@code Europe/Berlin}, {@code UTC}, {@code +02:00});
 * without one the window is in UTC.
 *
 * @param days days on which a window starts
 * @param startSecond start, seconds after local midnight (inclusive)
 * @param endSecond end, seconds after local midnight (exclusive), up to 86400
 * @param zone the zone the times are in
 * @param zoneGiven whether the value named a zone (the linter warns otherwise)
 * @param source the value as written
 */
public record TimeWindow(Set<DayOfWeek> days, int startSecond, int endSecond, ZoneId zone, boolean zoneGiven,
    String source) {

  public TimeWindow {
    days = Set.copyOf(days);
  }

  /**
   * Parses the syntax above.
   *
   * @throws IllegalArgumentException naming the bad part
   */
  public static TimeWindow parse(String value) {
    Set<DayOfWeek> days = null;
    int[] range = null;
    ZoneId zone = null;
    for (String part : value.trim().split("\\s+")) {
      if (part.isEmpty()) {
        continue;
      }
      if (Character.isDigit(part.charAt(0)) && part.indexOf(':') > 0 && part.indexOf('-') > 0) {
        if (range != null) {
          throw new IllegalArgumentException("time window '" + value + "' has two time ranges");
        }
        range = parseRange(part, value);
      } else if (Character.isLetter(part.charAt(0)) && isDays(part)) {
        if (days != null) {
          throw new IllegalArgumentException("time window '" + value + "' has two day lists");
        }
        days = parseDays(part, value);
      } else {
        if (zone != null) {
          throw new IllegalArgumentException("time window '" + value + "' has two zones");
        }
        try {
          zone = ZoneId.of(part);
        } catch (DateTimeException e) {
          throw new IllegalArgumentException("time window '" + value + "': unknown part '" + part
              + "' (expected days like Mon-Fri, a range like 09:00-17:00, or an IANA zone like Europe/Berlin)");
        }
      }
    }
    if (range == null) {
      throw new IllegalArgumentException("time window '" + value + "' has no HH:MM-HH:MM range");
    }
    return new TimeWindow(days == null ? EnumSet.allOf(DayOfWeek.class) : days, range[0], range[1],
        zone == null ? ZoneOffset.UTC : zone, zone != null, value);
  }

  private static boolean isDays(String part) {
    for (String item : part.split("[,-]")) {
      if (day(item) == null) {
        return false;
      }
    }
    return true;
  }

  private static DayOfWeek day(String s) {
    String l = s.toLowerCase(Locale.ROOT);
    if (l.length() < 3) {
      return null;
    }
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().toLowerCase(Locale.ROOT).startsWith(l)) {
        return d;
      }
    }
    return null;
  }

  private static Set<DayOfWeek> parseDays(String part, String value) {
    Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
    for (String item : part.split(",")) {
      String[] ends = item.split("-", -1);
      if (ends.length == 1) {
        out.add(day(ends[0]));
      } else if (ends.length == 2) {
        DayOfWeek d = day(ends[0]);
        DayOfWeek to = day(ends[1]);
        out.add(d);
        while (d != to) {
          d = d.plus(1);
          out.add(d);
        }
      } else {
        throw new IllegalArgumentException("time window '" + value + "': bad day range '" + item + "'");
      }
    }
    return out;
  }

  private static int[] parseRange(String part, String value) {
    String[] ends = part.split("-", -1);
    if (ends.length != 2) {
      throw new IllegalArgumentException("time window '" + value + "': bad range '" + part + "'");
    }
    int start = seconds(ends[0], value);
    int end = seconds(ends[1], value);
    if (start == 86400) {
      throw new IllegalArgumentException("time window '" + value + "': a range cannot start at 24:00");
    }
    if (start == end) {
      throw new IllegalArgumentException("time window '" + value + "': empty range '" + part + "'");
    }
    return new int[] {start, end};
  }

  private static int seconds(String hms, String value) {
    String[] p = hms.split(":", -1);
    if (p.length < 2 || p.length > 3) {
      throw new IllegalArgumentException("time window '" + value + "': bad time '" + hms + "' (HH:MM or HH:MM:SS)");
    }
    int[] n = new int[3];
    for (int i = 0; i < p.length; i++) {
      if (p[i].length() != 2 || !Character.isDigit(p[i].charAt(0)) || !Character.isDigit(p[i].charAt(1))) {
        throw new IllegalArgumentException("time window '" + value + "': bad time '" + hms + "' (HH:MM or HH:MM:SS)");
      }
      n[i] = Integer.parseInt(p[i]);
    }
    int total = n[0] * 3600 + n[1] * 60 + n[2];
    if (n[1] > 59 || n[2] > 59 || total > 86400) {
      throw new IllegalArgumentException("time window '" + value + "': time out of range '" + hms + "'");
    }
    return total;
  }

  /** Whether the instant falls in this window. */
  public boolean contains(Instant t) {
    ZonedDateTime z = t.atZone(zone);
    int s = z.toLocalTime().toSecondOfDay();
    DayOfWeek d = z.getDayOfWeek();
    if (startSecond < endSecond) {
      return days.contains(d) && s >= startSecond && s < endSecond;
    }
    return (days.contains(d) && s >= startSecond) || (days.contains(d.minus(1)) && s < endSecond);
  }

  @Override
  public String toString() {
    return source;
  }
}
