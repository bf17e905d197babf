package io.brickbyte.convert;

import com.fasterxml.jackson.core.JsonParser;
import io.brickbyte.AirbyteConfigException;
import java.io.IOException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;

/**
 * Converts one JSON value, read from the parser, into Spark's internal form for one column type.
 * A tree of these is built once per schema; per record it only walks tokens.
 */
abstract class ValueConverter {

  /** Returned by {@link #read} for a value that does not fit (already consumed). */
  static final Object INVALID = new Object();

  /** The field's path, with "[]" where an array index goes; used only when a value fails. */
  final String path;

  ValueConverter(String path) {
    this.path = path;
  }

  /** The Catalyst value of the non-null value at the parser's current token, or {@link #INVALID}. */
  abstract Object read(JsonParser parser, Conversion conversion) throws IOException;

  /** The column type, as error messages name it. */
  abstract String expected();

  /** Writes the value into {@code row}; primitive converters override this to avoid boxing. */
  boolean write(JsonParser parser, Conversion conversion, InternalRow row, int ordinal)
      throws IOException {
    Object value = read(parser, conversion);
    if (value == INVALID) {
      return false;
    }
    row.update(ordinal, value);
    return true;
  }

  /** Skips whatever the parser is on and reports the value as not fitting. */
  static Object invalid(JsonParser parser) throws IOException {
    parser.skipChildren();
    return INVALID;
  }

  /** The converter for a value of {@code type} at {@code path}. */
  static ValueConverter forType(DataType type, String path) {
    if (type instanceof StructType struct) {
      return new NestedConverters.StructConverter(struct, path);
    }
    if (type instanceof ArrayType array) {
      return new NestedConverters.ArrayConverter(array, path);
    }
    if (type instanceof MapType map && map.keyType().equals(DataTypes.StringType)) {
      return new NestedConverters.MapConverter(map, path);
    }
    if (type instanceof DecimalType decimal) {
      return new ScalarConverters.DecimalConverter(decimal, path);
    }
    if (type.equals(DataTypes.StringType)) {
      return new ScalarConverters.StringConverter(path);
    }
    if (type.equals(DataTypes.LongType)) {
      return new ScalarConverters.LongConverter(path);
    }
    if (type.equals(DataTypes.IntegerType)) {
      return new ScalarConverters.IntConverter(path);
    }
    if (type.equals(DataTypes.DoubleType)) {
      return new ScalarConverters.DoubleConverter(path);
    }
    if (type.equals(DataTypes.FloatType)) {
      return new ScalarConverters.FloatConverter(path);
    }
    if (type.equals(DataTypes.BooleanType)) {
      return new ScalarConverters.BooleanConverter(path);
    }
    if (type.equals(DataTypes.BinaryType)) {
      return new ScalarConverters.BinaryConverter(path);
    }
    if (type.equals(DataTypes.DateType)) {
      return new TemporalConverters.DateConverter(path);
    }
    if (type.equals(DataTypes.TimestampType)) {
      return new TemporalConverters.TimestampConverter(path, false);
    }
    if (type.equals(DataTypes.TimestampNTZType)) {
      return new TemporalConverters.TimestampConverter(path, true);
    }
    throw new AirbyteConfigException(
        "Column '" + path + "' has type " + type.simpleString() + ", which records cannot be read "
            + "into. Accepted: string, bigint, int, double, float, decimal, boolean, binary, date, "
            + "timestamp, timestamp_ntz, and structs, arrays and string-keyed maps of these");
  }
}
