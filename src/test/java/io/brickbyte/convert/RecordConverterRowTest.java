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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.AirbyteConfigException;
import io.brickbyte.AirbyteDataException;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.AirbyteMessageReader;
import io.brickbyte.protocol.Json;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.schema.AirbyteColumns;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The Airbyte columns, the modes, and how the one reused row behaves from record to record. */
class RecordConverterRowTest {

  @Test
  void metaListsSourceChangesFirstAndCarriesTheSyncId() throws IOException {
    RecordConverter converter = converter("n BIGINT");
    decode(converter, "s", null, "{\"n\":\"x\"}");
    InternalRow row = converter.complete(EMITTED_AT, Json.MAPPER.readTree(
        "{\"changes\":[{\"field\":\"bio\",\"change\":\"TRUNCATED\",\"reason\":\"SOURCE_FIELD_SIZE_LIMITATION\"},{\"field\":\"z\"}]}"));
    assertEquals(List.of("bio TRUNCATED SOURCE_FIELD_SIZE_LIMITATION", "z null null", "n NULLED DESTINATION_TYPECAST_ERROR"), changes(row));
    assertEquals(7L, row.getStruct(3, 2).getLong(0));
    assertEquals(1, converter.nulledValues());
    RecordConverter noSyncId = new RecordConverter(AirbyteColumns.append(new StructType()), new StreamDescriptor("s", null),
        ConversionMode.PERMISSIVE, null);
    assertTrue(convert(noSyncId, "{}").getStruct(2, 2).isNullAt(0));
  }

