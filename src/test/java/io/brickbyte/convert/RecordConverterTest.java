package io.brickbyte.convert;

import static io.brickbyte.convert.ConverterFixture.EMITTED_AT;
import static io.brickbyte.convert.ConverterFixture.changes;
import static io.brickbyte.convert.ConverterFixture.convert;
import static io.brickbyte.convert.ConverterFixture.converter;
import static io.brickbyte.convert.ConverterFixture.decimal;
import static io.brickbyte.convert.ConverterFixture.decode;
import static io.brickbyte.convert.ConverterFixture.nulled;
import static io.brickbyte.convert.ConverterFixture.utf8;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.brickbyte.AirbyteDataException;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.AirbyteMessageReader;
import io.brickbyte.protocol.Json;
import io.brickbyte.protocol.JsonBytes;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.schema.AirbyteColumns;
import io.brickbyte.schema.JsonSchemaMapper;
import io.brickbyte.schema.NestedMode;
import io.brickbyte.schema.NumberType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Values of every column type, straight from the JSON parser into the row. */
class RecordConverterTest {

  private static final long T_2022_01_23_01_23_45 = 1642901025_000000L;

  @Test
  void scalarsOfEveryKind() throws IOException {
    InternalRow row = convert(
        converter("str STRING, n BIGINT, d DECIMAL(38,10), dbl DOUBLE, b BOOLEAN, day DATE, ts TIMESTAMP, ntz TIMESTAMP_NTZ, bin BINARY"),
        "{\"bin\":\"aGVsbG8=\",\"str\":\"héllo ✓\",\"n\":-42,\"d\":3.25,\"dbl\":1.5e300,\"b\":false,\"day\":\"2022-01-23\","
            + "\"ts\":\"2022-01-23T01:23:45Z\",\"ntz\":\"2022-01-23T01:23:45\",\"unknown\":{\"x\":[1]}}");
    assertEquals(12, row.numFields());
    assertEquals(utf8("héllo ✓"), row.getUTF8String(0));
    assertEquals(-42L, row.getLong(1));
    assertEquals(new BigDecimal("3.2500000000"), decimal(row, 2));
    assertEquals(1.5e300, row.getDouble(3));
    assertFalse(row.getBoolean(4));
    assertEquals(19015, row.getInt(5));
    assertEquals(T_2022_01_23_01_23_45, row.getLong(6));
    assertEquals(T_2022_01_23_01_23_45, row.getLong(7));
    assertArrayEquals("hello".getBytes(UTF_8), row.getBinary(8));
    assertEquals(List.of(), changes(row));
  }

  @Test
  void stringColumnsTakeScalarsAsTextAndObjectsAsJson() throws IOException {
    InternalRow row = convert(converter("a STRING, b STRING, c STRING, d STRING, o STRING, arr STRING"),
        "{\"a\":42,\"b\":1.50,\"c\":true,\"d\":\"x\\\"y\",\"o\":{\"k\":[1,2,{\"n\":null}],\"s\":\"é\\n\"},\"arr\":[1,\"x\",false,[]]}");
    assertEquals(utf8("42"), row.getUTF8String(0));
    assertEquals(utf8("1.50"), row.getUTF8String(1));
    assertEquals(utf8("true"), row.getUTF8String(2));
    assertEquals(utf8("x\"y"), row.getUTF8String(3));
    assertEquals(utf8("{\"k\":[1,2,{\"n\":null}],\"s\":\"é\\n\"}"), row.getUTF8String(4));
    assertEquals(utf8("[1,\"x\",false,[]]"), row.getUTF8String(5));
  }

