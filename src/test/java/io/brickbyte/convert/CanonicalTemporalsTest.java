package io.brickbyte.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast path agrees with the general one on every text it takes, and takes the common ones. */
class CanonicalTemporalsTest {

  private static long fastMicros(String text, boolean local) {
    return CanonicalTemporals.epochMicros(text.toCharArray(), 0, text.length(), local);
  }

  private static long fastDay(String text) {
    // Offset into a larger array, as Jackson's text buffers are.
    char[] padded = ("xx" + text + "yy").toCharArray();
    return CanonicalTemporals.epochDay(padded, 2, text.length());
  }

  @Test
  void commonTimestampsTakeTheFastPathAndAgree() {
    for (String text : new String[] {"2022-01-23T01:23:45Z", "2022-01-23 01:23:45", "2022-01-23T01:23:45",
        "2022-01-23T01:23:45.1Z", "2022-01-23T01:23:45.123456+05:30", "2022-01-23T01:23:45.123456789-11:00",
        "1969-12-31T23:59:59.999999Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999+17:59",
        "2000-02-29T12:00:00z", "1969-12-31 23:59:59.5"}) {
      for (boolean local : new boolean[] {false, true}) {
        long fast = fastMicros(text, local);
        assertNotEquals(CanonicalTemporals.OTHER_FORM, fast, text);
        assertEquals(Temporals.epochMicros(text, local), fast, text);
      }
    }
  }

  @Test
  void otherFormsAndErrorsGoTheGeneralWay() {
    for (String text : new String[] {"2022-01-23t01:23:45Z", "2022-01-23T01:23:45+0200", "2022-01-23T01:23:45+02",
        "2022-01-23T06:53:45+5:30", "2022-01-23T03:24:15+02:00:30", "2022-01-23T01:23", "2022-01-23",
        "  2022-01-23T01:23:45Z", "2022-01-23T01:23:45Z\n", "2022-01-23T01:23:45 BC", "2022-01-23T25:00:00Z",
        "2022-13-01T00:00:00Z", "2022-02-30T00:00:00Z", "2022-01-23T01:23:45+25:00", "2022-01-23T01:23:45.Z",
        "2022-01-23T01:23:45.1234567891Z", "2022-01-23T01:23:45 UTC", "2022-01-23T1:23:45Z", "+2022-01-23T01:23:45Z",
        "2022-01-23T01:23:45+18:00", "2022-01-23T01:2x:45Z", "2022-01-23T01:23:60Z"}) {
      assertEquals(CanonicalTemporals.OTHER_FORM, fastMicros(text, false), text);
    }
    assertThrows(DateTimeException.class, () -> Temporals.epochMicros("2022-02-30T00:00:00Z", false));
  }

  @Test
  void datesTakeTheFastPathAndAgree() {
    for (String text : new String[] {"1970-01-01", "2000-02-29", "0001-01-01", "0000-01-01", "2022-01-23T23:59:59-11:00",
        "2022-01-23 01:00:00", "2022-01-23 "}) {
      long fast = fastDay(text);
      assertNotEquals(CanonicalTemporals.OTHER_FORM, fast, text);
      assertEquals(Temporals.epochDay(text), fast, text);
    }
    for (String text : new String[] {"2022-02-30", "2021-02-29", "2022-01-23 BC", "0001-01-01 BC", " 2022-01-23",
        "2022-1-5", "23/01/2022", "2022-01-23BC", "2022-00-10", "2022-01-00", "2022-01-2x", ""}) {
      assertEquals(CanonicalTemporals.OTHER_FORM, fastDay(text), text);
    }
  }

  @Test
  void everyDateOfFourDigitYearsCountsAsLocalDateDoes() {
    for (LocalDate date = LocalDate.of(0, 1, 1); date.getYear() <= 9999; date = date.plusDays(1)) {
      long day = CanonicalTemporals.epochDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth());
      if (day != date.toEpochDay()) {
        assertEquals(date.toEpochDay(), day, date.toString());
      }
    }
    assertEquals(CanonicalTemporals.OTHER_FORM, fastDay("1900-02-29"));
    assertEquals(Temporals.epochDay("1600-02-29"), fastDay("1600-02-29"));
  }

  @Test
  void randomTimestampsAgreeWithTheGeneralPath() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L),
          random.nextInt(1_000_000_000));
      ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-17 * 60, 17 * 60) * 60);
      String text = instant.atOffset(offset).toString();
      for (boolean local : new boolean[] {false, true}) {
        long fast = fastMicros(text, local);
        if (fast != CanonicalTemporals.OTHER_FORM) {
          assertEquals(Temporals.epochMicros(text, local), fast, text);
        }
      }
    }
  }
}
