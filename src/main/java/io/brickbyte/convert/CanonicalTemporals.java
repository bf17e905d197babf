package io.brickbyte.convert;

import java.time.Month;
import java.time.Year;

/**
 * The fast path of {@link Temporals}: the forms nearly every source sends ({@code yyyy-MM-dd} and
 * {@code yyyy-MM-ddTHH:mm:ss[.fraction][Z|+HH:MM]}), parsed straight from the parser's characters
 * with no {@code DateTimeFormatter}, no String and no allocation. Anything else (BC, offsets
 * without a colon, missing seconds, whitespace) answers {@link #OTHER_FORM} and goes the general
 * way, so both paths accept and reject exactly the same texts.
 */
final class CanonicalTemporals {

  /** Not the canonical form: parse with {@link Temporals}. Never a value of the fast path. */
  static final long OTHER_FORM = Long.MIN_VALUE;

  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final int[] FRACTION_SCALE = {0, 100_000, 10_000, 1_000, 100, 10, 1};

  private CanonicalTemporals() {}

  /** Days since the epoch of a {@code yyyy-MM-dd} date or a timestamp's date, or OTHER_FORM. */
  static long epochDay(char[] text, int at, int length) {
    if (length < 10 || length > 10 && !isTimeSeparator(text[at + 10]) || endsWithBc(text, at, length)) {
      return OTHER_FORM;
    }
    return dateOrOther(text, at);
  }

  /** Microseconds since the epoch, as {@link Temporals#epochMicros}, or OTHER_FORM. */
  static long epochMicros(char[] text, int at, int length, boolean local) {
    if (length < 19 || !isTimeSeparator(text[at + 10]) || text[at + 13] != ':' || text[at + 16] != ':') {
      return OTHER_FORM;
    }
    long day = dateOrOther(text, at);
    int hour = twoDigits(text, at + 11);
    int minute = twoDigits(text, at + 14);
    int second = twoDigits(text, at + 17);
    if (day == OTHER_FORM || (hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
      // Out-of-range fields are errors; the general path reports them the same way.
      return OTHER_FORM;
    }
    int i = at + 19;
    int end = at + length;
    long micros = 0;
    if (i < end && text[i] == '.') {
      int digits = 0;
      i++;
      while (i < end && isDigit(text[i])) {
        if (digits < 6) {
          micros = micros * 10 + (text[i] - '0');
        }
        digits++;
        i++;
      }
      if (digits == 0 || digits > 9) {
        return OTHER_FORM;
      }
      micros *= FRACTION_SCALE[Math.min(digits, 6)];
    }
    int offsetSeconds = 0;
    if (i < end && (text[i] == 'Z' || text[i] == 'z')) {
      i++;
    } else if (i + 6 == end && (text[i] == '+' || text[i] == '-') && text[i + 3] == ':') {
      int offsetHours = twoDigits(text, i + 1);
      int offsetMinutes = twoDigits(text, i + 4);
      if ((offsetHours | offsetMinutes) < 0 || offsetHours > 17 || offsetMinutes > 59) {
        return OTHER_FORM;
      }
      offsetSeconds = (text[i] == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
      i += 6;
    }
    if (i != end) {
      return OTHER_FORM;
    }
    long seconds = day * 86_400L + hour * 3600L + minute * 60L + second - (local ? 0 : offsetSeconds);
    return seconds * MICROS_PER_SECOND + micros;
  }

  /** {@code yyyy-MM-dd} at {@code at}, validated as ISO dates are (no February 30th). */
  private static long dateOrOther(char[] text, int at) {
    if (text[at + 4] != '-' || text[at + 7] != '-') {
      return OTHER_FORM;
    }
    int yearHigh = twoDigits(text, at);
    int yearLow = twoDigits(text, at + 2);
    int month = twoDigits(text, at + 5);
    int day = twoDigits(text, at + 8);
    if (yearHigh < 0 || yearLow < 0 || month < 1 || month > 12 || day < 1) {
      return OTHER_FORM;
    }
    int year = yearHigh * 100 + yearLow;
    if (day > 28 && day > Month.of(month).length(Year.isLeap(year))) {
      return OTHER_FORM;
    }
    return epochDay(year, month, day);
  }

  /**
   * Days since 1970-01-01 of a valid proleptic Gregorian date, counted in 400-year eras from
   * March 1st (so that February, the month of varying length, comes last): what {@code
   * LocalDate.toEpochDay} answers, without building one per value.
   */
  static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468L;
  }

  /** The two-digit number at {@code at}, or -1 if they are not digits. */
  private static int twoDigits(char[] text, int at) {
    char high = text[at];
    char low = text[at + 1];
    if (!isDigit(high) || !isDigit(low)) {
      return -1;
    }
    return (high - '0') * 10 + (low - '0');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isTimeSeparator(char c) {
    return c == 'T' || c == ' ';
  }

  private static boolean endsWithBc(char[] text, int at, int length) {
    int end = at + length;
    return length >= 3 && text[end - 1] == 'C' && text[end - 2] == 'B' && text[end - 3] == ' ';
  }
}
