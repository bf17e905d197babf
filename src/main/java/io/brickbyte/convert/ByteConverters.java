package io.brickbyte.convert;

import io.brickbyte.protocol.JsonBytes;
import io.brickbyte.schema.ColumnNames;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
 * as the parser path does (a string for a string, a number or a numeric string for a number,
 * canonical dates and timestamps, well-formed UTF-8); anything else, and any value the parser path
 * would null, fails the record, which then goes through the parser path and its rules (nulled
 * values, {@code _airbyte_meta}, modes) unchanged.
 */
final class ByteConverters {

  /** Returned by {@link Converter#read} for a value the fast path leaves to the parser. */
  static final Object FAIL = new Object();

  private ByteConverters() {}

  /**
   * The converter of a column type. Types the fast path does not convert (binary, maps) get one
   * that leaves every record with a value there to the parser: records with nulls there stay fast.
   */
  static Converter forType(DataType type) {
    if (type instanceof StructType struct) {
      return StructConverter.of(struct);
    }
    if (type instanceof ArrayType array) {
      return new ArrayConverter(forType(array.elementType()));
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
    if (type.equals(DataTypes.IntegerType)) {
      return new IntConverter();
    }
    if (type.equals(DataTypes.FloatType)) {
      return new FloatConverter();
    }
    return new ParserOnly();
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
    final JsonBytes json;
    char[] chars = new char[64];
    /** The value {@link #integer()} read. */
    long integer;

    Input(JsonBytes json) {
      this.json = json;
    }

    /** The plain ASCII string at the cursor copied into {@link #chars}: its length, or -1. */
    int asciiString() {
      int start = json.plainString();
      if (start < 0) {
        return -1;
      }
      return copyAscii(start, json.pos - 1 - start);
    }

    /**
     * Reads a plain integer token that fits a long into {@link #integer}, as the parser reads
     * integer tokens; false (nothing consumed) for anything else.
     */
    boolean integer() {
      int start = json.pos;
      if (json.number() != 0) {
        json.pos = start;
        return false;
      }
      byte[] bytes = json.bytes;
      int i = start;
      boolean negative = bytes[i] == '-';
      if (negative) {
        i++;
      }
      if (json.pos - i > 19) {
        json.pos = start;
        return false;
      }
      // Accumulated negatively, as Long.parseLong does, so that Long.MIN_VALUE fits.
      long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
      long value = 0;
      for (; i < json.pos; i++) {
        int digit = bytes[i] - '0';
        if (value < limit / 10 || value * 10 < limit + digit) {
          json.pos = start;
          return false;
        }
        value = value * 10 - digit;
      }
      integer = negative ? value : -value;
      return true;
    }

    /**
     * The text of a number (any of JSON's forms) or of a plain ASCII string at the cursor, copied
     * into {@link #chars}: its length, or -1 (nothing consumed).
     */
    int numericText() {
      int start = json.pos;
      if (start < json.end && json.bytes[start] == '"') {
        int length = asciiString();
        if (length < 0) {
          json.pos = start;
        }
        return length;
      }
      if (json.number() < 0) {
        return -1;
      }
      return copyAscii(start, json.pos - start);
    }

    private int copyAscii(int start, int length) {
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
        int ordinal = fields.sameAsLastTime(json, position);
        if (ordinal == Fields.MISSED) {
          int keyStart = json.key();
          if (keyStart < 0) {
            return false;
          }
          ordinal = fields.ordinal(json.bytes, keyStart, json.keyEnd, position);
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
   * The columns of an object, found by their names' bytes: the name seen at the same position of
   * the previous record is tried first, straight against the line's bytes, as in {@link
   * FieldLookup}; a hash lookup only when it is not that name.
   */
  static final class Fields {
    /** What {@link #sameAsLastTime} answers when the key is not the name seen last time. */
    static final int MISSED = -2;

    final Converter[] converters;
    /**
     * Each name as a compact key spells it, quotes and colon included ({@code "name":}), or null
     * if it needs escapes.
     */
    private final byte[][] keyTokens;
    private final Map<String, Integer> ordinals = new HashMap<>();
    private int[] lastOrdinalAt = new int[8];

    /** @param names by ordinal, null where an ordinal is no property; converters likewise */
    Fields(String[] names, Converter[] converters) {
      this.converters = converters;
      this.keyTokens = new byte[names.length][];
      for (int i = 0; i < names.length; i++) {
        if (names[i] != null) {
          keyTokens[i] = isPlain(names[i])
              ? ('"' + names[i] + "\":").getBytes(StandardCharsets.US_ASCII) : null;
          ordinals.put(names[i], i);
        }
      }
    }

    /**
     * Consumes the key at the cursor (its quote) and its colon if it is the name found at this
     * position last time, and answers its ordinal; otherwise consumes nothing and answers {@link
     * #MISSED} (also for a key spaced from its colon: {@link JsonBytes#key} takes it).
     */
    int sameAsLastTime(JsonBytes json, int position) {
      if (position >= lastOrdinalAt.length) {
        return MISSED;
      }
      int guess = lastOrdinalAt[position];
      // guess is 0 before a position was first seen: there may be no ordinal 0 (no columns).
      byte[] token = guess >= 0 && guess < keyTokens.length ? keyTokens[guess] : null;
      return token != null && json.consume(token) ? guess : MISSED;
    }

    /** The ordinal of the plain key {@code bytes[from, to)}, or -1; remembered for the position. */
    int ordinal(byte[] bytes, int from, int to, int position) {
      if (position >= lastOrdinalAt.length) {
        lastOrdinalAt = Arrays.copyOf(lastOrdinalAt, Math.max(position + 1, lastOrdinalAt.length * 2));
      }
      Integer ordinal = ordinals.get(new String(bytes, from, to - from, StandardCharsets.US_ASCII));
      int found = ordinal == null ? -1 : ordinal;
      lastOrdinalAt[position] = found;
      return found;
    }

    /** Printable ASCII but '"' and '\': spelled in JSON by exactly its own bytes. */
    private static boolean isPlain(String name) {
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
          return false;
        }
      }
      return true;
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
      }
      return new StructConverter(new Fields(ColumnNames.propertiesOf(struct), converters));
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

  /**
   * A JSON string. Without escapes, the UTF8String is a view of the line's bytes, with no copy:
   * the row lives as long as the line does (both until the reader's next message), as Spark's own
   * text source hands out views of its line buffer. With escapes, its bytes are copied once with
   * the escapes decoded (u-escaped pairs into one 4-byte character); a lone surrogate escape is
   * left to the parser, which turns it into '?'.
   */
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
      if (!json.escaped) {
        return UTF8String.fromBytes(bytes, from, to - from);
      }
      int escape = indexOf(bytes, from, to, (byte) '\\');
      // Escapes never grow: a u-escape (6 bytes) becomes at most 3, a pair (12) becomes 4.
      byte[] out = new byte[to - from];
      int size = escape - from;
      System.arraycopy(bytes, from, out, 0, size);
      for (int i = escape; i < to; ) {
        byte b = bytes[i];
        if (b != '\\') {
          out[size++] = b;
          i++;
          continue;
        }
        byte escaped = bytes[i + 1];
        if (escaped != 'u') {
          out[size++] = switch (escaped) {
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> escaped; // " \ /
          };
          i += 2;
          continue;
        }
        int c = json.hex4(i + 2);
        i += 6;
        if (Character.isHighSurrogate((char) c)) {
          int low = i + 6 <= to && bytes[i] == '\\' && bytes[i + 1] == 'u' ? json.hex4(i + 2) : -1;
          if (low < 0 || !Character.isLowSurrogate((char) low)) {
            return FAIL;
          }
          int codePoint = Character.toCodePoint((char) c, (char) low);
          out[size++] = (byte) (0xF0 | codePoint >> 18);
          out[size++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
          out[size++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
          out[size++] = (byte) (0x80 | codePoint & 0x3F);
          i += 6;
        } else if (Character.isLowSurrogate((char) c)) {
          return FAIL;
        } else {
          size = Utf8Text.put(out, size, (char) c);
        }
      }
      return UTF8String.fromBytes(Arrays.copyOf(out, size));
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

  /**
   * An integer; also one written as a float or a string ({@code 35.0}, {@code 1e2}, {@code "35"}),
   * which the parser path reads exactly (BigDecimal's {@code longValueExact}).
   */
  static final class LongConverter extends Converter {
    @Override
    Object read(Input in) {
      return integer(in) ? (Object) in.integer : FAIL;
    }

    @Override
    boolean write(Input in, InternalRow row, int ordinal) {
      if (!integer(in)) {
        return false;
      }
      row.setLong(ordinal, in.integer);
      return true;
    }

    private static boolean integer(Input in) {
      if (in.integer()) {
        return true;
      }
      int start = in.json.pos;
      int length = in.numericText();
      long value = length < 0 ? DecimalText.OTHER_FORM : DecimalText.integral(in.chars, 0, length);
      if (value == DecimalText.OTHER_FORM) {
        in.json.pos = start;
        return false;
      }
      in.integer = value;
      return true;
    }
  }

  /** A plain number, as the parser reads doubles (see {@link DoubleText}). */
  static final class DoubleConverter extends Converter {
    @Override
    Object read(Input in) {
      double value = DoubleText.parse(in.json);
      return Double.isNaN(value) ? FAIL : (Object) value;
    }

    @Override
    boolean write(Input in, InternalRow row, int ordinal) {
      double value = DoubleText.parse(in.json);
      if (Double.isNaN(value)) {
        return false;
      }
      row.setDouble(ordinal, value);
      return true;
    }
  }

  /** A plain number as a double, narrowed to a float as the parser path does. */
  static final class FloatConverter extends Converter {
    @Override
    Object read(Input in) {
      double value = DoubleText.parse(in.json);
      return Double.isNaN(value) ? FAIL : (Object) (float) value;
    }
  }

  /** A plain integer that fits an int. */
  static final class IntConverter extends Converter {
    @Override
    Object read(Input in) {
      int start = in.json.pos;
      if (in.integer() && in.integer == (int) in.integer) {
        return (int) in.integer;
      }
      in.json.pos = start;
      return FAIL;
    }
  }

  /** A type only the parser path converts (binary, maps): a value there leaves the record to it. */
  static final class ParserOnly extends Converter {
    @Override
    Object read(Input in) {
      return FAIL;
    }
  }

  /**
   * A number, or a numeric string, rounded half-up to the column's scale as the parser path rounds
   * it ({@link DecimalText}); one that does not fit (the parser path nulls it) fails the record.
   */
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
      int length = in.numericText();
      if (length < 0) {
        return FAIL;
      }
      long unscaled = DecimalText.unscaled(in.chars, 0, length, precision, scale);
      if (unscaled != DecimalText.OTHER_FORM) {
        return new Decimal().set(unscaled, precision, scale);
      }
      Decimal decimal = beyondLong(in.chars, length);
      if (decimal == null) {
        in.json.pos = start;
        return FAIL;
      }
      return decimal;
    }

    /** Past a long, as the parser path reads it: the same BigDecimal of the same text. */
    private Decimal beyondLong(char[] text, int length) {
      try {
        return DecimalText.fit(new BigDecimal(text, 0, length), precision, scale);
      } catch (NumberFormatException pastBigDecimal) { // 1e2147483648
        return null;
      }
    }
  }

  static final class BooleanConverter extends Converter {
    @Override
    Object read(Input in) {
      return in.json.literal("true") ? Boolean.TRUE : in.json.literal("false") ? Boolean.FALSE : FAIL;
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
