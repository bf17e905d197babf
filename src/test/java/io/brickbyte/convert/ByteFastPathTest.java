package io.brickbyte.convert;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.AirbyteMessageReader;
import io.brickbyte.protocol.JsonBytes;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.schema.AirbyteColumns;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The record fast path (bytes straight to a row) against the parser path on the same lines: every
 * line must give the same outcome (the same row bytes, _airbyte_meta included; the same dropped
 * records, log lines and errors), whichever path takes it.
 */
class ByteFastPathTest {

  private static final String DDL = "s STRING, n BIGINT, d DOUBLE, big DECIMAL(38,10), "
      + "small DECIMAL(6,2), b BOOLEAN, day DATE, ts TIMESTAMP, local TIMESTAMP_NTZ, "
      + "address STRUCT<city: STRING, zip: BIGINT, geo: STRUCT<lat: DOUBLE>>, "
      + "tags ARRAY<STRING>, points ARRAY<STRUCT<x: BIGINT, at: TIMESTAMP>>";
  private static final String[] COLUMNS =
      {"s", "n", "d", "big", "small", "b", "day", "ts", "local", "address", "tags", "points"};

  private static final String[] NUMBERS = {"0", "-0", "7", "-12", "123456789012345678",
      "1234567890123456789", "-9223372036854775808", "99999999999999999999999", "1.5", "-0.25",
      "3.14159", "12345.678", "1.0E-4", "1e3", "2E+2", "1.", ".5", "012", "-", "1.5.2", "0x10",
      "\"12\"", "\"1.5\"", "true", "null", "[]", "{}", "1 2"};
  private static final String[] STRINGS = {"\"plain\"", "\"\"", "\"with \\\"quotes\\\"\"",
      "\"tab\\tnew\\nline\\\\ slash\\/\"", "\"\\u00e9\\u4e2d\\u0041\"", "\"\\ud83d\\ude00\"",
      "\"\\ud83d\"", "\"é中😀 raw\"", "\"bad \\x escape\"", "\"\\u12\"", "\"open", "12", "true",
      "{\"a\":1}", "[1,2]", "null", "\"\u0001control\"", "\"ok\" x"};
  private static final String[] TIMESTAMPS = {"\"2024-01-17T06:55:06.697556+00:00\"",
      "\"2024-01-17T06:55:06Z\"", "\"2024-01-17 06:55:06.1+05:30\"", "\"2024-01-17T06:55:06\"",
      "\"2024-13-01T00:00:00Z\"", "\"2024-01-17\"", "\"1700000000\"", "\"2024-01-17T06:55:06.1234567Z\"",
      "\"0001-01-01T00:00:00Z\"", "\"2024-01-17T06:55:06.697556+00:00 BC\"", "1700000000",
      "\"2024-01-17T06:55:60Z\"", "null"};
  private static final String[] DATES = {"\"2024-01-17\"", "\"1999-12-31\"", "\"2024-02-30\"",
      "\"2024-01-17T10:00:00Z\"", "\"17/01/2024\"", "\"0001-01-01 BC\"", "20240117", "null"};
  private static final String[] BOOLEANS = {"true", "false", "\"true\"", "1", "null", "tru", "falsey"};

  @Test
  void bothPathsGiveTheSameRowsForEveryLine() throws IOException {
    SplittableRandom random = new SplittableRandom(20261123);
    for (ConversionMode mode : ConversionMode.values()) {
      StructType schema = AirbyteColumns.append(StructType.fromDDL(DDL));
      StructType compared = new StructType(java.util.Arrays.stream(schema.fields())
          .filter(f -> !f.name().equals(AirbyteColumns.RAW_ID)).toArray(org.apache.spark.sql.types.StructField[]::new));
      int lines = 3000;
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      List<byte[]> each = new ArrayList<>();
      for (int i = 0; i < lines; i++) {
        byte[] line = line(random);
        each.add(line);
        all.write(line);
        all.write('\n');
      }
      RecordConverter converter = new RecordConverter(compared, new StreamDescriptor("s", null), mode, 7L);
      UnsafeProjection toUnsafe = UnsafeProjection.create(compared);
      for (byte[] line : each) {
        assertEquals(outcomes(line, ConverterFixture.parserOnly(converter), converter, toUnsafe),
            outcomes(line, converter, converter, toUnsafe), mode + ": " + new String(line, UTF_8));
      }
      byte[] input = all.toByteArray();
      // All lines in one stream: the fast path finds line ends while it scans, across buffer ends.
      assertEquals(outcomes(input, ConverterFixture.parserOnly(converter), converter, toUnsafe),
          outcomes(input, converter, converter, toUnsafe), mode + ": every line in one stream");
      int fast = fastTaken(input, compared, mode);
      assertTrue(fast > lines / 10, "the fast path takes the plain records: " + fast);
      assertTrue(fast < lines, "and leaves the others to the parser: " + fast);
    }
  }

