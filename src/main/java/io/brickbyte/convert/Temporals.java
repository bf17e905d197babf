package io.brickbyte.convert;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Parses Airbyte's date and timestamp strings (RFC 3339, extended with " BC") into Spark's
 * internal values: days and microseconds since the epoch. Also takes what sources commonly send
 * besides: a space instead of "T", offsets without a colon, a date alone.
 */
final class Temporals {

  private static final String BC = " BC";
  private static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalStart()
          // "+H": the well-known types allow one-digit offset hours ("+5:30").
          .appendOffset("+H:MM:ss", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHmm", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH", "Z")
          .optionalEnd()
          .optionalEnd()
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT)
          .withChronology(java.time.chrono.IsoChronology.INSTANCE);

  private Temporals() {}

  /** {@link #epochDay(String)} of the parser's current string, the common forms without a String. */
  static int epochDay(JsonParser parser) throws IOException {
    long day = CanonicalTemporals.epochDay(
        parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
    return day == CanonicalTemporals.OTHER_FORM ? epochDay(parser.getText()) : (int) day;
  }

  /** {@link #epochMicros(String, boolean)} of the parser's current string. */
  static long epochMicros(JsonParser parser, boolean local) throws IOException {
    long micros = CanonicalTemporals.epochMicros(
        parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength(), local);
    return micros == CanonicalTemporals.OTHER_FORM ? epochMicros(parser.getText(), local) : micros;
  }

  /** Days since 1970-01-01 of a date, or of a timestamp's date. */
  static int epochDay(String text) {
    String value = text.strip();
    boolean bc = value.endsWith(BC);
    if (bc) {
      value = value.substring(0, value.length() - BC.length());
    }
    if (value.length() > 10 && (value.charAt(10) == 'T' || value.charAt(10) == ' ')) {
      value = value.substring(0, 10);
    }
    LocalDate date = LocalDate.parse(value);
    return Math.toIntExact(bc ? toBc(date).toEpochDay() : date.toEpochDay());
  }

  /**
   * Microseconds since the epoch. With an offset the instant is exact; without one it is read as
   * UTC. {@code local} (TIMESTAMP_NTZ) keeps the wall-clock time and ignores any offset.
   */
  static long epochMicros(String text, boolean local) {
    String value = text.strip();
    boolean bc = value.endsWith(BC);
    if (bc) {
      value = value.substring(0, value.length() - BC.length());
    }
    if (value.length() > 10 && value.charAt(10) == ' ') {
      value = value.substring(0, 10) + 'T' + value.substring(11);
    }
    TemporalAccessor parsed = TIMESTAMP.parse(value);
    LocalDate date = LocalDate.from(parsed);
    if (bc) {
      date = toBc(date);
    }
    LocalTime time = parsed.isSupported(ChronoField.HOUR_OF_DAY) ? LocalTime.from(parsed) : LocalTime.MIDNIGHT;
    ZoneOffset offset =
        !local && parsed.isSupported(ChronoField.OFFSET_SECONDS)
            ? ZoneOffset.from(parsed)
            : ZoneOffset.UTC;
    long seconds = date.atTime(time).toEpochSecond(offset);
    return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), time.getNano() / 1_000);
  }

  /** Year N BC is proleptic year 1 - N. */
  private static LocalDate toBc(LocalDate date) {
    if (date.getYear() < 1) {
      throw new DateTimeException("BC year must be positive");
    }
    return date.withYear(1 - date.getYear());
  }
}
