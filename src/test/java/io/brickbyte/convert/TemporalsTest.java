package io.brickbyte.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import org.junit.jupiter.api.Test;

class TemporalsTest {

  private static final long T = 1642901025_000000L; // 2022-01-23T01:23:45Z
  private static final long HOUR = 3600_000000L;

  @Test
  void dates() {
    assertEquals(0, Temporals.epochDay("1970-01-01"));
    assertEquals(-1, Temporals.epochDay("1969-12-31"));
    assertEquals(19015, Temporals.epochDay("2022-01-23"));
    assertEquals(19015, Temporals.epochDay(" 2022-01-23 "));
    assertEquals(19015, Temporals.epochDay("2022-01-23T23:59:59-11:00"), "a timestamp's own date, not shifted");
    assertEquals(19015, Temporals.epochDay("2022-01-23 01:00:00"));
    assertEquals(-1457661, Temporals.epochDay("2022-01-23 BC"));
    assertEquals(-719528, Temporals.epochDay("0001-01-01 BC"), "1 BC is proleptic year 0");
    assertEquals(-719162, Temporals.epochDay("0001-01-01"));
    assertEquals(11016, Temporals.epochDay("2000-02-29"));
  }

  @Test
  void badDatesThrow() {
    for (String bad : new String[] {"2022-02-30", "2021-02-29", "0000-01-01 BC", "", "23/01/2022", "2022-1-5", "2022-01-23BC"}) {
      assertThrows(DateTimeException.class, () -> Temporals.epochDay(bad), bad);
    }
  }

  @Test
  void timestampsWithOffsets() {
    assertEquals(T, Temporals.epochMicros("2022-01-23T01:23:45Z", false));
    assertEquals(T, Temporals.epochMicros("2022-01-23t01:23:45z", false));
    assertEquals(T, Temporals.epochMicros("2022-01-23T03:23:45+02:00", false));
    assertEquals(T, Temporals.epochMicros("2022-01-23T03:23:45+0200", false));
    assertEquals(T, Temporals.epochMicros("2022-01-23T03:23:45+02", false));
    assertEquals(T, Temporals.epochMicros("2022-01-23T06:53:45+05:30", false));
    assertEquals(T, Temporals.epochMicros("2022-01-23T06:53:45+5:30", false), "one-digit offset hours, as the spec allows");
    assertEquals(T, Temporals.epochMicros("2022-01-22T15:53:45-9:30", false));
    assertEquals(T, Temporals.epochMicros("2022-01-23T03:24:15+02:00:30", false));
    assertEquals(T, Temporals.epochMicros("2022-01-22T11:23:45-14:00", false));
  }

  @Test
  void timestampsWithoutOffsetAreUtc() {
    assertEquals(T, Temporals.epochMicros("2022-01-23T01:23:45", false));
    assertEquals(T, Temporals.epochMicros("2022-01-23 01:23:45", false));
    assertEquals(T - 45_000000L, Temporals.epochMicros("2022-01-23T01:23", false));
    assertEquals(T - HOUR - 23 * 60_000000L - 45_000000L, Temporals.epochMicros("2022-01-23", false));
    assertEquals(T, Temporals.epochMicros("  2022-01-23T01:23:45Z\n", false));
  }

  @Test
  void fractionsAreKeptToTheMicrosecond() {
    assertEquals(T + 100_000, Temporals.epochMicros("2022-01-23T01:23:45.1Z", false));
    assertEquals(T + 678_000, Temporals.epochMicros("2022-01-23T01:23:45.678+00:00", false));
    assertEquals(T + 123_456, Temporals.epochMicros("2022-01-23T01:23:45.123456Z", false));
    assertEquals(T + 123_456, Temporals.epochMicros("2022-01-23T01:23:45.123456789Z", false), "nanoseconds are cut");
    assertEquals(-1, Temporals.epochMicros("1969-12-31T23:59:59.999999Z", false));
    assertEquals(-500_000, Temporals.epochMicros("1969-12-31 23:59:59.5", false));
  }

  @Test
  void bcTimestamps() {
    assertEquals(-125941863974_322000L, Temporals.epochMicros("2022-01-23T01:23:45.678-11:30 BC", false));
    assertEquals(-125941905375_000000L, Temporals.epochMicros("2022-01-23T01:23:45 BC", true));
  }

  @Test
  void localTimestampsKeepTheWallClock() {
    assertEquals(T, Temporals.epochMicros("2022-01-23T01:23:45", true));
    assertEquals(T, Temporals.epochMicros("2022-01-23T01:23:45+02:00", true));
    assertEquals(T, Temporals.epochMicros("2022-01-23T01:23:45-0800", true));
    assertEquals(T + 5, Temporals.epochMicros("2022-01-23 01:23:45.000005Z", true));
  }

  @Test
  void badTimestampsThrow() {
    for (String bad : new String[] {"2022-01-23T25:00:00Z", "2022-13-01T00:00:00Z", "2022-01-23T01:23:45+25:00", "01:23:45",
        "1642901025", "2022-01-23T01:23:45.1234567891Z", "2022-01-23T01:23:45 UTC", "", "0000-01-01T00:00:00 BC"}) {
      assertThrows(DateTimeException.class, () -> Temporals.epochMicros(bad, false), bad);
    }
  }
}
