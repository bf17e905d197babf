package io.brickbyte.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;

/** Numbers as JSON sends them: number tokens, or strings (the well-known Number and Integer). */
final class Numbers {

  private Numbers() {}

  /** The exact value of a number or numeric string, or null if the token is neither. */
  static BigDecimal exact(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
      try {
        return parser.getDecimalValue();
      } catch (NumberFormatException | JsonProcessingException notADecimal) {
        // NaN, Infinity, or past BigDecimal (1e2147483648), which the parser calls malformed: the
        // value does not fit, the line is still JSON.
        return null;
      }
    }
    if (token == JsonToken.VALUE_STRING) {
      try {
        return new BigDecimal(parser.getText().strip());
      } catch (NumberFormatException notANumber) {
        return null;
      }
    }
    return null;
  }

  /** The value as a double; strings may also say NaN, Infinity or -Infinity. */
  static Double approximate(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token.isNumeric()) {
      return parser.getDoubleValue();
    }
    if (token == JsonToken.VALUE_STRING) {
      String text = parser.getText().strip();
      switch (text) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          try {
            return Double.valueOf(new BigDecimal(text).doubleValue());
          } catch (NumberFormatException notANumber) {
            return null;
          }
      }
    }
    return null;
  }
}
