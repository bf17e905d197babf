package io.brickbyte.convert;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.AirbyteMessageReader;
import io.brickbyte.protocol.JsonBytes;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.schema.AirbyteColumns;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The record fast path against the parser path, line by line: every line goes through a reader
 * whose converter may take it from its bytes and through a reader whose converter only parses, and
 * both must give the same message, the same row bytes (data columns, {@code _airbyte_extracted_at},
 * {@code _airbyte_meta}), the same log lines and the same errors, in every mode.
 */
class RecordFastPathTest {

  private static final String ALL_TYPES = "s STRING, n BIGINT, i INT, d DOUBLE, f FLOAT, m DECIMAL(38,10), "
      + "z DECIMAL(38,0), b BOOLEAN, bin BINARY, day DATE, ts TIMESTAMP, ntz TIMESTAMP_NTZ, "
      + "st STRUCT<a: STRING, b: BIGINT, c: ARRAY<STRING>>, arr ARRAY<BIGINT>, "
      + "arrs ARRAY<STRUCT<x: DOUBLE, y: TIMESTAMP>>, mp MAP<STRING, BIGINT>";
  /** The types the schema mapper produces for the well-known types (no INT, FLOAT, MAP). */
  private static final String MAPPED_TYPES = "s STRING, n BIGINT, d DOUBLE, m DECIMAL(38,10), b BOOLEAN, "
      + "day DATE, ts TIMESTAMP, ntz TIMESTAMP_NTZ, st STRUCT<a: STRING, b: BIGINT, c: ARRAY<STRING>>, "
      + "arr ARRAY<BIGINT>";

  @Test
  void canonicalRecordsOfEveryTypeTakeTheFastPath() throws IOException {
    Pair pair = new Pair(ALL_TYPES, ConversionMode.PERMISSIVE);
    String data = "{\"s\":\"caf\u00e9 \\\"q\\\" \\u00e9\\ud83d\\ude00 \uD83D\uDE00\",\"n\":-9223372036854775807,"
        + "\"i\":-2147483648,\"d\":-0.0,\"f\":1.5,\"m\":-12345678.0123456789,\"z\":123456789012345678,"
        + "\"b\":false,\"day\":\"2024-02-29\",\"ts\":\"2024-01-01T10:00:00.123456+05:30\","
        + "\"ntz\":\"2024-01-01 10:00:00\",\"st\":{\"a\":\"x\",\"c\":[\"y\",null],\"b\":1},"
        + "\"arr\":[1,null,-3],\"arrs\":[{\"x\":1.5,\"y\":\"1970-01-01T00:00:00Z\"},null,{}],"
        + "\"other\":{\"deep\":[1,{\"e\":\"\\n\"}]},\"bin\":null,\"mp\":null}";
    for (String line : List.of(
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":" + data + ",\"emitted_at\":1700000000123}}",
        "{\"record\": {\"namespace\": null, \"emitted_at\": 1, \"data\": " + data + ", \"stream\": \"s\"}, \"type\": \"RECORD\"}",
        " {\t\"record\" :{\"stream\":\"s\",\"emitted_at\":-5,\"data\":{ }}} ")) {
      pair.compare(line);
    }
    assertEquals(3, pair.fastRecords, "records the fast path took");
  }

