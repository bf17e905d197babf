package io.brickbyte.convert;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.AirbyteDataException;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.AirbyteMessageReader;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.schema.AirbyteColumns;
import io.brickbyte.schema.JsonSchemaMapper;
import io.brickbyte.schema.NestedMode;
import io.brickbyte.schema.NumberType;
import io.brickbyte.testing.RepoPaths;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The golden fixtures under {@code src/test/resources/golden} (read by this suite and by the
 * Python source's pytest suite): loading, running a case through the JVM's real read path, and
 * the canonical JSON form of a row that both suites compare (README.md there).
 */
final class GoldenFixtures {

  static final Path ROOT = RepoPaths.of("src/test/resources/golden");
  /** Where an {@code _airbyte_extracted_at} is the time of the read rather than a value. */
  static final String NOW = "NOW";
  static final long NOW_TOLERANCE_MILLIS = 10 * 60 * 1000L;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private GoldenFixtures() {}

  /** A fixture file and its cases. */
  record FixtureFile(Path path, ObjectNode json) {
    List<ObjectNode> cases() {
      List<ObjectNode> cases = new ArrayList<>();
      json.withArray("cases").forEach(c -> cases.add((ObjectNode) c));
      return cases;
    }

    void write() throws IOException {
      Files.writeString(path, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    }
  }

  static List<FixtureFile> files(String kind) throws IOException {
    try (Stream<Path> paths = Files.list(ROOT.resolve(kind))) {
      List<FixtureFile> files = new ArrayList<>();
      for (Path path : paths.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        files.add(new FixtureFile(path, (ObjectNode) MAPPER.readTree(path.toFile())));
      }
      return files;
    }
  }

  static String option(ObjectNode testCase, String name, String fallback) {
    return testCase.path("options").path(name).asText(fallback).toUpperCase(Locale.ROOT);
  }

  /**
   * The stream's columns as a read has them: its properties (or the case's {@code sparkSchema},
   * as a user gives one), then the Airbyte columns.
   */
  static StructType columns(ObjectNode testCase) {
    if (testCase.has("sparkSchema")) {
      // A user's .schema(...): may also hold INT, FLOAT and MAP<STRING, X>.
      return AirbyteColumns.append((StructType) DataType.fromJson(testCase.get("sparkSchema").toString()));
    }
    JsonSchemaMapper mapper = new JsonSchemaMapper(
        NumberType.valueOf(option(testCase, "numberType", "decimal")),
        NestedMode.valueOf(option(testCase, "nested", "struct")));
    return AirbyteColumns.append(mapper.toStructType(testCase.get("jsonSchema")));
  }

  /** What a schema case gives: {"sparkSchema": ...} or {"error": ...}. */
  static ObjectNode schemaOutcome(ObjectNode testCase) throws IOException {
    ObjectNode outcome = NODES.objectNode();
    try {
      outcome.set("sparkSchema", MAPPER.readTree(columns(testCase).json()));
    } catch (AirbyteDataException e) {
      outcome.put("error", e.getMessage());
    }
    return outcome;
  }

  /** A line of a record case: a string, or an array of strings (UTF-8) and byte values. */
  static byte[] lineBytes(JsonNode line) {
    if (line.isTextual()) {
      return line.asText().getBytes(UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (JsonNode part : line) {
      if (part.isTextual()) {
        out.writeBytes(part.asText().getBytes(UTF_8));
      } else {
        out.write(part.intValue());
      }
    }
    return out.toByteArray();
  }

  /**
   * What a record case gives through the JVM's read path (the message reader, with the
   * converter's byte fast path or with its parser only): {"rows", "dropped"} or {"error"}.
   */
  static ObjectNode recordOutcome(ObjectNode testCase, boolean bytePath) throws IOException {
    StructType columns = columns(testCase);
    ConversionMode mode = ConversionMode.valueOf(option(testCase, "mode", "PERMISSIVE"));
    String namespace = testCase.hasNonNull("namespace") ? testCase.get("namespace").asText() : null;
    RecordConverter converter = new RecordConverter(
        columns, new StreamDescriptor(testCase.path("stream").asText("s"), namespace), mode, null);
    RecordDecoder decoder = bytePath ? converter : ConverterFixture.parserOnly(converter);
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    for (JsonNode line : testCase.withArray("lines")) {
      input.writeBytes(lineBytes(line));
      input.write('\n');
    }
    ArrayNode rows = NODES.arrayNode();
    int dropped = 0;
    ObjectNode outcome = NODES.objectNode();
    try (AirbyteMessageReader reader =
        new AirbyteMessageReader(new ByteArrayInputStream(input.toByteArray()), decoder, line -> {})) {
      AirbyteMessage message;
      while ((message = reader.next()) != null) {
        // As the partition reader does (io.brickbyte.spark.RecordReader).
        if (message instanceof AirbyteMessage.Record record) {
          if (record.data() == RecordConverter.DROPPED) {
            dropped++;
          } else if (record.data() != null) {
            rows.add(row(converter.complete(record.emittedAt(), record.meta()), columns));
          }
        }
      }
    } catch (AirbyteDataException e) {
      outcome.put("error", e.getMessage());
      return outcome;
    }
    outcome.set("rows", rows);
    outcome.put("dropped", dropped);
    return outcome;
  }

  /** A row in the canonical form: data values by column, the meta's changes, extracted_at. */
  static ObjectNode row(InternalRow row, StructType columns) {
    ObjectNode values = NODES.objectNode();
    ObjectNode out = NODES.objectNode();
    StructField[] fields = columns.fields();
    for (int i = 0; i < fields.length; i++) {
      String name = fields[i].name();
      switch (name) {
        case AirbyteColumns.RAW_ID -> out.put("rawIdIsUuid4", isUuid4(row.getUTF8String(i).toString()));
        case AirbyteColumns.EXTRACTED_AT -> out.put("extractedAt", extractedAt(row.getLong(i)));
        case AirbyteColumns.META -> {
          InternalRow meta = row.getStruct(i, 2);
          out.set("syncId", meta.isNullAt(0) ? NODES.nullNode() : NODES.numberNode(meta.getLong(0)));
          ArrayNode changes = NODES.arrayNode();
          ArrayData list = meta.getArray(1);
          for (int c = 0; c < list.numElements(); c++) {
            InternalRow change = list.getStruct(c, 3);
            ArrayNode entry = changes.addArray();
            for (int f = 0; f < 3; f++) {
              entry.add(change.isNullAt(f) ? null : change.getUTF8String(f).toString());
            }
          }
          out.set("changes", changes);
        }
        default -> values.set(name, canonical(row.get(i, fields[i].dataType()), fields[i].dataType()));
      }
    }
    out.set("values", values);
    return reparsed(out);
  }

  /** The canonical JSON of a Catalyst value (README.md of the fixtures). */
  static JsonNode canonical(Object value, DataType type) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (type instanceof StructType struct) {
      InternalRow row = (InternalRow) value;
      ObjectNode out = NODES.objectNode();
      StructField[] fields = struct.fields();
      for (int i = 0; i < fields.length; i++) {
        out.set(fields[i].name(), canonical(row.isNullAt(i) ? null : row.get(i, fields[i].dataType()),
            fields[i].dataType()));
      }
      return out;
    }
    if (type instanceof ArrayType array) {
      ArrayData data = (ArrayData) value;
      ArrayNode out = NODES.arrayNode();
      for (int i = 0; i < data.numElements(); i++) {
        out.add(canonical(data.isNullAt(i) ? null : data.get(i, array.elementType()), array.elementType()));
      }
      return out;
    }
    if (type instanceof MapType map) {
      MapData data = (MapData) value;
      ObjectNode out = NODES.objectNode();
      for (int i = 0; i < data.numElements(); i++) {
        out.set(data.keyArray().getUTF8String(i).toString(),
            canonical(data.valueArray().isNullAt(i) ? null : data.valueArray().get(i, map.valueType()),
                map.valueType()));
      }
      return out;
    }
    if (type instanceof DecimalType) {
      return NODES.textNode(((Decimal) value).toJavaBigDecimal().toPlainString());
    }
    if (type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType)) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
    }
    if (type.equals(DataTypes.BinaryType)) {
      return NODES.textNode(Base64.getEncoder().encodeToString((byte[]) value));
    }
    if (type.equals(DataTypes.DateType)) {
      return NODES.textNode(LocalDate.ofEpochDay((Integer) value).toString());
    }
    if (type.equals(DataTypes.TimestampType)) {
      return NODES.textNode(timestamp((Long) value) + "Z");
    }
    if (type.equals(DataTypes.TimestampNTZType)) {
      return NODES.textNode(timestamp((Long) value));
    }
    if (type.equals(DataTypes.LongType) || type.equals(DataTypes.IntegerType)) {
      return NODES.numberNode(((Number) value).longValue());
    }
    if (type.equals(DataTypes.BooleanType)) {
      return NODES.booleanNode((Boolean) value);
    }
    return NODES.textNode(value.toString()); // STRING
  }

  /** Microseconds since the epoch as {@code yyyy-MM-ddTHH:mm:ss.SSSSSS} (UTC, no zone). */
  static String timestamp(long micros) {
    long seconds = Math.floorDiv(micros, 1_000_000L);
    long fraction = Math.floorMod(micros, 1_000_000L);
    long secondOfDay = Math.floorMod(seconds, 86_400L);
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
    return String.format(Locale.ROOT, "%sT%02d:%02d:%02d.%06d", date, secondOfDay / 3600,
        secondOfDay / 60 % 60, secondOfDay % 60, fraction);
  }

  private static String extractedAt(long micros) {
    boolean now = Math.abs(micros / 1000 - System.currentTimeMillis()) < NOW_TOLERANCE_MILLIS;
    return now ? NOW : timestamp(micros) + "Z";
  }

  static boolean isUuid4(String text) {
    return text.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  /** Written and read back: numbers in the form a fixture file holds them. */
  private static ObjectNode reparsed(ObjectNode node) {
    try {
      return (ObjectNode) MAPPER.readTree(MAPPER.writeValueAsString(node));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