  @Test
  void bareNanAndInfinityAsPythonWritesThem() throws IOException {
    InternalRow row = convert(converter("nan DOUBLE, inf DOUBLE, d DECIMAL(38,10), o STRING"),
        "{\"nan\":NaN,\"inf\":-Infinity,\"d\":Infinity,\"o\":{\"x\":NaN}}");
    assertEquals(utf8("{\"x\":NaN}"), row.getUTF8String(3), "JSON text keeps the value as the source wrote it");
    assertTrue(Double.isNaN(row.getDouble(0)));
    assertEquals(Double.NEGATIVE_INFINITY, row.getDouble(1));
    assertTrue(row.isNullAt(2), "a decimal column cannot hold Infinity");
    assertEquals(nulled("d"), changes(row));
  }

  @Test
  void numericColumnsTakeNumbersAsStrings() throws IOException {
    InternalRow row = convert(converter("n BIGINT, m BIGINT, d DECIMAL(38,10), x DOUBLE, nan DOUBLE, inf DOUBLE, b BOOLEAN, w BIGINT"),
        "{\"n\":\"42\",\"m\":\" -7 \",\"d\":\"1.50\",\"x\":\"2.5\",\"nan\":\"NaN\",\"inf\":\"-Infinity\",\"b\":\"TRUE\",\"w\":2.0}");
    assertEquals(42L, row.getLong(0));
    assertEquals(-7L, row.getLong(1));
    assertEquals(new BigDecimal("1.5000000000"), decimal(row, 2));
    assertEquals(2.5, row.getDouble(3));
    assertTrue(Double.isNaN(row.getDouble(4)));
    assertEquals(Double.NEGATIVE_INFINITY, row.getDouble(5));
    assertTrue(row.getBoolean(6));
    assertEquals(2L, row.getLong(7));
    assertEquals(List.of(), changes(row));
  }

  @Test
  void decimalsRoundHalfUpToScaleTen() throws IOException {
    InternalRow row = convert(converter("a DECIMAL(38,10), b DECIMAL(38,10), c DECIMAL(38,10), d DECIMAL(38,10), e DECIMAL(38,10), f DECIMAL(38,10)"),
        "{\"a\":0.00000000005,\"b\":-0.00000000005,\"c\":0.00000000000,\"d\":12345678901234567890123456.1234567891,"
            + "\"e\":1e5,\"f\":9999999999999999999999999999.99999999994}");
    assertEquals(new BigDecimal("0.0000000001"), decimal(row, 0));
    assertEquals(new BigDecimal("-0.0000000001"), decimal(row, 1));
    assertEquals(new BigDecimal("0E-10"), decimal(row, 2), "a zero written with many digits is still 0");
    assertEquals(new BigDecimal("12345678901234567890123456.1234567891"), decimal(row, 3));
    assertEquals(new BigDecimal("100000.0000000000"), decimal(row, 4));
    assertEquals(new BigDecimal("9999999999999999999999999999.9999999999"), decimal(row, 5));
    assertEquals(List.of(), changes(row));
  }

  @Test
  void decimalOverflowIsNulledAndRecorded() throws IOException {
    InternalRow row = convert(converter("a DECIMAL(38,10), b DECIMAL(38,10), c DECIMAL(38,10), d DECIMAL(38,10), big DECIMAL(38,0)"),
        "{\"a\":1e28,\"b\":\"99999999999999999999999999999\",\"c\":9999999999999999999999999999.99999999995,\"d\":\"12abc\","
            + "\"big\":123456789012345678901234567890.5}");
    for (int i = 0; i < 4; i++) {
      assertTrue(row.isNullAt(i), "column " + i);
    }
    assertEquals(new BigDecimal("123456789012345678901234567891"), row.getDecimal(4, 38, 0).toJavaBigDecimal());
    assertEquals(nulled("a", "b", "c", "d"), changes(row));
  }