  @Test
  void handWrittenLinesReadTheSameBothWays() throws IOException {
    List<String> lines = new ArrayList<>();
    String head = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":7,\"data\":";
    for (String data : List.of(
        "{\"n\":1e3}", "{\"n\":1.0}", "{\"n\":9223372036854775808}", "{\"n\":-9223372036854775808}",
        "{\"n\":007}", "{\"n\":-}", "{\"n\":\"42\"}", "{\"n\":true}", "{\"n\":[1]}", "{\"n\":{\"a\":1}}",
        "{\"i\":2147483648}", "{\"i\":\"7\"}", "{\"f\":3.4e39}", "{\"f\":0.1}",
        "{\"d\":1e309}", "{\"d\":NaN}", "{\"d\":\"NaN\"}", "{\"d\":-Infinity}", "{\"d\":9007199254740993}",
        "{\"d\":12345678901234567890}", "{\"d\":0.30000000000000004}", "{\"d\":2.2250738585072014E-308}",
        "{\"d\":4.9e-324}", "{\"d\":123456789012345.678}", "{\"d\":1.7976931348623157e308}",
        "{\"m\":1e2}", "{\"m\":123456789.5}", "{\"m\":0.00000000001}", "{\"m\":\"3.14\"}", "{\"m\":-0.0}",
        "{\"z\":12345678901234567890123}", "{\"z\":1.5}", "{\"b\":\"true\"}", "{\"b\":1}", "{\"b\":truex}",
        "{\"s\":12}", "{\"s\":1.50}", "{\"s\":true}", "{\"s\":{\"a\":[1,\"x\"]}}", "{\"s\":[1.0e1]}",
        "{\"s\":\"\\ud83d\"}", "{\"s\":\"\\ude00\\ud83d\"}", "{\"s\":\"\\ud83dx\"}", "{\"s\":\"\\u00\"}",
        "{\"s\":\"tab\there\"}", "{\"s\":\"\\x\"}", "{\"s\":\"\\u0000\\/\\b\\f\\r\"}", "{\"s\":\"\u00ff\"}",
        "{\"s\":\"a\",\"s\":null}", "{\"s\":\"a\",\"s\":1}", "{\"s\\u0000\":\"x\"}", "{\"\\u0073\":\"x\"}",
        "{\"caf\u00e9\":1}", "{\"bin\":\"aGVsbG8=\"}", "{\"mp\":{\"k\":1,\"j\":\"x\"}}",
        "{\"day\":\"2023-02-29\"}", "{\"day\":\"2024-01-01T10:00:00Z\"}", "{\"day\":\"2024-1-1\"}",
        "{\"day\":\"2024-01-01 BC\"}", "{\"day\":20240101}", "{\"day\":\"2024\\u002d01-01\"}",
        "{\"ts\":\"2024-01-01T24:00:00Z\"}", "{\"ts\":\"2024-01-01T10:00:00+0530\"}", "{\"ts\":\"2024-01-01T10:00\"}",
        "{\"ts\":\"2024-01-01\"}", "{\"ts\":\"2024-01-01T10:00:00.1234567891Z\"}", "{\"ts\":\"2024-01-01t10:00:00z\"}",
        "{\"ts\":\"2024-01-01T10:00:00+18:00\"}", "{\"ts\":\"+12024-01-01T10:00:00Z\"}", "{\"ntz\":\"2024-01-01T10:00:00-08:00\"}",
        "{\"st\":[]}", "{\"st\":{\"b\":\"x\",\"c\":\"y\"}}", "{\"arr\":\"x\"}", "{\"arr\":[1,\"2\",1.5,\"x\"]}",
        "{\"arrs\":[{\"y\":\"nope\"},{\"x\":\"1\"}]}", "[1]", "\"x\"", "null", "{}", "{\"n\":1,}", "{\"n\" 1}",
        "{\"n\":1", "{\"n\":1}}", "{\"n\":1]", "{\"deep\":" + "[".repeat(70) + "]".repeat(70) + "}",
        "{\"big\":1" + "0".repeat(10_001) + "}")) {
      lines.add(head + data + "}}");
    }
    lines.addAll(List.of(
        "{\"type\":\"RECORD\",\"record\":{\"data\":{\"n\":1},\"stream\":\"s\",\"emitted_at\":7}}",
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"other\",\"emitted_at\":7,\"data\":{\"n\":1}}}",
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"other\",\"emitted_at\":7,\"data\":{\"n\":1,]}}}",
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"namespace\":\"ns\",\"emitted_at\":7,\"data\":{\"n\":1}}}",
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":7.9,\"data\":{\"n\":1}}}",
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":\"7\",\"data\":{\"n\":1}}}",
        // An out-of-range emitted_at becomes the time of the read, which two reads need not share
        // to the millisecond: the golden fixtures check it on both paths, with a tolerance.
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":7,\"data\":{\"n\":1},"
            + "\"meta\":{\"changes\":[{\"field\":\"n\",\"change\":\"TRUNCATED\",\"reason\":\"SOURCE_FIELD_SIZE_LIMITATION\"}]}}}",
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":7,\"data\":{\"n\":1},\"meta\":{}}}",
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":7,\"extra\":[1,{}],\"data\":{\"n\":1}}}",
        "{\"type\":\"RECORD\",\"extra\":1,\"record\":{\"stream\":\"s\",\"emitted_at\":7,\"data\":{\"n\":1}}}",
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":7,\"data\":{\"n\":1}}} trailing",
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":7,\"data\":{\"n\":1}}}}",
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":7,\"data\":{\"n\":1},\"data\":{\"n\":2}}}",
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"\\u0073\",\"emitted_at\":7,\"data\":{\"n\":1}}}",
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":7,\"data\":{\"n\":1}},\"type\":\"RECORD\"}",
        "{\"type\":\"LOG\",\"log\":{\"level\":\"INFO\",\"message\":\"hi\"}}",
        "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":{\"stream_state\":{\"c\":1}}}}",
        "not json at all", "{ broken", "", "   "));
    for (ConversionMode mode : ConversionMode.values()) {
      // "": no columns at all, as when a query needs none (count()).
      for (String ddl : List.of(ALL_TYPES, MAPPED_TYPES, "st STRUCT<a: STRING>", "")) {
        Pair pair = new Pair(ddl, mode);
        for (String line : lines) {
          pair.compare(line);
        }
        assertTrue(pair.fastRecords > 0, "some records take the fast path");
      }
    }
  }

  @Test
  void generatedLinesReadTheSameBothWays() throws IOException {
    for (long seed = 1; seed <= 3; seed++) {
      Generator generator = new Generator(new Random(seed));
      for (ConversionMode mode : ConversionMode.values()) {
        for (String ddl : List.of(ALL_TYPES, MAPPED_TYPES)) {
          Pair pair = new Pair(ddl, mode);
          int lines = 1500;
          for (int i = 0; i < lines; i++) {
            pair.compare(generator.line());
          }
          // Most generated values are valid and canonical: the fast path must not give up on all.
          assertTrue(pair.fastRecords > lines / 10, "fast records: " + pair.fastRecords + " of " + lines);
        }
      }
    }
  }

  @Test
  void numbersToRoundAndIntegersWrittenAsFloatsTakeTheFastPath() throws IOException {
    String head = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":7,\"data\":";
    List<String> fast = List.of(
        "{\"m\":0.30000000000000004}", "{\"m\":-122.41941550000001}", "{\"m\":1.2345678901234567e-05}",
        "{\"m\":1e+16}", "{\"m\":3.4567891234567891e+16}", "{\"m\":-0.0}", "{\"m\":-0e-7}",
        "{\"m\":0.00000000005}", "{\"m\":-0.00000000005}", "{\"m\":99999999.99999999995}",
        "{\"m\":1234567890123456789012345678}", "{\"m\":-1234567890123456789012345678.99999999995}",
        "{\"m\":12345678901234567.123456789012345}", "{\"m\":\"12.5\"}", "{\"m\":\"-1.5e-3\"}",
        "{\"m\":\"+1\"}", "{\"m\":\"007.50\"}", "{\"z\":1.5}", "{\"z\":-2.5}",
        "{\"z\":12345678901234567890123}", "{\"n\":35.0}", "{\"n\":1e2}", "{\"n\":\"35\"}",
        "{\"n\":-0.0}", "{\"n\":\"-0\"}", "{\"n\":1.0E1}", "{\"n\":120e-1}",
        "{\"st\":{\"b\":7.0},\"arr\":[1.0,\"2\",3e0]}");
    List<String> parser = List.of(
        "{\"m\":0.00000000004}", "{\"m\":-1e-11}", "{\"m\":4.9e-324}", "{\"m\":12345678901234567890123456789}",
        "{\"m\":1e28}", "{\"m\":1e2147483648}", "{\"m\":\" 12.5\"}", "{\"m\":\"1_0\"}", "{\"z\":0.5e-1}", "{\"z\":0.4}",
        "{\"n\":1.5}", "{\"n\":9223372036854775808}", "{\"n\":9.223372036854775807e18}", "{\"n\":\"1_000\"}",
        "{\"n\":\" 7\"}", "{\"n\":1e19}", "{\"arr\":[1.5]}");
    String ddl = "m DECIMAL(38,10), z DECIMAL(38,0), n BIGINT, st STRUCT<b: BIGINT>, arr ARRAY<BIGINT>";
    for (ConversionMode mode : ConversionMode.values()) {
      Pair pair = new Pair(ddl, mode);
      for (String data : fast) {
        int before = pair.fastRecords;
        pair.compare(head + data + "}}");
        assertEquals(before + 1, pair.fastRecords, "not on the fast path: " + data);
      }
      for (String data : parser) {
        int before = pair.fastRecords;
        pair.compare(head + data + "}}");
        assertEquals(before, pair.fastRecords, "left to the parser path: " + data);
      }
      // Other precisions and scales: both paths agree, whichever takes the record.
      for (String other : List.of("m DECIMAL(10,2), z DECIMAL(5,0), n BIGINT", "m DECIMAL(19,18), z DECIMAL(18,6)")) {
        Pair otherPair = new Pair(other, mode);
        for (String data : fast) {
          otherPair.compare(head + data + "}}");
        }
        for (String data : parser) {
          otherPair.compare(head + data + "}}");
        }
      }
    }
  }

  @Test
  void generatedNumbersReadTheSameBothWays() throws IOException {
    Random random = new Random(11);
    String head = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":7,\"data\":";
    for (ConversionMode mode : ConversionMode.values()) {
      for (String ddl : List.of("m DECIMAL(38,10), z DECIMAL(38,0), n BIGINT", "m DECIMAL(12,4), z DECIMAL(20,2), n BIGINT")) {
        Pair pair = new Pair(ddl, mode);
        int lines = 2000;
        for (int i = 0; i < lines; i++) {
          pair.compare(head + "{\"m\":" + number(random) + ",\"z\":" + number(random) + ",\"n\":"
              + number(random) + "}}}");
        }
        assertTrue(pair.fastRecords > lines / 20, "fast records: " + pair.fastRecords + " of " + lines);
      }
    }
  }

  /** A number as sources write them, now and then as a string. */
  private static String number(Random random) {
    double value = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 14);
    String text = switch (random.nextInt(6)) {
      case 0 -> Double.toString(value);
      case 1 -> new java.math.BigDecimal(value).toPlainString();
      case 2 -> String.format("%." + random.nextInt(14) + "f", value);
      case 3 -> Long.toString(random.nextLong() >> random.nextInt(64)) + (random.nextBoolean() ? ".0" : "");
      case 4 -> Long.toString(random.nextInt(1000)) + "e" + (random.nextInt(40) - 20);
      default -> new java.math.BigDecimal(value).round(new java.math.MathContext(17)).toString();
    };
    return random.nextInt(10) == 0 ? "\"" + text + "\"" : text;
  }