  @Test
  void aTypeOnlyTheParserConvertsLeavesOnlyRecordsWithAValueThereToIt() throws IOException {
    StructType schema = AirbyteColumns.append(StructType.fromDDL("m MAP<STRING, BIGINT>, b BINARY, n BIGINT"));
    String head = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":1,\"data\":";
    byte[] input = (head + "{\"n\":1,\"m\":null}}}\n" + head + "{\"m\":{\"a\":1},\"n\":1}}}\n"
        + head + "{\"b\":\"aGk=\"}}}\n").getBytes(UTF_8);
    assertEquals(1, fastTaken(input, schema, ConversionMode.PERMISSIVE));
  }

  /** What reading {@code input} gives: row bytes, a skip, a log line or an error, in order. */
  private static List<String> outcomes(byte[] input, RecordDecoder decoder, RecordConverter converter,
      UnsafeProjection toUnsafe) throws IOException {
    List<String> outcomes = new ArrayList<>();
    try (AirbyteMessageReader reader = new AirbyteMessageReader(
        new ByteArrayInputStream(input), decoder, line -> outcomes.add("log: " + line))) {
      while (true) {
        AirbyteMessage message;
        try {
          message = reader.next();
        } catch (RuntimeException e) {
          outcomes.add("error: " + e.getMessage());
          continue;
        }
        if (message == null) {
          break;
        }
        if (message instanceof AirbyteMessage.Record record) {
          if (record.data() == null || record.data() == RecordConverter.DROPPED) {
            outcomes.add("skipped: " + record.data());
          } else {
            outcomes.add("row: " + HexFormat.of().formatHex(
                toUnsafe.apply(converter.complete(record.emittedAt(), record.meta())).getBytes()));
          }
        } else {
          outcomes.add("message: " + message);
        }
      }
    }
    return outcomes;
  }

  private static int fastTaken(byte[] input, StructType schema, ConversionMode mode) throws IOException {
    int[] taken = {0};
    RecordConverter converter = new RecordConverter(schema, new StreamDescriptor("s", null), mode, 7L);
    RecordDecoder counting = new RecordDecoder() {
      @Override
      public Kind kind() {
        return Kind.BYTES;
      }

      @Override
      public Object decodeBytes(String stream, String namespace, JsonBytes bytes) {
        Object data = converter.decodeBytes(stream, namespace, bytes);
        if (data != FALLBACK) {
          taken[0]++;
        }
        return data;
      }

      @Override
      public Object decode(String stream, String namespace, com.fasterxml.jackson.core.JsonParser data)
          throws IOException {
        return converter.decode(stream, namespace, data);
      }
    };
    try (AirbyteMessageReader reader = new AirbyteMessageReader(new ByteArrayInputStream(input), counting, l -> {})) {
      while (true) {
        try {
          if (reader.next() == null) {
            break;
          }
        } catch (RuntimeException failfast) {
          // counted by the comparison above
        }
      }
    }
    return taken[0];
  }

