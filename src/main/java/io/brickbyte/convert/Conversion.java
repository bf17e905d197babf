package io.brickbyte.convert;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.brickbyte.AirbyteDataException;
import io.brickbyte.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The state of converting one record, reused from record to record: the changes made so far, the
 * indexes of the arrays being walked (for field paths), and a buffer to re-serialize JSON values.
 */
final class Conversion {

  /** One entry of {@code _airbyte_meta.changes}: the field, the change and its reason. */
  record Change(String field, UTF8String change, UTF8String reason) {}

  private static final UTF8String NULLED = UTF8String.fromString("NULLED");
  private static final UTF8String TYPECAST_ERROR = UTF8String.fromString("DESTINATION_TYPECAST_ERROR");
  // The protocol's changes are only NULLED and TRUNCATED: a value kept with some of its bytes
  // replaced is the nearer.
  private static final UTF8String TRUNCATED = UTF8String.fromString("TRUNCATED");
  private static final UTF8String SOURCE_SERIALIZATION_ERROR = UTF8String.fromString("SOURCE_SERIALIZATION_ERROR");

  private final String stream;
  private final ConversionMode mode;
  private final List<Change> changes = new ArrayList<>();
  private final ByteArrayBuilder jsonBytes = new ByteArrayBuilder();
  private JsonGenerator jsonWriter;
  private int[] arrayIndexes = new int[8];
  private int arrayDepth;
  private int nulledValues;

  Conversion(String stream, ConversionMode mode) {
    this.stream = stream;
    this.mode = mode;
    this.jsonWriter = newJsonWriter();
  }

  private JsonGenerator newJsonWriter() {
    try {
      JsonGenerator writer = Json.FACTORY.createGenerator(jsonBytes);
      writer.setRootValueSeparator(null);
      return writer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void startRecord() {
    changes.clear();
    arrayDepth = 0;
    nulledValues = 0;
  }

  /** How many of {@link #changes} nulled a value (the others kept theirs, changed). */
  int nulledValues() {
    return nulledValues;
  }

  List<Change> changes() {
    return changes;
  }

  /** Records that the value at {@code pathTemplate} was nulled; in FAILFAST, fails the read. */
  void nulled(String pathTemplate, String expected, JsonToken found) {
    String field = fillIndexes(pathTemplate);
    if (mode == ConversionMode.FAILFAST) {
      throw new AirbyteDataException(
          "Stream '" + stream + "': field '" + field + "' expects " + expected + " but the record has "
              + describe(found) + " (option 'mode' is FAILFAST; PERMISSIVE nulls such values and "
              + "records them in _airbyte_meta, DROPMALFORMED drops the record)");
    }
    changes.add(new Change(field, NULLED, TYPECAST_ERROR));
    nulledValues++;
  }

  /**
   * Records that the record's line had bytes that are not UTF-8, at {@code field} or somewhere
   * unknown (null), read as U+FFFD; in FAILFAST, fails the read.
   */
  void invalidUtf8(String field) {
    String where = field == null ? "(record)" : field;
    if (mode == ConversionMode.FAILFAST) {
      throw new AirbyteDataException(
          "Stream '" + stream + "': field '" + where + "' holds bytes that are not valid UTF-8 "
              + "(option 'mode' is FAILFAST; PERMISSIVE keeps the record with them replaced by "
              + "U+FFFD and records it in _airbyte_meta, DROPMALFORMED drops the record)");
    }
    changes.add(new Change(where, TRUNCATED, SOURCE_SERIALIZATION_ERROR));
  }

  void enterArray() {
    if (arrayDepth == arrayIndexes.length) {
      arrayIndexes = java.util.Arrays.copyOf(arrayIndexes, arrayDepth * 2);
    }
    arrayIndexes[arrayDepth++] = 0;
  }

  void arrayIndex(int index) {
    arrayIndexes[arrayDepth - 1] = index;
  }

  void exitArray() {
    arrayDepth--;
  }

  /** The JSON text of the value at the parser's current token (consumed). */
  UTF8String jsonText(JsonParser parser) throws IOException {
    try {
      int depth = 0;
      do {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
          // The number's own text: copying the value would pass decimals through double.
          jsonWriter.writeNumber(parser.getText());
        } else {
          jsonWriter.copyCurrentEvent(parser);
        }
        depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
      } while (depth > 0 && parser.nextToken() != null);
      jsonWriter.flush();
      return UTF8String.fromBytes(jsonBytes.toByteArray());
    } catch (IOException | RuntimeException e) {
      // The writer is left inside the broken value: the next value needs a fresh one.
      jsonWriter = newJsonWriter();
      throw e;
    } finally {
      jsonBytes.reset();
    }
  }

  /** Fills each "[]" of a path template with the index of the array being walked at that depth. */
  private String fillIndexes(String template) {
    if (arrayDepth == 0) {
      return template;
    }
    StringBuilder out = new StringBuilder(template.length() + 8);
    int depth = 0;
    int from = 0;
    int at;
    while ((at = template.indexOf("[]", from)) >= 0 && depth < arrayDepth) {
      out.append(template, from, at).append('[').append(arrayIndexes[depth++]).append(']');
      from = at + 2;
    }
    return out.append(template, from, template.length()).toString();
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "no value";
    }
    return switch (token) {
      case VALUE_STRING -> "a string value that does not parse";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number out of range or of the wrong kind";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      default -> token.toString();
    };
  }
}
