package io.brickbyte.schema;

import io.brickbyte.protocol.JsonBytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The record fast path: converters that read a record's data straight from its UTF-8 bytes, built
 * once per schema like the {@link ValueConverter}s. They take only the forms they convert exactly
 * as the parser path does (a string for a string, a plain number for a number, canonical dates and
 * timestamps, well-formed UTF-8); anything else fails the record, which then goes through the
 * parser path and its rules (nulled values, {@code _airbyte_meta}, modes) unchanged.
 */
final class ByteConverters {

  /** Returned by {@link Converter#read} for a value the fast path leaves to the parser. */
  static final Object FAIL = new Object();

  private ByteConverters() {}

  /** The converter of a column type, or null if the fast path has none (the schema then never takes it). */
  static Converter forType(DataType type) {
    if (type instanceof StructType struct) {
      return StructConverter.of(struct);
    }
    if (type instanceof ArrayType array) {
      Converter element = forType(array.elementType());
      return element == null ? null : new ArrayConverter(element);
    }
    if (type instanceof DecimalType decimal) {
      return new DecimalConverter(decimal.precision(), decimal.scale());
    }
    if (type.equals(DataTypes.StringType)) {
      return new StringConverter();
    }
    if (type.equals(DataTypes.LongType)) {
      return new LongConverter();
    }
    if (type.equals(DataTypes.DoubleType)) {
      return new DoubleConverter();
    }
    if (type.equals(DataTypes.BooleanType)) {
      return new BooleanConverter();
    }
    if (type.equals(DataTypes.DateType)) {
      return new DateConverter();
    }
    if (type.equals(DataTypes.TimestampType) || type.equals(DataTypes.TimestampNTZType)) {
      return new TimestampConverter(type.equals(DataTypes.TimestampNTZType));
    }
    return null;
  }

  /** Reads the value at the cursor (whitespace skipped, not null). */
  abstract static class Converter {
    abstract Object read(Input in);

    boolean write(Input in, InternalRow row, int ordinal) {
      Object value = read(in);
      if (value == FAIL) {
        return false;
      }
      row.update(ordinal, value);
      return true;
    }
  }

  /** The cursor, with scratch space for ASCII text handed to the char-based parsers. */
  static final class Input {
    final JsonBytes json = new JsonBytes();
    char[] chars = new char[64];

    /** The plain ASCII string at the cursor copied into {@link #chars}: its length, or -1. */
    int asciiString() {
      int start = json.plainString();
      if (start < 0) {
        return -1;
      }
      int length = json.pos - 1 - start;
      if (length > chars.length) {
        chars = new char[Math.max(length, chars.length * 2)];
      }
      for (int i = 0; i < length; i++) {
        chars[i] = (char) json.bytes[start + i];
      }
      return length;
    }

    /** The number at the cursor (no exponent) copied into {@link #chars}: its length, or -1. */
    int plainNumber(boolean integerOnly) {
      int start = json.pos;
      int kind = json.number();
      if (kind < 0 || kind == 2 || integerOnly && kind == 1) {
        json.pos = start;
        return -1;
      }
      int length = json.pos - start;
      if (length > chars.length) {
        chars = new char[Math.max(length, chars.length * 2)];
      }
      for (int i = 0; i < length; i++) {
        chars[i] = (char) json.bytes[start + i];
      }
      return length;
    }

    /** Reads the fields of an object into {@code row}; false if anything is left to the parser. */
    boolean object(Fields fields, InternalRow row) {
      if (!json.expect('{')) {
        return false;
      }
      if (json.expect('}')) {
        return true;
      }
      int position = 0;
      do {
        json.skipWhitespace();
        int ordinal = fields.expectedKey(json, position);
        if (ordinal == Fields.NOT_EXPECTED) {
          int keyStart = json.key();
          if (keyStart < 0) {
            return false;
          }
          ordinal = fields.ordinal(json.bytes, keyStart, json.keyEnd, position);
        } else if (!json.expect(':')) {
          return false;
        } else {
          json.skipWhitespace();
        }
        position++;
        if (ordinal < 0) {
          if (!json.skipValueStrictly(0)) {
            return false;
          }
        } else if (!json.nullLiteral() && !fields.converters[ordinal].write(this, row, ordinal)) {
          return false;
        }
      } while (json.expect(','));
      return json.expect('}');
    }
  }

  /**
   * The columns of an object, found by their names' bytes: the ordinal seen at the same position
   * of the previous record is tried first, as in {@link FieldLookup}.
   */
  static final class Fields {
    static final int NOT_EXPECTED = -2;

    final Converter[] converters;
    private final byte[][] names;
    /** Names a JSON key spells byte for byte (no character it would have to escape). */
    private final boolean[] plain;
    private final Map<String, Integer> ordinals = new HashMap<>();
    private int[] lastOrdinalAt = new int[8];