  /** One schema read both ways; the converters live across lines, as in a task. */
  private static final class Pair {
    private final RecordConverter fast;
    private final RecordConverter parsed;
    private final UnsafeProjection toUnsafe;
    private final RecordDecoder countingFast;
    private final RecordDecoder parseOnly;
    int fastRecords;

    Pair(String ddl, ConversionMode mode) {
      // No _airbyte_raw_id: it is random by design.
      StructType columns = new StructType();
      StructType all = ddl.isEmpty() ? new StructType() : AirbyteColumns.append(StructType.fromDDL(ddl));
      for (StructField field : all.fields()) {
        if (!field.name().equals(AirbyteColumns.RAW_ID)) {
          columns = columns.add(field);
        }
      }
      StreamDescriptor stream = new StreamDescriptor("s", null);
      fast = new RecordConverter(columns, stream, mode, 7L);
      parsed = new RecordConverter(columns, stream, mode, 7L);
      toUnsafe = UnsafeProjection.create(columns);
      parseOnly = ConverterFixture.parserOnly(parsed);
      countingFast = new RecordDecoder() {
        @Override
        public Object decode(String s, String namespace, JsonParser data) throws IOException {
          return fast.decode(s, namespace, data);
        }

        @Override
        public Object decodeInvalidUtf8(String s, String namespace, JsonParser data, String field)
            throws IOException {
          return fast.decodeInvalidUtf8(s, namespace, data, field);
        }

        @Override
        public Kind kind() {
          return fast.kind();
        }

        @Override
        public Object decodeBytes(String s, String namespace, JsonBytes data) {
          Object decoded = fast.decodeBytes(s, namespace, data);
          if (decoded != RecordDecoder.FALLBACK) {
            fastRecords++;
          }
          return decoded;
        }
      };
    }

