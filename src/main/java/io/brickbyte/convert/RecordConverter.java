package io.brickbyte.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.brickbyte.protocol.JsonBytes;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.schema.AirbyteColumns;
import io.brickbyte.schema.ColumnNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Converts one stream's records straight from the JSON parser into a reused {@link InternalRow} of
 * the requested columns. Built once per schema; a record costs a walk over its tokens. Properties
 * that are not columns (or were pruned) are skipped without being converted.
 */
public final class RecordConverter implements RecordDecoder {

  /** What {@link #decode} returns for a record that DROPMALFORMED drops. */
  public static final Object DROPPED = new Object();

  /** The largest emitted_at (ms) whose microseconds fit a TIMESTAMP. */
  private static final long MAX_MILLIS = Long.MAX_VALUE / 1000;

  private final StreamDescriptor stream;
  private final ConversionMode mode;
  private final Long syncId;
  private final FieldLookup fieldLookup;
  private final ValueConverter[] converters;
  private final int[] dataOrdinals;
  private final int rawIdOrdinal;
  private final int extractedAtOrdinal;
  private final int metaOrdinal;
  private final SpecificInternalRow row;
  private final Conversion conversion;
  private final RawIds rawIds = new RawIds();
  private final InternalRow noChanges;
  /** The fast path's columns. */
  private final ByteConverters.Fields byteFields;
  private ByteConverters.Input byteInput;

  /**
   * @param columns the columns to fill, in output order: stream properties and any of the Airbyte
   *     columns
   * @param syncId the value of {@code _airbyte_meta.sync_id}, or null
   */
  public RecordConverter(
      StructType columns, StreamDescriptor stream, ConversionMode mode, Long syncId) {
    this.stream = stream;
    this.mode = mode;
    this.syncId = syncId;
    StructField[] fields = columns.fields();
    this.converters = new ValueConverter[fields.length];
    List<Integer> data = new ArrayList<>();
    // The JSON property of each data column, by ordinal.
    String[] names = new String[fields.length];
    int rawId = -1;
    int extractedAt = -1;
    int meta = -1;
    for (int i = 0; i < fields.length; i++) {
      String name = fields[i].name();
      switch (name) {
        case AirbyteColumns.RAW_ID -> rawId = i;
        case AirbyteColumns.EXTRACTED_AT -> extractedAt = i;
        case AirbyteColumns.META -> meta = i;
        default -> {
          converters[i] = ValueConverter.forType(fields[i].dataType(), name);
          names[i] = ColumnNames.propertyOf(fields[i]);
          data.add(i);
        }
      }
    }
    this.fieldLookup = new FieldLookup(names);
    this.byteFields = byteFields(fields, names);
    this.dataOrdinals = data.stream().mapToInt(Integer::intValue).toArray();
    this.rawIdOrdinal = rawId;
    this.extractedAtOrdinal = extractedAt;
    this.metaOrdinal = meta;
    this.row = new SpecificInternalRow(columns);
    this.conversion = new Conversion(stream.toString(), mode);
    // Most records change nothing: one shared meta value for them (rows are copied downstream).
    this.noChanges = new GenericInternalRow(new Object[] {syncId, new GenericArrayData(new Object[0])});
  }

