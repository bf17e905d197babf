package io.brickbyte.convert;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import io.brickbyte.protocol.Json;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.schema.AirbyteColumns;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/** Builds converters for stream "s" and feeds them records, as the message reader does. */
final class ConverterFixture {

  static final long EMITTED_AT = 1700000000123L;

  private ConverterFixture() {}

  /** A converter for the DDL's columns followed by the Airbyte columns; sync id 7. */
  static RecordConverter converter(String ddl, ConversionMode mode) {
    return new RecordConverter(AirbyteColumns.append(StructType.fromDDL(ddl)), new StreamDescriptor("s", null), mode, 7L);
  }

  static RecordConverter converter(String ddl) {
    return converter(ddl, ConversionMode.PERMISSIVE);
  }

  /** {@code converter} without its byte fast path: every record goes through the parser. */
  static RecordDecoder parserOnly(RecordConverter converter) {
    return new RecordDecoder() {
      @Override
      public Object decode(String stream, String namespace, JsonParser data) throws IOException {
        return converter.decode(stream, namespace, data);
      }

      @Override
      public Object decodeInvalidUtf8(String stream, String namespace, JsonParser data, String field)
          throws IOException {
        return converter.decodeInvalidUtf8(stream, namespace, data, field);
      }
    };
  }

  /** Decodes {@code json} as a record of {@code stream}, checking that all of it was consumed. */
  static Object decode(RecordConverter converter, String stream, String namespace, String json) throws IOException {
    try (JsonParser parser = Json.FACTORY.createParser(json)) {
      parser.nextToken();
      Object decoded = converter.decode(stream, namespace, parser);
      assertTrue(parser.currentToken().isStructEnd(), "the record's value is consumed");
      assertNull(parser.nextToken());
      return decoded;
    }
  }

  /** Decodes a record of stream "s" and completes its row. */
  static InternalRow convert(RecordConverter converter, String json) throws IOException {
    InternalRow row = assertInstanceOf(InternalRow.class, decode(converter, "s", null, json));
    assertSame(row, converter.complete(EMITTED_AT, null));
    return row;
  }

  /** {@code _airbyte_meta.changes} of a row (meta is its last column), as "field change reason". */
  static List<String> changes(InternalRow row) {
    ArrayData changes = row.getStruct(row.numFields() - 1, 2).getArray(1);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < changes.numElements(); i++) {
      InternalRow change = changes.getStruct(i, 3);
      out.add(change.getUTF8String(0) + " " + change.getUTF8String(1) + " " + change.getUTF8String(2));
    }
    return out;
  }

  /** The changes this library records for values it nulled at {@code fields}. */
  static List<String> nulled(String... fields) {
    return Arrays.stream(fields).map(f -> f + " NULLED DESTINATION_TYPECAST_ERROR").toList();
  }

  static UTF8String utf8(String s) {
    return UTF8String.fromString(s);
  }

  static BigDecimal decimal(InternalRow row, int ordinal) {
    return row.getDecimal(ordinal, 38, 10).toJavaBigDecimal();
  }
}
