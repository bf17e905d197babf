package io.brickbyte.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.DateTimeException;
import org.apache.spark.sql.catalyst.InternalRow;

/** DATE, TIMESTAMP and TIMESTAMP_NTZ columns from Airbyte's date and timestamp strings. */
final class TemporalConverters {

  private TemporalConverters() {}

  static final class DateConverter extends ValueConverter {
    DateConverter(String path) {
      super(path);
    }

    @Override
    Object read(JsonParser parser, Conversion conversion) throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        return invalid(parser);
      }
      try {
        return Temporals.epochDay(parser);
      } catch (DateTimeException | ArithmeticException notADate) {
        return INVALID;
      }
    }

    @Override
    boolean write(JsonParser parser, Conversion conversion, InternalRow row, int ordinal)
        throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        invalid(parser);
        return false;
      }
      try {
        row.setInt(ordinal, Temporals.epochDay(parser));
        return true;
      } catch (DateTimeException | ArithmeticException notADate) {
        return false;
      }
    }

    @Override
    String expected() {
      return "DATE (yyyy-MM-dd)";
    }
  }

  static final class TimestampConverter extends ValueConverter {
    private final boolean local;

    TimestampConverter(String path, boolean local) {
      super(path);
      this.local = local;
    }

    @Override
    Object read(JsonParser parser, Conversion conversion) throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        return invalid(parser);
      }
      try {
        return Temporals.epochMicros(parser, local);
      } catch (DateTimeException | ArithmeticException notATimestamp) {
        return INVALID;
      }
    }

    @Override
    boolean write(JsonParser parser, Conversion conversion, InternalRow row, int ordinal)
        throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        invalid(parser);
        return false;
      }
      try {
        row.setLong(ordinal, Temporals.epochMicros(parser, local));
        return true;
      } catch (DateTimeException | ArithmeticException notATimestamp) {
        return false;
      }
    }

    @Override
    String expected() {
      return local ? "TIMESTAMP_NTZ (ISO-8601)" : "TIMESTAMP (ISO-8601)";
    }
  }
}
