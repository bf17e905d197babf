package io.brickbyte.convert;

import static io.brickbyte.convert.ConverterFixture.changes;
import static io.brickbyte.convert.ConverterFixture.convert;
import static io.brickbyte.convert.ConverterFixture.converter;
import static io.brickbyte.convert.ConverterFixture.nulled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.junit.jupiter.api.Test;

/** Inputs {@link ProtocolFuzzTest} found mishandled, each kept as the smallest line that showed it. */
class FuzzFoundTest {

  @Test
  void aNumberWithAHugeExponentIsNulledAtOnceNotScaledForMinutes() throws IOException {
    // Found as {"m":1e999999942}: the decimal was scaled to 10^999999952 before it was found too big.
    for (String number : new String[] {"1e999999999", "-7.5E+999999999", "1e-999999999", "\"1e999999999\"",
        "\"-1E-999999999\""}) {
      InternalRow row = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> convert(
          converter("m DECIMAL(38,10), z DECIMAL(38,0), n BIGINT, i INT, d DOUBLE"),
          "{\"m\":" + number + ",\"z\":" + number + ",\"n\":" + number + ",\"i\":" + number
              + ",\"d\":" + number + "}"), number);
      for (int i = 0; i < 4; i++) {
        assertTrue(row.isNullAt(i), number + " in column " + i);
      }
      assertEquals(nulled("m", "z", "n", "i"), changes(row).subList(0, 4), number);
    }
    for (String zero : new String[] {"0e-999999999", "-0E+999999999", "\"0.000e999999999\""}) {
      InternalRow row = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> convert(
          converter("m DECIMAL(38,10), s DECIMAL(6,2)"), "{\"m\":" + zero + ",\"s\":" + zero + "}"), zero);
      assertEquals(BigDecimal.ZERO.setScale(10), row.getDecimal(0, 38, 10).toJavaBigDecimal(), zero);
      assertEquals(BigDecimal.ZERO.setScale(2), row.getDecimal(1, 6, 2).toJavaBigDecimal(), zero);
      assertEquals(List.of(), changes(row), zero);
    }
    // Near the edges the rounding still decides, as before.
    InternalRow row = convert(converter("a DECIMAL(6,2), b DECIMAL(6,2), c DECIMAL(6,2), d DECIMAL(6,2)"),
        "{\"a\":0.005,\"b\":0.004,\"c\":9999.994,\"d\":9999.995}");
    assertEquals(new BigDecimal("0.01"), row.getDecimal(0, 6, 2).toJavaBigDecimal());
    assertEquals(nulled("b", "d"), changes(row));
    assertEquals(new BigDecimal("9999.99"), row.getDecimal(2, 6, 2).toJavaBigDecimal());
  }

  @Test
  void dataBeforeItsStreamReadsAsDataAfterIt() throws IOException {
    String data = "{\"s\":1.50,\"t\":1e3,\"u\":123456789.123456789012,\"v\":[1.0E-7,-0.0],\"d\":0.1,\"m\":1.50}";
    java.util.List<String> rows = new java.util.ArrayList<>();
    for (String line : new String[] {
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":1,\"data\":" + data + "}}",
        "{\"type\":\"RECORD\",\"record\":{\"data\":" + data + ",\"emitted_at\":1,\"stream\":\"s\"}}"}) {
      RecordConverter converter = converter("s STRING, t STRING, u STRING, v STRING, d DOUBLE, m DECIMAL(38,10)");
      try (io.brickbyte.protocol.AirbyteMessageReader reader = new io.brickbyte.protocol.AirbyteMessageReader(
          new java.io.ByteArrayInputStream(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          ConverterFixture.parserOnly(converter), l -> {})) {
        io.brickbyte.protocol.AirbyteMessage.Record record = (io.brickbyte.protocol.AirbyteMessage.Record) reader.next();
        InternalRow row = converter.complete(record.emittedAt(), null);
        rows.add(row.getUTF8String(0) + " " + row.getUTF8String(1) + " " + row.getUTF8String(2) + " "
            + row.getUTF8String(3) + " " + row.getDouble(4) + " " + row.getDecimal(5, 38, 10));
      }
    }
    assertEquals(rows.get(0), rows.get(1));
  }

  @Test
  void anEmittedAtPastAnyTimestampGetsTheReadTime() throws IOException {
    // Found as a record whose emitted_at had digits inserted: complete() threw ArithmeticException.
    for (String emittedAt : new String[] {"9223372036854776", "-9223372036854776", "999999999999999999",
        "9223372036854775807", "-9223372036854775808"}) {
      String line = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":" + emittedAt
          + ",\"data\":{\"n\":1}}}\n";
      for (boolean fast : new boolean[] {true, false}) {
        RecordConverter converter = converter("n BIGINT");
        try (io.brickbyte.protocol.AirbyteMessageReader reader = new io.brickbyte.protocol.AirbyteMessageReader(
            new java.io.ByteArrayInputStream(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            fast ? converter : ConverterFixture.parserOnly(converter), l -> {})) {
          io.brickbyte.protocol.AirbyteMessage.Record record =
              (io.brickbyte.protocol.AirbyteMessage.Record) reader.next();
          long before = System.currentTimeMillis() * 1000;
          InternalRow row = converter.complete(record.emittedAt(), null);
          long micros = row.getLong(2);
          assertTrue(micros >= before && micros <= System.currentTimeMillis() * 1000, emittedAt + ": " + micros);
          assertEquals(1L, row.getLong(0));
        }
      }
    }
    RecordConverter converter = converter("n BIGINT");
    convert(converter, "{\"n\":1}");
    assertEquals(9223372036854775L * 1000, converter.complete(9223372036854775L, null).getLong(2), "the largest that fits");
  }

  @Test
  void aNumberPastBigDecimalReadsAlikeBeforeAndAfterTheStream() throws IOException {
    // Found as 123456789.121e999993456789012 in data before the stream: the replay of the data
    // (a TokenBuffer, which makes BigDecimals of decimals) threw NumberFormatException out of the
    // reader. Converted rows read alike in both orders; a TREE of such data before its stream is
    // log output (after it, the parser reads a double): no exception either way.
    for (String number : new String[] {"1.5e999999999999", "-1e-99999999999", "1e2147483648"}) {
      for (String columns : new String[] {"h DOUBLE", "h DECIMAL(38,10)", "h STRING", "h BIGINT", "x STRING"}) {
        java.util.List<String> outcomes = new java.util.ArrayList<>();
        for (String line : new String[] {
            "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":1,\"data\":{\"h\":" + number + "}}}",
            "{\"type\":\"RECORD\",\"record\":{\"data\":{\"h\":" + number + "},\"emitted_at\":1,\"stream\":\"s\"}}"}) {
          for (boolean tree : new boolean[] {false, true}) {
            RecordConverter converter = converter(columns);
            java.util.List<String> logged = new java.util.ArrayList<>();
            try (io.brickbyte.protocol.AirbyteMessageReader reader = new io.brickbyte.protocol.AirbyteMessageReader(
                new java.io.ByteArrayInputStream(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                tree ? io.brickbyte.protocol.RecordDecoder.TREE : converter, logged::add)) {
              outcomes.add((tree ? "tree " : "row ") + reader.next() + " " + logged.size());
            }
          }
        }
        assertEquals(outcomes.get(0), outcomes.get(2), number + " in " + columns);
      }
    }
  }

  @Test
  void anEmittedAtPastALongKeepsTheRecord() throws IOException {
    // A record with emitted_at 99999999999999999999 was log output: the parser's overflow error
    // made the whole line "not JSON". It now gets the read time, as a missing emitted_at does.
    for (String emittedAt : new String[] {"99999999999999999999", "-1e30", "1.5e999999999999", "9.3e18"}) {
      String line = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":" + emittedAt
          + ",\"data\":{\"n\":1}}}\n";
      for (io.brickbyte.protocol.RecordDecoder decoder : new io.brickbyte.protocol.RecordDecoder[] {
          io.brickbyte.protocol.RecordDecoder.TREE, converter("n BIGINT")}) {
        java.util.List<String> logged = new java.util.ArrayList<>();
        long before = System.currentTimeMillis();
        try (io.brickbyte.protocol.AirbyteMessageReader reader = new io.brickbyte.protocol.AirbyteMessageReader(
            new java.io.ByteArrayInputStream(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)), decoder,
            logged::add)) {
          Object message = reader.next();
          assertTrue(message instanceof io.brickbyte.protocol.AirbyteMessage.Record, emittedAt + ": " + logged);
          long at = ((io.brickbyte.protocol.AirbyteMessage.Record) message).emittedAt();
          assertTrue(at >= before && at <= System.currentTimeMillis(), emittedAt + ": " + at);
        }
      }
    }
  }
}