    void compare(String line) throws IOException {
      assertEquals(read(line, parseOnly, parsed), read(line, countingFast, fast), line);
    }

    private String read(String line, RecordDecoder decoder, RecordConverter converter) throws IOException {
      List<String> out = new ArrayList<>();
      byte[] bytes = (line + "\n").getBytes(UTF_8);
      try (AirbyteMessageReader reader = new AirbyteMessageReader(
          new ByteArrayInputStream(bytes), decoder, log -> out.add("log " + log))) {
        AirbyteMessage message;
        while ((message = reader.next()) != null) {
          out.add(describe(message, converter));
        }
      } catch (RuntimeException e) {
        out.add("error " + e.getClass().getName() + ": " + e.getMessage());
      }
      return String.join("\n", out);
    }

    private String describe(AirbyteMessage message, RecordConverter converter) {
      if (!(message instanceof AirbyteMessage.Record record)) {
        return message.toString();
      }
      String head = "record " + record.stream() + " " + record.namespace() + " " + record.emittedAt() + " ";
      if (record.data() == null || record.data() == RecordConverter.DROPPED) {
        return head + (record.data() == null ? "not this stream" : "dropped");
      }
      InternalRow row = converter.complete(record.emittedAt(), record.meta());
      UnsafeRow unsafe = toUnsafe.apply(row);
      return head + converter.nulledValues() + " " + HexFormat.of().formatHex(unsafe.getBytes());
    }
  }