  /** A record line: mostly plain, with odd values, odd envelopes and broken bytes mixed in. */
  private static byte[] line(SplittableRandom random) {
    List<String> fields = new ArrayList<>();
    for (String column : COLUMNS) {
      if (random.nextInt(8) == 0) {
        continue; // missing
      }
      fields.add(quote(column) + sep(random, ":") + value(column, random));
    }
    if (random.nextInt(10) == 0) {
      fields.add(quote("extra") + ":" + pick(random, "[1,{\"a\":\"]\"}]", "{\"x\":null}", "\"e\\u0301\"", "[1,}", "tru"));
    }
    if (random.nextInt(20) == 0) {
      fields.add(quote(pick(random, "s", "n", "tags")) + ":" + pick(random, STRINGS)); // a duplicate key
    }
    shuffleTail(random, fields);
    String data = random.nextInt(50) == 0 ? pick(random, "[]", "null", "\"x\"", "{") : "{" + String.join(sep(random, ","), fields) + "}";
    List<String> record = new ArrayList<>();
    record.add(quote("stream") + ":" + (random.nextInt(30) == 0 ? quote(pick(random, "other", "\\u0073")) : quote("s")));
    record.add(quote("data") + ":" + data);
    int envelope = random.nextInt(12);
    record.add(quote("emitted_at") + ":" + switch (envelope) {
      case 0 -> "1.7E12";
      case 1 -> "\"1700000000000\"";
      default -> "1700000000123";
    });
    if (envelope == 2) {
      record.add(quote("meta") + ":{\"changes\":[{\"field\":\"n\",\"change\":\"NULLED\",\"reason\":\"SOURCE_RETRIEVAL_ERROR\"}]}");
    }
    if (envelope == 3) {
      record.add(quote("namespace") + ":null");
    }
    shuffleTail(random, record);
    String type = quote("type") + ":" + quote("RECORD");
    String text = random.nextBoolean()
        ? "{" + type + ", " + quote("record") + ": {" + String.join(", ", record) + "}}"
        : "{" + quote("record") + ":{" + String.join(",", record) + "}," + type + "}";
    byte[] bytes = text.getBytes(UTF_8);
    if (random.nextInt(40) == 0) {
      // Broken UTF-8 inside a string: a lone continuation byte, an overlong NUL, a surrogate.
      byte[][] broken = {{(byte) 0x80}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF}};
      int at = text.indexOf("\"plain\"");
      if (at >= 0) {
        byte[] bad = broken[random.nextInt(broken.length)];
        int offset = new String(text.substring(0, at + 2)).getBytes(UTF_8).length;
        byte[] out = new byte[bytes.length + bad.length];
        System.arraycopy(bytes, 0, out, 0, offset);
        System.arraycopy(bad, 0, out, offset, bad.length);
        System.arraycopy(bytes, offset, out, offset + bad.length, bytes.length - offset);
        bytes = out;
      }
    }
    return bytes;
  }

  private static String value(String column, SplittableRandom random) {
    boolean odd = random.nextInt(30) == 0;
    return switch (column) {
      case "s" -> odd ? pick(random, STRINGS) : plainString(random);
      case "n" -> odd ? pick(random, NUMBERS) : Long.toString(random.nextLong(-1_000_000_000_000L, 1_000_000_000_000L));
      case "d" -> odd ? pick(random, NUMBERS) : random.nextInt(1000) + "." + random.nextInt(1000);
      case "big" -> odd ? pick(random, NUMBERS) : random.nextInt(1_000_000) + "." + String.format("%02d", random.nextInt(100));
      case "small" -> odd ? pick(random, NUMBERS) : random.nextInt(10_000) + "." + random.nextInt(100);
      case "b" -> odd ? pick(random, BOOLEANS) : random.nextBoolean() ? "true" : "false";
      case "day" -> odd ? pick(random, DATES) : "\"2024-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10) + "\"";
      case "ts", "local" -> odd ? pick(random, TIMESTAMPS) : "\"2024-01-17T06:55:06." + random.nextInt(100000, 999999) + "+00:00\"";
      case "address" -> odd ? pick(random, "null", "[]", "\"x\"", "{\"city\":1}", "{\"geo\":{\"lat\":\"n\"}}", "{\"zip\":1.5}")
          : "{\"city\": " + plainString(random) + ", \"zip\":" + random.nextInt(99999) + ",\"geo\":{\"lat\":" + pick(random, "1.5", "null", "-0.001") + "}}";
      case "tags" -> odd ? pick(random, "[1]", "[null,\"a\"]", "\"a\"", "[[]]", "[\"a\",]")
          : "[" + String.join(",", List.of(plainString(random), "\"eu\"")) + "]";
      default -> odd ? pick(random, "[{\"x\":\"1\"}]", "[{}]", "[null]", "{}")
          : "[{\"x\":" + random.nextInt(100) + ",\"at\":\"2024-01-17T06:55:06Z\"}, {\"x\":null}]";
    };
  }

  private static String plainString(SplittableRandom random) {
    return pick(random, "\"plain\"", "\"ünïcødé 中 😀\"", "\"a\\\"b\\n\\u00e9\"", "\"\"");
  }

  private static String quote(String text) {
    return "\"" + text + "\"";
  }

  private static String sep(SplittableRandom random, String separator) {
    return random.nextBoolean() ? separator : separator + " ";
  }

  private static String pick(SplittableRandom random, String... options) {
    return options[random.nextInt(options.length)];
  }

  private static void shuffleTail(SplittableRandom random, List<String> items) {
    if (items.size() > 1 && random.nextInt(4) == 0) {
      int i = random.nextInt(items.size());
      items.add(items.remove(i));
    }
  }
}