    /** @param names by ordinal, null where an ordinal is no property; converters likewise */
    Fields(String[] names, Converter[] converters) {
      this.converters = converters;
      this.names = new byte[names.length][];
      this.plain = new boolean[names.length];
      for (int i = 0; i < names.length; i++) {
        if (names[i] != null) {
          this.names[i] = names[i].getBytes(StandardCharsets.UTF_8);
          this.plain[i] = names[i].chars().allMatch(c -> c >= 0x20 && c != '"' && c != '\\');
          ordinals.put(names[i], i);
        }
      }
    }

    /**
     * The key at the cursor, if it is the one the previous record had at this position: matched
     * against the name's bytes in one pass, the cursor then after its closing quote. Else {@link
     * #NOT_EXPECTED}, the cursor unmoved.
     */
    int expectedKey(JsonBytes json, int position) {
      if (position >= lastOrdinalAt.length) {
        return NOT_EXPECTED;
      }
      int guess = lastOrdinalAt[position];
      if (guess < 0 || guess >= names.length || !plain[guess]) {
        return NOT_EXPECTED;
      }
      byte[] name = names[guess];
      byte[] bytes = json.bytes;
      int at = json.pos;
      if (at + name.length + 2 > json.end || bytes[at] != '"' || bytes[at + name.length + 1] != '"') {
        return NOT_EXPECTED;
      }
      for (int i = 0; i < name.length; i++) {
        if (bytes[at + 1 + i] != name[i]) {
          return NOT_EXPECTED;
        }
      }
      json.pos = at + name.length + 2;
      return guess;
    }

    int ordinal(byte[] bytes, int from, int to, int position) {
      if (position >= lastOrdinalAt.length) {
        lastOrdinalAt = java.util.Arrays.copyOf(lastOrdinalAt, Math.max(position + 1, lastOrdinalAt.length * 2));
      }
      int guess = lastOrdinalAt[position];
      if (guess >= 0 && guess < names.length && names[guess] != null
          && JsonBytes.equalBytes(bytes, from, to, names[guess])) {
        return guess;
      }
      Integer ordinal = ordinals.get(new String(bytes, from, to - from, StandardCharsets.US_ASCII));
      int found = ordinal == null ? -1 : ordinal;
      lastOrdinalAt[position] = found;
      return found;
    }
  }

  static final class StructConverter extends Converter {
    private final Fields fields;

    private StructConverter(Fields fields) {
      this.fields = fields;
    }

    static StructConverter of(StructType struct) {
      StructField[] structFields = struct.fields();
      Converter[] converters = new Converter[structFields.length];
      for (int i = 0; i < structFields.length; i++) {
        converters[i] = forType(structFields[i].dataType());
        if (converters[i] == null) {
          return null;
        }
      }
      return new StructConverter(new Fields(struct.fieldNames(), converters));
    }

    @Override
    Object read(Input in) {
      GenericInternalRow row = new GenericInternalRow(fields.converters.length);
      return in.object(fields, row) ? row : FAIL;
    }
  }

  static final class ArrayConverter extends Converter {
    private final Converter element;

    ArrayConverter(Converter element) {
      this.element = element;
    }

    @Override
    Object read(Input in) {
      if (!in.json.expect('[')) {
        return FAIL;
      }
      List<Object> values = new ArrayList<>();
      if (!in.json.expect(']')) {
        do {
          in.json.skipWhitespace();
          Object value = in.json.nullLiteral() ? null : element.read(in);
          if (value == FAIL) {
            return FAIL;
          }
          values.add(value);
        } while (in.json.expect(','));
        if (!in.json.expect(']')) {
          return FAIL;
        }
      }
      return new GenericArrayData(values.toArray());
    }
  }

  /** A JSON string, its bytes copied once into the UTF8String (escapes decoded). */
  static final class StringConverter extends Converter {
    @Override
    Object read(Input in) {
      JsonBytes json = in.json;
      int start = json.pos;
      if (!json.checkString()) {
        return FAIL;
      }
      byte[] bytes = json.bytes;
      int from = start + 1;
      int to = json.pos - 1;
      int escape = indexOf(bytes, from, to, (byte) '\\');
      if (escape < 0) {
        return UTF8String.fromBytes(java.util.Arrays.copyOfRange(bytes, from, to));
      }
      byte[] out = new byte[to - from]; // escapes never grow: \\uXXXX (6) becomes at most 3 bytes
      int size = 0;
      for (int i = from; i < to; ) {
        byte b = bytes[i];
        if (b != '\\') {
          out[size++] = b;
          i++;
          continue;
        }
        byte escaped = bytes[i + 1];
        if (escaped == 'u') {
          int c = json.hex4(i + 2);
          if (Character.isSurrogate((char) c)) {
            return FAIL; // pairs and lone halves: the parser's way
          }
          size = Utf8Text.put(out, size, (char) c);
          i += 6;
        } else {
          out[size++] = switch (escaped) {
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> escaped; // " \ /
          };
          i += 2;
        }
      }
      return UTF8String.fromBytes(java.util.Arrays.copyOf(out, size));
    }