  @Test
  void nonZeroDecimalsThatWouldRoundToZeroAreNulledAndRecorded() throws IOException {
    String line = "{\"tiny\":5e-324,\"neg\":-0.000000000049,\"text\":\"1e-11\",\"zero\":0e-400,\"ok\":0.00000000005}";
    InternalRow row = convert(converter("tiny DECIMAL(38,10), neg DECIMAL(38,10), text DECIMAL(38,10), "
        + "zero DECIMAL(38,10), ok DECIMAL(38,10)"), line);
    for (int i = 0; i < 3; i++) {
      assertTrue(row.isNullAt(i), "column " + i);
    }
    assertEquals(new BigDecimal("0E-10"), decimal(row, 3));
    assertEquals(new BigDecimal("0.0000000001"), decimal(row, 4));
    assertEquals(nulled("tiny", "neg", "text"), changes(row));
    assertThrows(AirbyteDataException.class,
        () -> convert(converter("tiny DECIMAL(38,10)", ConversionMode.FAILFAST), "{\"tiny\":5e-324}"));
    assertEquals(RecordConverter.DROPPED,
        decode(converter("tiny DECIMAL(38,10)", ConversionMode.DROPMALFORMED), "s", null, "{\"tiny\":5e-324}"));
  }

  @Test
  void nonZeroDecimalsThatWouldRoundToZeroAreRecordedThroughTheFastPathReaderToo() throws IOException {
    RecordConverter converter = converter("tiny DECIMAL(38,10), plain DECIMAL(38,10), ok DECIMAL(38,10)");
    assertEquals(RecordDecoder.Kind.BYTES, converter.kind(), "the reader tries the byte fast path first");
    String text = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":1,"
        + "\"data\":{\"tiny\":5e-324,\"plain\":0.00000000001,\"ok\":1.5}}}\n";
    try (AirbyteMessageReader reader = new AirbyteMessageReader(new ByteArrayInputStream(text.getBytes(UTF_8)), converter, l -> {})) {
      assertInstanceOf(AirbyteMessage.Record.class, reader.next());
      InternalRow row = converter.complete(EMITTED_AT, null);
      assertTrue(row.isNullAt(0));
      assertTrue(row.isNullAt(1));
      assertEquals(new BigDecimal("1.5000000000"), decimal(row, 2));
      assertEquals(nulled("tiny", "plain"), changes(row));
    }
  }

  @Test
  void bigintOutOfRangeIsNulledAndRecorded() throws IOException {
    InternalRow row = convert(converter("max BIGINT, min BIGINT, over BIGINT, frac BIGINT, text BIGINT, obj BIGINT, bool BIGINT, after STRING"),
        "{\"max\":9223372036854775807,\"min\":-9223372036854775808,\"over\":9223372036854775808,\"frac\":1.5,"
            + "\"text\":\"abc\",\"obj\":{\"x\":[1]},\"bool\":true,\"after\":\"ok\"}");
    assertEquals(Long.MAX_VALUE, row.getLong(0));
    assertEquals(Long.MIN_VALUE, row.getLong(1));
    for (int i = 2; i < 7; i++) {
      assertTrue(row.isNullAt(i), "column " + i);
    }
    assertEquals(utf8("ok"), row.getUTF8String(7), "parsing goes on after a skipped object");
    assertEquals(nulled("over", "frac", "text", "obj", "bool"), changes(row));
  }

  @Test
  void userSchemaIntsFloatsAndBooleans() throws IOException {
    InternalRow row = convert(converter("i INT, big INT, f FLOAT, b BOOLEAN, bad BOOLEAN, x DOUBLE"),
        "{\"i\":-5,\"big\":2147483648,\"f\":\"0.5\",\"b\":true,\"bad\":\"yes\",\"x\":3}");
    assertEquals(-5, row.getInt(0));
    assertTrue(row.isNullAt(1));
    assertEquals(0.5f, row.getFloat(2));
    assertTrue(row.getBoolean(3));
    assertTrue(row.isNullAt(4));
    assertEquals(3.0, row.getDouble(5));
    assertEquals(nulled("big", "bad"), changes(row));
  }