  @Test
  void rawIdsAreDistinctUuidV4AndExtractedAtIsInMicros() throws IOException {
    RecordConverter converter = converter("n BIGINT");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      InternalRow row = convert(converter, "{\"n\":" + i + "}");
      String id = row.getUTF8String(1).toString();
      UUID uuid = UUID.fromString(id);
      assertEquals(4, uuid.version());
      assertEquals(2, uuid.variant());
      assertEquals(uuid.toString(), id);
      ids.add(id);
      assertEquals(EMITTED_AT * 1000, row.getLong(2));
    }
    assertEquals(2000, ids.size());
  }

  @Test
  void dropMalformedDropsTheWholeRecord() throws IOException {
    RecordConverter converter = converter("n BIGINT, s STRING", ConversionMode.DROPMALFORMED);
    assertSame(RecordConverter.DROPPED, decode(converter, "s", null, "{\"s\":\"x\",\"n\":1.5}"));
    assertSame(RecordConverter.DROPPED, decode(converter, "s", null, "{\"n\":[1]}"));
    InternalRow row = convert(converter, "{\"n\":1}");
    assertEquals(1L, row.getLong(0));
    assertTrue(row.isNullAt(1));
    assertEquals(List.of(), changes(row));
  }

  /** The rows (as "name n changes nulledValues") or "dropped" of record lines of stream "s" with {@code datas}. */
  private static List<String> readLines(RecordConverter converter, byte[]... datas) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] data : datas) {
      out.writeBytes("{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":1,\"data\":".getBytes(UTF_8));
      out.writeBytes(data);
      out.writeBytes("}}\n".getBytes(UTF_8));
    }
    List<String> rows = new java.util.ArrayList<>();
    try (AirbyteMessageReader reader = new AirbyteMessageReader(new ByteArrayInputStream(out.toByteArray()), converter,
        line -> rows.add("log"))) {
      AirbyteMessage message;
      while ((message = reader.next()) != null) {
        Object data = ((AirbyteMessage.Record) message).data();
        if (data == RecordConverter.DROPPED) {
          rows.add("dropped");
        } else {
          InternalRow row = converter.complete(EMITTED_AT, null);
          rows.add(row.getUTF8String(0) + " " + row.getLong(1) + " " + changes(row) + " " + converter.nulledValues());
        }
      }
    }
    return rows;
  }

  /** {@code {"name": "a<0xFF>b", "n": 1}}: a value that is not UTF-8. */
  private static byte[] invalidName() {
    byte[] data = "{\"name\":\"a?b\",\"n\":1}".getBytes(UTF_8);
    data[10] = (byte) 0xFF;
    return data;
  }

  @Test
  void aRecordThatIsNotUtf8IsKeptAndRecordedDroppedOrFailsAsTheModeSays() throws IOException {
    byte[] valid = "{\"name\":\"ok\",\"n\":2}".getBytes(UTF_8);
    String ddl = "name STRING, n BIGINT";
    assertEquals(RecordDecoder.Kind.BYTES, converter(ddl).kind(), "the fast path is tried first");
    // Kept, not nulled: the records-with-nulled-values metric does not count it.
    assertEquals(List.of("a\uFFFDb 1 [name TRUNCATED SOURCE_SERIALIZATION_ERROR] 0", "ok 2 [] 0"),
        readLines(converter(ddl), invalidName(), valid));
    assertEquals(List.of("dropped", "ok 2 [] 0"), readLines(converter(ddl, ConversionMode.DROPMALFORMED), invalidName(), valid));
    String message = assertThrows(AirbyteDataException.class,
        () -> readLines(converter(ddl, ConversionMode.FAILFAST), invalidName(), valid)).getMessage();
    assertTrue(message.startsWith("Stream 's': field 'name' holds bytes that are not valid UTF-8"), message);
    // A pruned read that skips the field still finds the record out: its line is not UTF-8.
    assertEquals(List.of("dropped"), readLines(converter("n BIGINT", ConversionMode.DROPMALFORMED), invalidName()));
  }

  @Test
  void failFastNamesStreamAndFieldButNotTheValue() {
    RecordConverter flat = new RecordConverter(AirbyteColumns.append(StructType.fromDDL("token DATE")),
        new StreamDescriptor("users", "crm"), ConversionMode.FAILFAST, null);
    String message = assertThrows(AirbyteDataException.class,
        () -> decode(flat, "users", "crm", "{\"token\":\"sk-live-SECRET-1234\"}")).getMessage();
    assertTrue(message.contains("'crm.users'") && message.contains("'token'"), message);
    assertFalse(message.contains("SECRET"), message);

    RecordConverter nested = converter("big BIGINT, items ARRAY<STRUCT<v: BIGINT>>", ConversionMode.FAILFAST);
    message = assertThrows(AirbyteDataException.class, () -> decode(nested, "s", null, "{\"big\":98765432109876543210}")).getMessage();
    assertTrue(message.contains("Stream 's'") && message.contains("'big'") && message.contains("BIGINT"), message);
    assertFalse(message.contains("98765432109876543210"), message);
    message = assertThrows(AirbyteDataException.class,
        () -> decode(nested, "s", null, "{\"items\":[{\"v\":1},{\"v\":\"hidden-value\"}]}")).getMessage();
    assertTrue(message.contains("'items[1].v'"), message);
    assertFalse(message.contains("hidden-value"), message);
  }

  @Test
  void prunedSchemasSkipOtherFields() throws IOException {
    RecordConverter converter = new RecordConverter(StructType.fromDDL("b STRING, _airbyte_extracted_at TIMESTAMP"),
        new StreamDescriptor("s", null), ConversionMode.FAILFAST, null);
    InternalRow row = assertInstanceOf(InternalRow.class, decode(converter, "s", null,
        "{\"a\":{\"deep\":[1,{\"x\":\"}\"}]},\"b\":\"x\",\"c\":[{\"d\":\"not a number\"}],\"n\":9999999999999999999999}"));
    converter.complete(EMITTED_AT, null);
    assertEquals(2, row.numFields());
    assertEquals(utf8("x"), row.getUTF8String(0));
    assertEquals(EMITTED_AT * 1000, row.getLong(1));
  }

  @Test
  void theRowIsReusedButNothingLeaksBetweenRecords() throws IOException {
    RecordConverter converter = converter("a BIGINT, b STRING, c DOUBLE, o STRUCT<x: BIGINT>");
    InternalRow first = convert(converter, "{\"a\":1,\"b\":\"x\",\"c\":2.5,\"o\":{\"x\":3},\"bad\":0}");
    assertEquals(1L, first.getLong(0));
    String firstId = first.getUTF8String(4).toString();
    convert(converter, "{\"a\":\"nope\"}");
    InternalRow second = convert(converter, "{\"b\":\"y\",\"c\":null}");
    assertSame(first, second);
    assertTrue(second.isNullAt(0));
    assertEquals(utf8("y"), second.getUTF8String(1));
    assertTrue(second.isNullAt(2));
    assertTrue(second.isNullAt(3));
    assertEquals(List.of(), changes(second), "changes of an earlier record are gone");
    assertFalse(firstId.equals(second.getUTF8String(4).toString()));
  }

  @Test
  void recordsOfOtherStreamsAreSkipped() throws IOException {
    RecordConverter any = converter("a BIGINT");
    assertNull(decode(any, "other", null, "{\"a\":{\"b\":[1,2]}}"));
    assertInstanceOf(InternalRow.class, decode(any, "s", "some_namespace", "{\"a\":1}"));
    RecordConverter namespaced = new RecordConverter(AirbyteColumns.append(StructType.fromDDL("a BIGINT")),
        new StreamDescriptor("s", "ns"), ConversionMode.PERMISSIVE, null);
    assertNull(decode(namespaced, "s", "other", "{\"a\":1}"));
    assertNull(decode(namespaced, "s", null, "{\"a\":1}"));
    assertInstanceOf(InternalRow.class, decode(namespaced, "s", "ns", "{\"a\":1}"));
  }

  @Test
  void dataThatIsNotAnObject() throws IOException {
    RecordConverter converter = converter("a BIGINT");
    decode(converter, "s", null, "[{\"a\":1}]");
    InternalRow row = converter.complete(EMITTED_AT, null);
    assertTrue(row.isNullAt(0));
    assertEquals(nulled("(record)"), changes(row));
    assertThrows(AirbyteDataException.class, () -> decode(converter("a BIGINT", ConversionMode.FAILFAST), "s", null, "[1]"));
  }

  @Test
  void decodesThroughTheReaderWhateverTheFieldOrder() throws IOException {
    RecordConverter converter = converter("d DECIMAL(38,10), n BIGINT, s STRING, o STRING, big BIGINT");
    String data = "{\"d\":0.12345678905,\"n\":12,\"s\":\"x\",\"o\":{\"k\":[1,true]},\"big\":12345678901234567890}";
    String text = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":1,\"data\":" + data + "}}\n"
        + "{\"type\":\"RECORD\",\"record\":{\"data\":" + data + ",\"emitted_at\":2,\"stream\":\"s\"}}\n";
    try (AirbyteMessageReader reader = new AirbyteMessageReader(new ByteArrayInputStream(text.getBytes(UTF_8)), converter, l -> {})) {
      for (int emittedAt = 1; emittedAt <= 2; emittedAt++) {
        AirbyteMessage.Record record = assertInstanceOf(AirbyteMessage.Record.class, reader.next());
        InternalRow row = converter.complete(record.emittedAt(), record.meta());
        assertSame(row, record.data());
        assertEquals(new BigDecimal("0.1234567891"), decimal(row, 0));
        assertEquals(12L, row.getLong(1));
        assertEquals(utf8("x"), row.getUTF8String(2));
        assertEquals(utf8("{\"k\":[1,true]}"), row.getUTF8String(3));
        assertTrue(row.isNullAt(4));
        assertEquals(nulled("big"), changes(row));
        assertEquals(emittedAt * 1000L, row.getLong(6));
      }
      assertNull(reader.next());
    }
  }

  @Test
  void columnTypesRecordsCannotFillAreConfigErrors() {
    AirbyteConfigException e = assertThrows(AirbyteConfigException.class, () -> converter("small SMALLINT"));
    assertTrue(e.getMessage().contains("'small'") && e.getMessage().contains("smallint"), e.getMessage());
    assertThrows(AirbyteConfigException.class, () -> converter("m MAP<BIGINT, STRING>"));
  }
}