  /** Random records: valid values mostly, with every odd form the parser path has rules for. */
  private static final class Generator {
    private static final String[] STRINGS = {
      "\"plain\"", "\"\"", "\"caf\u00e9 \u20ac \uD83D\uDE00\"", "\"q\\\"uote\\\\ back\\/slash\"",
      "\"\\n\\t\\r\\b\\f\"", "\"\\u00e9\\u20AC\\ud83d\\ude00\"", "\"\\ud83d\"", "\"lone \\udc00 low\"",
      "\"\\u0000\"", "\"raw\ttab\"", "\"bad \\q escape\"", "12", "-1.50e+3", "true", "false",
      "{\"a\":[1,\"x\",null]}", "[1, 2.0, \"three\"]", "\"long " + "x".repeat(300) + "\"",
    };
    private static final String[] LONGS = {
      "0", "-0", "123", "-9223372036854775808", "9223372036854775807", "9223372036854775808",
      "123456789012345678", "1234567890123456789", "-1234567890123456789", "1.0", "1.5", "1e3", "1E+2",
      "\"42\"", "\" 42 \"", "\"x\"", "true", "007", "-", "[1]", "{}", "0.0",
    };
    private static final String[] INTS = {"0", "7", "-2147483648", "2147483647", "2147483648", "99999999999", "1.0", "\"5\""};
    private static final String[] DOUBLES = {
      "1.5", "-0.0", "0", "0.1", "123456789.123456789", "1e308", "1e309", "5e-324", "2.2250738585072014E-308",
      "17976931348623157e292", "-0", "-0.0e0", "1e-5", "\"NaN\"", "NaN", "Infinity", "-Infinity", "\"1.5\"", "0.30000000000000004",
      "9007199254740993", "12345678901234567890", "3.141592653589793", "-1.7976931348623157E308",
      "100000000000000000000000", "0.000001", "1234567.1234567", "\"x\"", "true", "1.", ".5", "+1",
    };
    private static final String[] DECIMALS = {
      "12.34", "-0.5", "123456789.1", "12345678.12345678901", "12345678.1234567890", "1e2", "\"3.14\"",
      "0.00000000001", "99999999.9999999999", "-99999999.9999999999", "0", "-0", "1234567890123456789012345678",
      "0.1234567890123456789", "\"x\"", "false",
    };
    private static final String[] BOOLEANS = {"true", "false", "\"true\"", "\"False\"", "1", "\"yes\""};
    private static final String[] BINARIES = {"\"aGVsbG8=\"", "\"aGVsbG8\"", "\"-_-_\"", "\"!!\"", "3"};
    private static final String[] DATES = {
      "\"2024-02-29\"", "\"2023-02-29\"", "\"2024-13-01\"", "\"2024-01-01T10:00:00Z\"", "\"2024-1-1\"",
      "\"0001-01-01\"", "\"9999-12-31\"", "\"2024-01-01 BC\"", "20240101", "\"2024\\u002d01-01\"",
      "\"2024-06-30\"", "\"1970-01-01\"", "\"2024-06-31\"",
    };
    private static final String[] TIMESTAMPS = {
      "\"2024-01-01T10:00:00Z\"", "\"2024-01-01T10:00:00.123Z\"", "\"2024-01-01T10:00:00.123456789Z\"",
      "\"2024-01-01T10:00:00.1234567890Z\"", "\"2024-01-01T10:00:00+05:30\"", "\"2024-01-01T10:00:00-08:00\"",
      "\"2024-01-01T10:00:00+18:00\"", "\"2024-01-01T24:00:00Z\"", "\"2024-01-01 10:00:00\"",
      "\"2024-01-01T10:00\"", "\"2024-01-01\"", "\"2024-01-01t10:00:00z\"", "\"2024-01-01T10:00:00+0530\"",
      "\"2024-01-01T10:00:00.Z\"", "\"1969-12-31T23:59:59.999999Z\"", "\"0001-01-01T00:00:00Z\"",
      "\"9999-12-31T23:59:59.999999-17:59\"", "\"2024-01-01T10:00:61Z\"", "12", "\"2024-01-01T10:00:00+5:30\"",
    };
    private static final String[] VALID_STRINGS = {
      "\"plain\"", "\"\"", "\"caf\u00e9 \u20ac \uD83D\uDE00\"", "\"q\\\"uote\\\\ back\\/slash\"",
      "\"\\u00e9\\ud83d\\ude00\"", "\"Alice Smith\"", "\"user@example.com\"",
    };
    private static final String[] VALID_LONGS = {"0", "123", "-42", "1700000000123", "-9223372036854775808", "9223372036854775807"};
    private static final String[] VALID_DOUBLES = {"1.5", "-0.25", "0", "3.141592653589793", "100", "-7"};
    private static final String[] VALID_DECIMALS = {"12.34", "-0.5", "0", "99999999.9999999999", "7"};
    private static final String[] VALID_DATES = {"\"2024-02-29\"", "\"1970-01-01\"", "\"2023-12-31\""};
    private static final String[] VALID_TIMESTAMPS = {
      "\"2024-01-01T10:00:00Z\"", "\"2024-01-01T10:00:00.123456Z\"", "\"2024-05-01T10:00:00+02:00\"",
      "\"2024-01-01 10:00:00\"",
    };
    private static final String[] OTHER_KEYS = {"other", "extra", "caf\u00e9", "n\\u0000", "\\u0073"};
    private static final String[][] SEPARATORS = {{",", ":"}, {", ", ": "}, {" , ", " : "}, {",\t", ":\t"}};