  @Test
  void dates() throws IOException {
    InternalRow row = convert(converter("a DATE, b DATE, bc DATE, ts DATE, bad DATE, num DATE, epoch DATE"),
        "{\"a\":\"2022-01-23\",\"b\":\"1969-12-31\",\"bc\":\"2022-01-23 BC\",\"ts\":\"2022-01-23T23:59:59-05:00\","
            + "\"bad\":\"2022-02-30\",\"num\":20220123,\"epoch\":\"1970-01-01\"}");
    assertEquals(19015, row.getInt(0));
    assertEquals(-1, row.getInt(1));
    assertEquals(-1457661, row.getInt(2), "2022 BC is proleptic year -2021");
    assertEquals(19015, row.getInt(3));
    assertTrue(row.isNullAt(4));
    assertTrue(row.isNullAt(5));
    assertEquals(0, row.getInt(6));
    assertEquals(nulled("bad", "num"), changes(row));
  }

  @Test
  void timestamps() throws IOException {
    String[] values = {"2022-01-23T01:23:45Z", "2022-01-23T03:23:45+02:00", "2022-01-23T03:23:45+0200", "2022-01-23T01:23:45",
        "2022-01-23 01:23:45Z", "2022-01-22T20:23:45.678-05:00", "2022-01-23T01:23:45.123456789Z", "2022-01-23",
        "2022-01-23T01:23:45.678-11:30 BC", "1969-12-31T23:59:59.5Z", "2022-01-22t23:23:45-02", "2022-13-01T00:00:00Z"};
    long[] expected = {T_2022_01_23_01_23_45, T_2022_01_23_01_23_45, T_2022_01_23_01_23_45, T_2022_01_23_01_23_45,
        T_2022_01_23_01_23_45, T_2022_01_23_01_23_45 + 678_000, T_2022_01_23_01_23_45 + 123_456, 1642896000_000000L,
        -125941863974_322000L, -500_000L, T_2022_01_23_01_23_45};
    StringBuilder ddl = new StringBuilder("epoch TIMESTAMP");
    StringBuilder json = new StringBuilder("{\"epoch\":1642901025");
    for (int i = 0; i < values.length; i++) {
      ddl.append(", t").append(i).append(" TIMESTAMP");
      json.append(",\"t").append(i).append("\":\"").append(values[i]).append('"');
    }
    InternalRow row = convert(converter(ddl.toString()), json.append('}').toString());
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], row.getLong(i + 1), values[i]);
    }
    assertTrue(row.isNullAt(0), "epoch numbers are not timestamps");
    assertTrue(row.isNullAt(12));
    assertEquals(nulled("epoch", "t11"), changes(row));
  }

  @Test
  void timestampNtzKeepsTheWallClock() throws IOException {
    InternalRow row = convert(converter("a TIMESTAMP_NTZ, b TIMESTAMP_NTZ, c TIMESTAMP_NTZ, d TIMESTAMP_NTZ"),
        "{\"a\":\"2022-01-23T01:23:45+02:00\",\"b\":\"2022-01-23 01:23:45.5\",\"c\":\"2022-01-23T01:23:45-0800\",\"d\":\"01:23:45\"}");
    assertEquals(T_2022_01_23_01_23_45, row.getLong(0));
    assertEquals(T_2022_01_23_01_23_45 + 500_000, row.getLong(1));
    assertEquals(T_2022_01_23_01_23_45, row.getLong(2));
    assertTrue(row.isNullAt(3));
    assertEquals(nulled("d"), changes(row));
  }

  @Test
  void base64Binary() throws IOException {
    InternalRow row = convert(converter("std BINARY, url BINARY, bad BINARY, empty BINARY"),
        "{\"std\":\"+/8=\",\"url\":\"-_8=\",\"bad\":\"***\",\"empty\":\"\"}");
    assertArrayEquals(new byte[] {(byte) 0xfb, (byte) 0xff}, row.getBinary(0));
    assertArrayEquals(new byte[] {(byte) 0xfb, (byte) 0xff}, row.getBinary(1));
    assertTrue(row.isNullAt(2));
    assertArrayEquals(new byte[0], row.getBinary(3));
    assertEquals(nulled("bad"), changes(row));
  }

  @Test
  void structsAndNestedStructs() throws IOException {
    RecordConverter converter = converter("o STRUCT<a: BIGINT, b: STRING, inner: STRUCT<x: DOUBLE, y: DATE>>, notObj STRUCT<a: BIGINT>");
    InternalRow row = convert(converter,
        "{\"o\":{\"skip\":{\"a\":1},\"a\":1,\"inner\":{\"y\":\"2022-01-23\",\"x\":0.25},\"b\":\"t\"},\"notObj\":[1]}");
    InternalRow o = row.getStruct(0, 3);
    assertEquals(1L, o.getLong(0));
    assertEquals(utf8("t"), o.getUTF8String(1));
    assertEquals(0.25, o.getStruct(2, 2).getDouble(0));
    assertEquals(19015, o.getStruct(2, 2).getInt(1));
    assertTrue(row.isNullAt(1));
    assertEquals(nulled("notObj"), changes(row));

    o = convert(converter, "{\"o\":{\"a\":null,\"inner\":{\"y\":\"soon\"}}}").getStruct(0, 3);
    assertTrue(o.isNullAt(0));
    assertTrue(o.isNullAt(1));
    assertTrue(o.getStruct(2, 2).isNullAt(0));
    assertTrue(o.getStruct(2, 2).isNullAt(1));
    assertEquals(nulled("o.inner.y"), changes(converter.complete(EMITTED_AT, null)));
  }

  @Test
  void arraysWithNullsAndFailingElements() throws IOException {
    InternalRow row = convert(converter("a ARRAY<BIGINT>, b ARRAY<BIGINT>, items ARRAY<STRUCT<v: BIGINT>>, grid ARRAY<ARRAY<BIGINT>>, "
            + "c ARRAY<STRING>, d ARRAY<BIGINT>"),
        "{\"a\":[1,null,3],\"b\":[1,\"x\",3],\"items\":[{\"v\":1},{\"v\":\"bad\"},null],\"grid\":[[1],[2,\"x\"]],"
            + "\"c\":[{\"k\":1},\"s\",2],\"d\":{\"not\":\"an array\"}}");
    ArrayData a = row.getArray(0);
    assertEquals(3, a.numElements());
    assertEquals(1L, a.getLong(0));
    assertTrue(a.isNullAt(1));
    assertEquals(3L, a.getLong(2));
    ArrayData b = row.getArray(1);
    assertEquals(List.of(1L, 3L), List.of(b.getLong(0), b.getLong(2)));
    assertTrue(b.isNullAt(1));
    ArrayData items = row.getArray(2);
    assertEquals(1L, items.getStruct(0, 1).getLong(0));
    assertTrue(items.getStruct(1, 1).isNullAt(0));
    assertTrue(items.isNullAt(2));
    ArrayData grid = row.getArray(3);
    assertEquals(1L, grid.getArray(0).getLong(0));
    assertEquals(2L, grid.getArray(1).getLong(0));
    assertTrue(grid.getArray(1).isNullAt(1));
    ArrayData c = row.getArray(4);
    assertEquals(List.of(utf8("{\"k\":1}"), utf8("s"), utf8("2")), List.of(c.getUTF8String(0), c.getUTF8String(1), c.getUTF8String(2)));
    assertTrue(row.isNullAt(5));
    assertEquals(nulled("b[1]", "items[1].v", "grid[1][1]", "d"), changes(row));
  }

  @Test
  void stringKeyedMaps() throws IOException {
    InternalRow row = convert(converter("m MAP<STRING, BIGINT>, tags MAP<STRING, STRING>"),
        "{\"m\":{\"k1\":1,\"k2\":null,\"k3\":\"bad\"},\"tags\":{\"a\":{\"x\":1}}}");
    MapData m = row.getMap(0);
    assertEquals(3, m.numElements());
    assertEquals(List.of(utf8("k1"), utf8("k2"), utf8("k3")),
        List.of(m.keyArray().getUTF8String(0), m.keyArray().getUTF8String(1), m.keyArray().getUTF8String(2)));
    assertEquals(1L, m.valueArray().getLong(0));
    assertTrue(m.valueArray().isNullAt(1));
    assertTrue(m.valueArray().isNullAt(2));
    assertEquals(utf8("{\"x\":1}"), row.getMap(1).valueArray().getUTF8String(0));
    assertEquals(nulled("m.k3"), changes(row));
  }

  @Test
  void jsonTextKeepsNumbersAsWrittenWhateverTheFieldOrder() throws IOException {
    RecordConverter converter = converter("o STRING, a STRING");
    String o = "{\"a\":1.50,\"b\":1e5,\"c\":0.1000000000000000000001,\"d\":12345678901234567890,\"e\":-0.0,\"f\":[2E-3]}";
    String text = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":1,\"data\":{\"o\":" + o + ",\"a\":[1.10]}}}\n"
        + "{\"type\":\"RECORD\",\"record\":{\"data\":{\"o\":" + o + ",\"a\":[1.10]},\"emitted_at\":2,\"stream\":\"s\"}}\n";
    try (AirbyteMessageReader reader = new AirbyteMessageReader(new ByteArrayInputStream(text.getBytes(UTF_8)), converter, l -> {})) {
      for (int i = 0; i < 2; i++) {
        reader.next();
        InternalRow row = converter.complete(EMITTED_AT, null);
        assertEquals(utf8(o), row.getUTF8String(0), "record " + i);
        assertEquals(utf8("[1.10]"), row.getUTF8String(1), "record " + i);
      }
    }
  }

  @Test
  void aBrokenValueDoesNotSpoilTheJsonTextOfTheNextRecords() throws IOException {
    RecordConverter converter = converter("o STRING");
    assertThrows(JsonProcessingException.class, () -> decode(converter, "s", null, "{\"o\":{\"x\":[1,{\"y\":tru}]}}"));
    assertThrows(JsonProcessingException.class, () -> decode(converter, "s", null, "{\"o\":{\"x\":"));
    assertEquals(utf8("{\"b\":2}"), convert(converter, "{\"o\":{\"b\":2}}").getUTF8String(0));
    assertEquals(utf8("[3]"), convert(converter, "{\"o\":[3]}").getUTF8String(0));
  }

  @Test
  void renamedColumnsReadThePropertyTheirMetadataNamesOnBothPaths() throws IOException {
    StructType columns = AirbyteColumns.append(new JsonSchemaMapper(NumberType.DECIMAL, NestedMode.STRUCT)
        .toStructType(Json.MAPPER.readTree("{\"properties\":{\"id\":{\"type\":\"integer\"},"
            + "\"ID\":{\"type\":\"integer\"},\"o\":{\"type\":\"object\",\"properties\":{"
            + "\"k\":{\"type\":\"string\"},\"K\":{\"type\":\"string\"}}}}}")));
    String json = "{\"ID\":2,\"id\":1,\"o\":{\"K\":\"upper\",\"k\":\"lower\"}}";
    StreamDescriptor stream = new StreamDescriptor("s", null);

    InternalRow parsed = convert(new RecordConverter(columns, stream, ConversionMode.PERMISSIVE, 7L), json);
    assertIdsAndKeys(parsed);

    RecordConverter fast = new RecordConverter(columns, stream, ConversionMode.PERMISSIVE, 7L);
    JsonBytes bytes = new JsonBytes();
    byte[] line = json.getBytes(UTF_8);
    bytes.reset(line, 0, line.length);
    assertIdsAndKeys(assertInstanceOf(InternalRow.class, fast.decodeBytes("s", null, bytes), "the fast path"));
  }

  private static void assertIdsAndKeys(InternalRow row) {
    assertEquals(1L, row.getLong(0));
    assertEquals(2L, row.getLong(1));
    assertEquals(utf8("lower"), row.getStruct(2, 2).getUTF8String(0));
    assertEquals(utf8("upper"), row.getStruct(2, 2).getUTF8String(1));
  }
}