  /**
   * Converts a record's {@code data} into the shared row.
   *
   * @return the row (call {@link #complete} next), {@link #DROPPED}, or null for another stream
   */
  @Override
  public Object decode(String recordStream, String namespace, JsonParser parser) throws IOException {
    if (!stream.matches(recordStream, namespace)) {
      parser.skipChildren();
      return null;
    }
    conversion.startRecord();
    for (int ordinal : dataOrdinals) {
      row.setNullAt(ordinal);
    }
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      conversion.nulled("(record)", "a JSON object", parser.currentToken());
      parser.skipChildren();
    } else {
      int position = 0;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        int ordinal = fieldLookup.ordinal(parser.currentName(), position++);
        JsonToken token = parser.nextToken();
        if (ordinal == FieldLookup.NOT_A_FIELD) {
          parser.skipChildren();
        } else if (token != JsonToken.VALUE_NULL) {
          ValueConverter converter = converters[ordinal];
          if (!converter.write(parser, conversion, row, ordinal)) {
            conversion.nulled(converter.path, converter.expected(), token);
          }
        }
      }
    }
    if (mode == ConversionMode.DROPMALFORMED && !conversion.changes().isEmpty()) {
      return DROPPED;
    }
    return row;
  }

  /**
   * A record whose invalid UTF-8 was read as U+FFFD: kept with the change recorded in PERMISSIVE,
   * dropped in DROPMALFORMED, a failure in FAILFAST.
   */
  @Override
  public Object decodeInvalidUtf8(String recordStream, String namespace, JsonParser parser, String field)
      throws IOException {
    Object decoded = decode(recordStream, namespace, parser);
    if (decoded != row) {
      return decoded; // another stream's record, or one DROPMALFORMED drops anyway
    }
    conversion.invalidUtf8(field);
    return mode == ConversionMode.DROPMALFORMED ? DROPPED : row;
  }

  @Override
  public Kind kind() {
    return byteFields != null ? Kind.BYTES : Kind.PARSED;
  }

  /** The fast path: the record converted from its bytes, or FALLBACK for {@link #decode}. */
  @Override
  public Object decodeBytes(String recordStream, String namespace, JsonBytes data) {
    if (byteInput == null || byteInput.json != data) {
      byteInput = new ByteConverters.Input(data); // once per reader
    }
    if (!stream.matches(recordStream, namespace)) {
      // Another stream's data is skipped, but checked: a broken line must still be found out.
      return data.skipValueStrictly(0) ? null : FALLBACK;
    }
    conversion.startRecord();
    for (int ordinal : dataOrdinals) {
      row.setNullAt(ordinal);
    }
    data.skipWhitespace();
    return byteInput.object(byteFields, row) ? row : FALLBACK;
  }

  private static ByteConverters.Fields byteFields(StructField[] fields, String[] names) {
    ByteConverters.Converter[] converters = new ByteConverters.Converter[fields.length];
    for (int i = 0; i < fields.length; i++) {
      if (names[i] != null) {
        converters[i] = ByteConverters.forType(fields[i].dataType());
      }
    }
    return new ByteConverters.Fields(names, converters);
  }

  /** How many values of the last record were nulled because they did not fit. */
  public int nulledValues() {
    return conversion.nulledValues();
  }

  /** Fills the Airbyte columns of the row {@link #decode} just returned, and returns it. */
  public InternalRow complete(long emittedAtMillis, JsonNode sourceMeta) {
    if (rawIdOrdinal >= 0) {
      row.update(rawIdOrdinal, rawIds.next());
    }
    if (extractedAtOrdinal >= 0) {
      // An emitted_at past any timestamp (a connector's garbage) is as good as none: the time of
      // the read, as the reader gives a record without one.
      long millis = Math.abs(emittedAtMillis) <= MAX_MILLIS ? emittedAtMillis : System.currentTimeMillis();
      row.setLong(extractedAtOrdinal, millis * 1000L);
    }
    if (metaOrdinal >= 0) {
      row.update(metaOrdinal, meta(sourceMeta));
    }
    return row;
  }

  /** {@code _airbyte_meta}: the source's own changes first, then the values nulled here. */
  private InternalRow meta(JsonNode sourceMeta) {
    if (conversion.changes().isEmpty() && (sourceMeta == null || sourceMeta.path("changes").isEmpty())) {
      return noChanges;
    }
    List<Object> changes = new ArrayList<>();
    if (sourceMeta != null) {
      for (JsonNode change : sourceMeta.path("changes")) {
        changes.add(
            new GenericInternalRow(
                new Object[] {
                  utf8(change.get("field")), utf8(change.get("change")), utf8(change.get("reason"))
                }));
      }
    }
    for (Conversion.Change change : conversion.changes()) {
      changes.add(
          new GenericInternalRow(
              new Object[] {UTF8String.fromString(change.field()), change.change(), change.reason()}));
    }
    return new GenericInternalRow(new Object[] {syncId, new GenericArrayData(changes.toArray())});
  }

  private static UTF8String utf8(JsonNode node) {
    return node == null || node.isNull() ? null : UTF8String.fromString(node.asText());
  }
}