    private static int indexOf(byte[] bytes, int from, int to, byte wanted) {
      for (int i = from; i < to; i++) {
        if (bytes[i] == wanted) {
          return i;
        }
      }
      return -1;
    }
  }

  /** A plain integer that fits a long. */
  static final class LongConverter extends Converter {
    @Override
    Object read(Input in) {
      long value = value(in);
      return value == Long.MIN_VALUE ? FAIL : (Object) value;
    }

    @Override
    boolean write(Input in, InternalRow row, int ordinal) {
      long value = value(in);
      if (value == Long.MIN_VALUE) {
        return false;
      }
      row.setLong(ordinal, value);
      return true;
    }

    /** Up to 18 digits in one pass over the bytes, as JSON writes integers; else MIN_VALUE. */
    private static long value(Input in) {
      byte[] bytes = in.json.bytes;
      int end = in.json.end;
      int i = in.json.pos;
      boolean negative = i < end && bytes[i] == '-';
      if (negative) {
        i++;
      }
      int start = i;
      long value = 0;
      while (i < end && i - start < 18 && JsonBytes.isDigit(bytes[i])) {
        value = value * 10 + (bytes[i++] - '0');
      }
      int digits = i - start;
      if (digits == 0 || digits > 1 && bytes[start] == '0' || i < end && !JsonBytes.endsScalar(bytes[i])) {
        return Long.MIN_VALUE; // a fraction, an exponent, a 19th digit, a leading zero
      }
      in.json.pos = i;
      return negative ? -value : value;
    }
  }

  /** A plain number, as the parser reads doubles: integers through a long (so -0 is 0.0). */
  static final class DoubleConverter extends Converter {
    @Override
    Object read(Input in) {
      int start = in.json.pos;
      int length = in.plainNumber(true);
      if (length >= 0) {
        if (length > 18) {
          in.json.pos = start;
          return FAIL;
        }
        return (double) Long.parseLong(new String(in.chars, 0, length));
      }
      length = in.plainNumber(false);
      return length < 0 ? FAIL : (Object) Double.parseDouble(new String(in.chars, 0, length));
    }
  }

  /** A plain number that fits the column's scale and a long, as {@link DecimalText} reads it. */
  static final class DecimalConverter extends Converter {
    private final int precision;
    private final int scale;

    DecimalConverter(int precision, int scale) {
      this.precision = precision;
      this.scale = scale;
    }

    @Override
    Object read(Input in) {
      int start = in.json.pos;
      int length = in.plainNumber(false);
      if (length < 0) {
        return FAIL;
      }
      long unscaled = DecimalText.unscaled(in.chars, 0, length, precision, scale);
      if (unscaled == DecimalText.OTHER_FORM) {
        in.json.pos = start;
        return FAIL;
      }
      return new Decimal().set(unscaled, precision, scale);
    }
  }

  static final class BooleanConverter extends Converter {
    @Override
    Object read(Input in) {
      return in.json.literal("true") ? Boolean.TRUE : in.json.literal("false") ? Boolean.FALSE : FAIL;
    }

    @Override
    boolean write(Input in, InternalRow row, int ordinal) {
      Object value = read(in);
      if (value == FAIL) {
        return false;
      }
      row.setBoolean(ordinal, (Boolean) value);
      return true;
    }
  }

  /** A canonical {@code yyyy-MM-dd} (or a timestamp's date), as {@link CanonicalTemporals} reads it. */
  static final class DateConverter extends Converter {
    @Override
    Object read(Input in) {
      int length = in.asciiString();
      long day = length < 0 ? CanonicalTemporals.OTHER_FORM : CanonicalTemporals.epochDay(in.chars, 0, length);
      return day == CanonicalTemporals.OTHER_FORM ? FAIL : (Object) (int) day;
    }

    @Override
    boolean write(Input in, InternalRow row, int ordinal) {
      Object value = read(in);
      if (value == FAIL) {
        return false;
      }
      row.setInt(ordinal, (Integer) value);
      return true;
    }
  }

  /** A canonical RFC 3339 timestamp, as {@link CanonicalTemporals} reads it. */
  static final class TimestampConverter extends Converter {
    private final boolean local;

    TimestampConverter(boolean local) {
      this.local = local;
    }

    @Override
    Object read(Input in) {
      long micros = micros(in);
      return micros == CanonicalTemporals.OTHER_FORM ? FAIL : (Object) micros;
    }

    @Override
    boolean write(Input in, InternalRow row, int ordinal) {
      long micros = micros(in);
      if (micros == CanonicalTemporals.OTHER_FORM) {
        return false;
      }
      row.setLong(ordinal, micros);
      return true;
    }

    private long micros(Input in) {
      int length = in.asciiString();
      return length < 0 ? CanonicalTemporals.OTHER_FORM
          : CanonicalTemporals.epochMicros(in.chars, 0, length, local);
    }
  }
}