    private final Random random;

    Generator(Random random) {
      this.random = random;
    }

    String line() {
      String[] sep = SEPARATORS[random.nextInt(SEPARATORS.length)];
      List<String> data = new ArrayList<>();
      field(data, sep, "s", () -> pick(VALID_STRINGS, STRINGS));
      field(data, sep, "n", () -> pick(VALID_LONGS, LONGS));
      field(data, sep, "i", () -> pick(VALID_LONGS, INTS));
      field(data, sep, "f", () -> pick(VALID_DOUBLES, DOUBLES));
      field(data, sep, "d", () -> random.nextBoolean() ? randomDouble() : pick(VALID_DOUBLES, DOUBLES));
      field(data, sep, "m", () -> random.nextInt(3) == 0
          ? String.format("%.4f", (random.nextDouble() - 0.5) * 1e6) : pick(VALID_DECIMALS, DECIMALS));
      field(data, sep, "z", () -> pick(VALID_LONGS, DECIMALS));
      field(data, sep, "b", () -> pick(new String[] {"true", "false"}, BOOLEANS));
      if (random.nextInt(4) == 0) {
        field(data, sep, "bin", () -> pick(BINARIES, BINARIES));
      }
      field(data, sep, "day", () -> pick(VALID_DATES, DATES));
      field(data, sep, "ts", () -> pick(VALID_TIMESTAMPS, TIMESTAMPS));
      field(data, sep, "ntz", () -> pick(VALID_TIMESTAMPS, TIMESTAMPS));
      field(data, sep, "st", () -> random.nextInt(30) == 0 ? pick(STRINGS, STRINGS) : struct(sep));
      field(data, sep, "arr", () -> array(sep, () -> pick(VALID_LONGS, LONGS)));
      field(data, sep, "arrs", () -> array(sep, () -> random.nextInt(5) == 0 ? "null"
          : "{\"x\"" + sep[1] + pick(VALID_DOUBLES, DOUBLES) + sep[0] + "\"y\"" + sep[1]
              + pick(VALID_TIMESTAMPS, TIMESTAMPS) + "}"));
      if (random.nextInt(4) == 0) {
        field(data, sep, "mp", () -> "{\"k\"" + sep[1] + pick(VALID_LONGS, LONGS) + "}");
      }
      if (random.nextInt(3) == 0) {
        data.add("\"" + pick(OTHER_KEYS, OTHER_KEYS) + "\"" + sep[1] + pick(STRINGS, STRINGS));
      }
      Collections.shuffle(data, random);
      String dataJson = "{" + String.join(sep[0], data) + "}";
      List<String> record = new ArrayList<>(List.of(
          "\"stream\"" + sep[1] + (random.nextInt(20) == 0 ? "\"other\"" : "\"s\""),
          "\"emitted_at\"" + sep[1] + (1_700_000_000_000L + random.nextInt(1000)),
          "\"data\"" + sep[1] + dataJson));
      if (random.nextInt(10) == 0) {
        record.add("\"namespace\"" + sep[1] + "null");
      }
      if (random.nextInt(15) == 0) {
        record.add("\"meta\"" + sep[1] + "{\"changes\"" + sep[1]
            + "[{\"field\":\"s\",\"change\":\"TRUNCATED\",\"reason\":\"SOURCE_FIELD_SIZE_LIMITATION\"}]}");
      }
      Collections.shuffle(record, random);
      List<String> envelope = new ArrayList<>(List.of(
          "\"type\"" + sep[1] + "\"RECORD\"", "\"record\"" + sep[1] + "{" + String.join(sep[0], record) + "}"));
      Collections.shuffle(envelope, random);
      String line = "{" + String.join(sep[0], envelope) + "}";
      if (random.nextInt(40) == 0) {
        line = line.substring(0, random.nextInt(line.length())); // a truncated line
      }
      return line;
    }

