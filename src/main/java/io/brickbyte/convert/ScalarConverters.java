package io.brickbyte.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.brickbyte.schema.NumberType;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Base64;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;

/**
 * Converters of scalar columns. They accept what sources really send (numbers as strings, as the
 * well-known types allow) and report anything else as not fitting, never guessing.
 */
final class ScalarConverters {

  private ScalarConverters() {}

  /** Strings as they are; numbers and booleans as their text; objects and arrays as JSON. */
  static final class StringConverter extends ValueConverter {
    StringConverter(String path) {
      super(path);
    }

    @Override
    Object read(JsonParser parser, Conversion conversion) throws IOException {
      JsonToken token = parser.currentToken();
      if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
        return conversion.jsonText(parser);
      }
      return Utf8Text.of(parser);
    }

    @Override
    String expected() {
      return "a string";
    }
  }

  static final class LongConverter extends ValueConverter {
    LongConverter(String path) {
      super(path);
    }

    @Override
    Object read(JsonParser parser, Conversion conversion) throws IOException {
      BigDecimal value = Numbers.exact(parser);
      if (value == null) {
        return invalid(parser);
      }
      try {
        return value.longValueExact();
      } catch (ArithmeticException notALong) {
        return INVALID;
      }
    }

    @Override
    boolean write(JsonParser parser, Conversion conversion, InternalRow row, int ordinal)
        throws IOException {
      if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT
          && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
        row.setLong(ordinal, parser.getLongValue());
        return true;
      }
      return super.write(parser, conversion, row, ordinal);
    }

    @Override
    String expected() {
      return "BIGINT";
    }
  }

  static final class IntConverter extends ValueConverter {
    IntConverter(String path) {
      super(path);
    }

    @Override
    Object read(JsonParser parser, Conversion conversion) throws IOException {
      BigDecimal value = Numbers.exact(parser);
      if (value == null) {
        return invalid(parser);
      }
      try {
        return value.intValueExact();
      } catch (ArithmeticException notAnInt) {
        return INVALID;
      }
    }

    @Override
    String expected() {
      return "INT";
    }
  }

  static final class DoubleConverter extends ValueConverter {
    DoubleConverter(String path) {
      super(path);
    }

    @Override
    Object read(JsonParser parser, Conversion conversion) throws IOException {
      Double value = Numbers.approximate(parser);
      return value == null ? invalid(parser) : value;
    }

    @Override
    boolean write(JsonParser parser, Conversion conversion, InternalRow row, int ordinal)
        throws IOException {
      if (parser.currentToken().isNumeric()) {
        row.setDouble(ordinal, parser.getDoubleValue());
        return true;
      }
      return super.write(parser, conversion, row, ordinal);
    }

    @Override
    String expected() {
      return "DOUBLE";
    }
  }

  static final class FloatConverter extends ValueConverter {
    FloatConverter(String path) {
      super(path);
    }

    @Override
    Object read(JsonParser parser, Conversion conversion) throws IOException {
      Double value = Numbers.approximate(parser);
      return value == null ? invalid(parser) : (Object) value.floatValue();
    }

    @Override
    String expected() {
      return "FLOAT";
    }
  }

  /**
   * Exact numbers, rounded half-up to the column's scale; too many digits do not fit, nor does a
   * non-zero number too small for the scale (it would round to a 0 that says nothing of it).
   */
  static final class DecimalConverter extends ValueConverter {
    private final int precision;
    private final int scale;

    DecimalConverter(DecimalType type, String path) {
      super(path);
      this.precision = type.precision();
      this.scale = type.scale();
    }

    @Override
    Object read(JsonParser parser, Conversion conversion) throws IOException {
      BigDecimal value = Numbers.exact(parser);
      if (value == null) {
        return invalid(parser);
      }
      Decimal decimal = DecimalText.fit(value, precision, scale);
      return decimal == null ? INVALID : decimal;
    }

    @Override
    boolean write(JsonParser parser, Conversion conversion, InternalRow row, int ordinal)
        throws IOException {
      JsonToken token = parser.currentToken();
      if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
        long unscaled = DecimalText.unscaled(parser.getTextCharacters(), parser.getTextOffset(),
            parser.getTextLength(), precision, scale);
        if (unscaled != DecimalText.OTHER_FORM) {
          row.update(ordinal, new Decimal().set(unscaled, precision, scale));
          return true;
        }
      }
      return super.write(parser, conversion, row, ordinal);
    }

    @Override
    String expected() {
      return "DECIMAL(" + precision + "," + scale + ")";
    }
  }

  static final class BooleanConverter extends ValueConverter {
    BooleanConverter(String path) {
      super(path);
    }

    @Override
    Object read(JsonParser parser, Conversion conversion) throws IOException {
      JsonToken token = parser.currentToken();
      if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
        return token == JsonToken.VALUE_TRUE;
      }
      if (token == JsonToken.VALUE_STRING) {
        String text = parser.getText().strip();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
          return Boolean.parseBoolean(text);
        }
      }
      return invalid(parser);
    }

    @Override
    boolean write(JsonParser parser, Conversion conversion, InternalRow row, int ordinal)
        throws IOException {
      JsonToken token = parser.currentToken();
      if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
        row.setBoolean(ordinal, token == JsonToken.VALUE_TRUE);
        return true;
      }
      return super.write(parser, conversion, row, ordinal);
    }

    @Override
    String expected() {
      return "BOOLEAN";
    }
  }

  /** Base64 text (standard or URL-safe alphabet) as bytes. */
  static final class BinaryConverter extends ValueConverter {
    BinaryConverter(String path) {
      super(path);
    }

    @Override
    Object read(JsonParser parser, Conversion conversion) throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        return invalid(parser);
      }
      String text = parser.getText().strip();
      try {
        return Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException notStandard) {
        try {
          return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException notBase64) {
          return INVALID;
        }
      }
    }

    @Override
    String expected() {
      return "BINARY (base64 text)";
    }
  }
}