    private void field(List<String> data, String[] sep, String name, java.util.function.Supplier<String> value) {
      int roll = random.nextInt(10);
      if (roll == 0) {
        return; // missing
      }
      data.add("\"" + name + "\"" + sep[1] + (roll == 1 ? "null" : value.get()));
    }

    private String struct(String[] sep) {
      List<String> fields = new ArrayList<>();
      field(fields, sep, "a", () -> pick(VALID_STRINGS, STRINGS));
      field(fields, sep, "b", () -> pick(VALID_LONGS, LONGS));
      field(fields, sep, "c", () -> array(sep, () -> pick(VALID_STRINGS, STRINGS)));
      if (random.nextInt(4) == 0) {
        fields.add("\"zz\"" + sep[1] + pick(DOUBLES, DOUBLES));
      }
      Collections.shuffle(fields, random);
      return "{" + String.join(sep[0], fields) + "}";
    }

    private String array(String[] sep, java.util.function.Supplier<String> element) {
      if (random.nextInt(30) == 0) {
        return pick(STRINGS, STRINGS);
      }
      String[] values = new String[random.nextInt(4)];
      Arrays.setAll(values, i -> random.nextInt(8) == 0 ? "null" : element.get());
      return "[" + String.join(sep[0], values) + "]";
    }

    /** A valid value mostly; one of the odd ones (valid or not) now and then. */
    private String pick(String[] valid, String[] odd) {
      String[] values = random.nextInt(12) == 0 ? odd : valid;
      return values[random.nextInt(values.length)];
    }

    private String randomDouble() {
      double value = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(30) - 10);
      return switch (random.nextInt(4)) {
        case 0 -> Double.toString(value);
        case 1 -> String.format("%." + random.nextInt(12) + "f", value);
        case 2 -> Long.toString(random.nextLong() >> random.nextInt(64));
        default -> new java.math.BigDecimal(value).toPlainString();
      };
    }
  }
}
