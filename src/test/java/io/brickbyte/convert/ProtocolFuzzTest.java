package io.brickbyte.convert;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.brickbyte.AirbyteDataException;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.AirbyteMessageReader;
import io.brickbyte.protocol.Json;
import io.brickbyte.protocol.RecordDecoder;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.schema.AirbyteColumns;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The protocol reader and the record converters fed random valid messages of every kind and the
 * same lines broken, in random read sizes, through every decoder and in every mode.
 *
 * <p>The contract, from the entry points' Javadoc:
 * <ul>
 *   <li>{@link AirbyteMessageReader#next()} returns a message, or null at the end of the input. A
 *       line that is not a message (not JSON, cut off, not UTF-8 and not JSON even with it
 *       replaced, JSON but no message) goes to {@code nonJsonLines}: it is never thrown. It throws
 *       IOException only when its InputStream does (never here: the input is in memory).
 *   <li>{@link RecordConverter}'s decoding (called inside {@code next()}) answers a row, {@link
 *       RecordConverter#DROPPED} or null (another stream); it throws {@link AirbyteDataException}
 *       in FAILFAST only, for a value that does not fit or bytes that are not UTF-8, and the reader
 *       goes on with the next line.
 *   <li>{@link RecordConverter#complete} fills the row of any record the reader handed out.
 *   <li>Nothing else: no other RuntimeException, no Error (stack or heap), no hang.
 * </ul>
 * A valid line gives exactly the message it encodes (checked against Jackson reading the line by
 * itself), and the byte fast path gives the same rows, drops, log lines and errors as the parser
 * path on every line, broken or not. Seeds are printed on failure: run again with
 * {@code -Dbrickbyte.fuzz.seed=N} to replay one.
 */
class ProtocolFuzzTest {

  private static final long SEED = Long.getLong("brickbyte.fuzz.seed", 20260514L);
  private static final int ROUNDS = Integer.getInteger("brickbyte.fuzz.rounds", 16);
  private static final int LINES = 250;
  /** A whole run's bound (a round takes well under a second): past it, something hangs. */
  private static final Duration BUDGET = Duration.ofSeconds(Math.max(20, ROUNDS));
  private static final StructType COLUMNS = columns();

  @Test
  void validMessagesReadAsTheyAreWritten() {
    assertTimeoutPreemptively(BUDGET, () -> {
      for (int round = 0; round < ROUNDS; round++) {
        long seed = SEED + round;
        SplittableRandom random = new SplittableRandom(seed);
        FuzzLines gen = new FuzzLines(random);
        List<byte[]> lines = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
          String line = gen.message();
          lines.add(FuzzLines.bytes(line));
          expected.add(Oracle.expected(line));
        }
        byte[] input = gen.join(lines);
        String replay = "seed " + seed + " (-Dbrickbyte.fuzz.seed=" + seed + " -Dbrickbyte.fuzz.rounds=1)";
        assertSame(expected, Oracle.read(chunks(input, random), RecordDecoder.TREE), "TREE, " + replay);
        List<String> records = Oracle.recordLines(lines);
        assertSame(records, Oracle.read(chunks(input, random), RecordDecoder.LINES), "LINES, " + replay);
        assertSame(records, Oracle.read(chunks(input, random), RecordDecoder.LINES_BY_PREFIX),
            "LINES_BY_PREFIX, " + replay);
        for (ConversionMode mode : ConversionMode.values()) {
          compareFastWithParser(input, lines, mode, random, replay);
        }
      }
    }, "the fuzz run took too long (a hang?) from seed " + SEED);
  }

  @Test
  void brokenLinesNeitherHangNorCrash() {
    assertTimeoutPreemptively(BUDGET, () -> {
      for (int round = 0; round < ROUNDS; round++) {
        long seed = SEED ^ 0x6272_6F6B_656EL + round;
        SplittableRandom random = new SplittableRandom(seed);
        FuzzLines gen = new FuzzLines(random);
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
          byte[] line = FuzzLines.bytes(gen.message());
          for (int mutations = random.nextInt(4); mutations > 0; mutations--) {
            line = gen.mutate(line);
          }
          lines.add(line);
        }
        if (round % 8 == 0) { // lines of a few MB, one a record, one not JSON, one cut off
          lines.add(random.nextInt(lines.size()), FuzzLines.bytes(FuzzLines.hugeRecord(3 << 20, 'x')));
          lines.add(random.nextInt(lines.size()), FuzzLines.bytes("{\"log\":" + "[".repeat(2 << 20)));
          lines.add(FuzzLines.bytes(FuzzLines.hugeRecord(2 << 20, '\u00e9').substring(0, 1 << 20)));
        }
        byte[] input = gen.join(lines);
        String replay = "seed " + seed + " (-Dbrickbyte.fuzz.seed=" + SEED + " -Dbrickbyte.fuzz.rounds="
            + (round + 1) + ", round " + round + ")";
        for (RecordDecoder decoder : List.of(RecordDecoder.TREE, RecordDecoder.LINES, RecordDecoder.LINES_BY_PREFIX)) {
          Outcomes.read(chunks(input, random), decoder, null, null, ConversionMode.PERMISSIVE, replay);
        }
        for (ConversionMode mode : ConversionMode.values()) {
          compareFastWithParser(input, lines, mode, random, replay);
        }
      }
    }, "the fuzz run took too long (a hang?) from seed " + SEED);
  }

  /** Fails on the first item that differs, shown in full (whole lists of rows are unreadable). */
  private static void assertSame(List<String> expected, List<String> actual, String replay) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      String want = expected.get(i);
      String got = actual.get(i);
      if (!want.equals(got)) {
        int at = 0;
        while (at < Math.min(want.length(), got.length()) && want.charAt(at) == got.charAt(at)) {
          at++;
        }
        int from = Math.max(0, at - 60);
        fail("item " + i + " differs at char " + at + ": expected ..." + escaped(want.substring(from,
            Math.min(want.length(), at + 100))) + "... but was ..." + escaped(got.substring(from,
            Math.min(got.length(), at + 100))) + "..., " + replay);
      }
    }
    assertEquals(expected.size(), actual.size(), "items, " + replay);
  }

  /** The fast path and the parser path give the same outcomes, each within the contract. */
  private static void compareFastWithParser(byte[] input, List<byte[]> lines, ConversionMode mode,
      SplittableRandom random, String replay) throws IOException {
    StreamDescriptor stream = new StreamDescriptor("s", null);
    RecordConverter fast = new RecordConverter(COLUMNS, stream, mode, 7L);
    RecordConverter parsed = new RecordConverter(COLUMNS, stream, mode, 7L);
    UnsafeProjection toUnsafe = UnsafeProjection.create(COLUMNS);
    List<String> parserPath = Outcomes.read(chunks(input, random), ConverterFixture.parserOnly(parsed),
        parsed, toUnsafe, mode, replay);
    List<String> fastPath = Outcomes.read(chunks(input, random), fast, fast, toUnsafe, mode, replay);
    if (!parserPath.equals(fastPath)) {
      // Found line by line, to show the line that reads differently.
      for (byte[] line : lines) {
        List<String> parsedLine = Outcomes.read(chunks(line, random), ConverterFixture.parserOnly(parsed),
            parsed, toUnsafe, mode, replay);
        List<String> fastLine = Outcomes.read(chunks(line, random), fast, fast, toUnsafe, mode, replay);
        assertSame(parsedLine, fastLine, mode + ", the line " + escaped(line) + ", " + replay);
      }
      assertSame(parserPath, fastPath, mode + ", " + replay);
    }
  }

  /** The input handed out in reads of random sizes: one byte, a few, a pipe's worth, or all. */
  static InputStream chunks(byte[] bytes, SplittableRandom random) {
    int kind = random.nextInt(4);
    int most = kind == 0 ? 7 : kind == 1 ? 4096 : kind == 2 ? 65536 : Integer.MAX_VALUE;
    SplittableRandom sizes = random.split();
    // One-byte reads of a multi-MB line cost seconds for nothing: big inputs get bigger reads.
    int least = bytes.length > (1 << 20) ? Math.min(most, 512) : 1;
    return new InputStream() {
      private int at;

      @Override
      public int read() {
        return at < bytes.length ? bytes[at++] & 0xFF : -1;
      }

      @Override
      public int read(byte[] out, int offset, int length) {
        if (at >= bytes.length) {
          return -1;
        }
        int size = most == Integer.MAX_VALUE ? length : sizes.nextInt(least, most + 1);
        int n = Math.min(Math.min(length, size), bytes.length - at);
        System.arraycopy(bytes, at, out, offset, n);
        at += n;
        return n;
      }
    };
  }

  /** A line as Java would spell it, non-ASCII bytes as \\xNN. */
  static String escaped(String text) {
    return escaped(text.getBytes(UTF_8));
  }

  static String escaped(byte[] line) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(line.length, 4000); i++) {
      int b = line[i] & 0xFF;
      out.append(b >= 0x20 && b < 0x7F && b != '\\' ? String.valueOf((char) b)
          : b == '\\' ? "\\\\" : String.format("\\x%02x", b));
    }
    return out + (line.length > 4000 ? "... (" + line.length + " bytes)" : "");
  }

  private static StructType columns() {
    List<StructField> fields = new ArrayList<>();
    for (StructField field : AirbyteColumns.append(StructType.fromDDL(FuzzLines.DDL)).fields()) {
      if (!field.name().equals(AirbyteColumns.RAW_ID)) { // random by design: not comparable
        fields.add(field);
      }
    }
    return new StructType(fields.toArray(StructField[]::new));
  }

  /** What reading gives, line by line, checked against the contract as it goes. */
  static final class Outcomes {
    private Outcomes() {}

    static List<String> read(InputStream in, RecordDecoder decoder, RecordConverter converter,
        UnsafeProjection toUnsafe, ConversionMode mode, String replay) throws IOException {
      List<String> outcomes = new ArrayList<>();
      try (AirbyteMessageReader reader = new AirbyteMessageReader(in, decoder,
          line -> outcomes.add("log: " + digest(FuzzLines.bytes(line))))) {
        while (true) {
          AirbyteMessage message;
          try {
            message = reader.next();
            if (message == null) {
              break;
            }
            outcomes.add(describe(message, converter, toUnsafe));
          } catch (AirbyteDataException e) {
            if (mode != ConversionMode.FAILFAST || converter == null) {
              throw new AssertionError("AirbyteDataException outside FAILFAST, " + replay, e);
            }
            outcomes.add("error: " + e.getMessage());
          } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new AssertionError("outside the contract: " + e + ", " + mode + ", " + replay, e);
          }
        }
      }
      return outcomes;
    }

    private static String describe(AirbyteMessage message, RecordConverter converter, UnsafeProjection toUnsafe) {
      if (message instanceof AirbyteMessage.Record record && converter != null) {
        if (record.data() == null || record.data() == RecordConverter.DROPPED) {
          return "skipped: " + record.data();
        }
        // A record without emitted_at (or with one past any timestamp) gets the time it was read:
        // not the same in two reads.
        long at = Math.abs(record.emittedAt() - System.currentTimeMillis()) < 86_400_000L
            || Math.abs(record.emittedAt()) > Long.MAX_VALUE / 1000 ? 0 : record.emittedAt();
        return "row: " + digest(toUnsafe.apply(converter.complete(at, record.meta())).getBytes());
      }
      if (message instanceof AirbyteMessage.RecordLine line) {
        return "line: " + line.stream() + " " + digest(Arrays.copyOfRange(line.bytes(), line.offset(),
            line.offset() + line.length()));
      }
      return "message: " + message.getClass().getSimpleName();
    }

    /** Bytes as hex when short, else their length and hash: multi-MB lines stay cheap to compare. */
    static String digest(byte[] bytes) {
      return bytes.length <= 2048 ? HexFormat.of().formatHex(bytes)
          : bytes.length + " bytes, hash " + Arrays.hashCode(bytes);
    }
  }

  /** What a valid line means, read by Jackson alone, and what the reader made of it, alike. */
  static final class Oracle {
    private Oracle() {}

    static String expected(String line) throws IOException {
      JsonNode top = Json.MAPPER.readTree(line);
      String type = top.hasNonNull("type") ? top.get("type").asText() : null;
      JsonNode record = top.get("record");
      if ("RECORD".equals(type) || type == null && record != null && record.isObject()) {
        JsonNode emitted = record.get("emitted_at");
        return "RECORD " + record.get("stream").asText() + " " + text(record.get("namespace")) + " "
            + (emitted == null ? "now" : Long.toString(emitted.asLong())) + " " + record.get("data") + " "
            + record.get("meta");
      }
      return switch (type == null ? inferred(top) : type) {
        case "STATE" -> "STATE " + top.get("state");
        case "LOG" -> "LOG " + top.get("log").get("level").asText() + " " + top.get("log").get("message").asText()
            + " " + text(top.get("log").get("stack_trace"));
        case "TRACE" -> "TRACE " + top.get("trace").get("type").asText() + " " + top.get("trace");
        case "CONTROL" -> "CONTROL " + top.get("control");
        case "SPEC" -> "SPEC " + top.get("spec");
        case "CATALOG" -> "CATALOG " + top.get("catalog").get("streams").get(0).get("name").asText();
        case "CONNECTION_STATUS" -> "CONNECTION_STATUS " + top.get("connectionStatus").get("status").asText()
            + " " + top.get("connectionStatus").get("message").asText();
        case "none" -> "log: " + line;
        default -> "OTHER " + type + " " + ((com.fasterxml.jackson.databind.node.ObjectNode) top.deepCopy()).without("type");
      };
    }

    static List<String> read(InputStream in, RecordDecoder decoder) throws IOException {
      List<String> out = new ArrayList<>();
      try (AirbyteMessageReader reader = new AirbyteMessageReader(in, decoder, line -> out.add("log: " + line))) {
        for (AirbyteMessage message = reader.next(); message != null; message = reader.next()) {
          out.add(actual(message));
        }
      }
      return out;
    }

    /** The record lines, as LINES readers hand them out (whitespace around a line aside). */
    static List<String> recordLines(List<byte[]> lines) throws IOException {
      List<String> out = new ArrayList<>();
      for (byte[] line : lines) {
        String text = new String(line, UTF_8);
        String expected = expected(text);
        out.add(expected.startsWith("RECORD ") ? "line " + Json.MAPPER.readTree(text).get("record").get("stream").asText()
            + " " + text.strip() : expected);
      }
      return out;
    }

    private static String actual(AirbyteMessage message) {
      long now = System.currentTimeMillis();
      if (message instanceof AirbyteMessage.Record r) {
        return "RECORD " + r.stream() + " " + r.namespace() + " "
            + (Math.abs(r.emittedAt() - now) < 86_400_000L ? "now" : Long.toString(r.emittedAt())) + " "
            + normalized(r.data()) + " " + r.meta();
      } else if (message instanceof AirbyteMessage.RecordLine l) {
        return "line " + l.stream() + " " + new String(l.bytes(), l.offset(), l.length(), UTF_8).strip();
      } else if (message instanceof AirbyteMessage.State s) {
        return "STATE " + s.json();
      } else if (message instanceof AirbyteMessage.Log l) {
        return "LOG " + l.level() + " " + l.message() + " " + l.stackTrace();
      } else if (message instanceof AirbyteMessage.Trace t) {
        return "TRACE " + t.type() + " " + t.json();
      } else if (message instanceof AirbyteMessage.Control c) {
        return "CONTROL " + c.json();
      } else if (message instanceof AirbyteMessage.Spec s) {
        return "SPEC " + s.json();
      } else if (message instanceof AirbyteMessage.Catalog c) {
        return "CATALOG " + c.catalog().streams().get(0).name();
      } else if (message instanceof AirbyteMessage.ConnectionStatus c) {
        return "CONNECTION_STATUS " + c.status() + " " + c.message();
      }
      AirbyteMessage.Other o = (AirbyteMessage.Other) message;
      return "OTHER " + o.type() + " " + o.json();
    }

    /**
     * The data as Jackson reads its text. Data that came before its stream is replayed from a
     * TokenBuffer, which keeps decimals as BigDecimal where a plain parse makes doubles: the same
     * value (the converters read it alike, see FuzzFoundTest), another node class.
     */
    private static String normalized(Object data) {
      try {
        return String.valueOf(Json.MAPPER.readTree(String.valueOf(data)));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private static String inferred(JsonNode top) {
      for (String field : new String[] {"state", "log", "trace", "control", "spec", "catalog"}) {
        if (top.has(field)) {
          return field.toUpperCase();
        }
      }
      return top.has("connectionStatus") ? "CONNECTION_STATUS" : "none";
    }

    private static String text(JsonNode node) {
      return node == null || node.isNull() ? null : node.asText();
    }
  }

  /**
   * Memory is bounded by the longest line, not by the input: 384 MB of 1 KB records (and a 4 MB
   * line every 64 MB) read in a JVM of 64 MB, through the fast path and through staging. The
   * reader keeps a buffer grown for a long line (at most twice the line) for the rest of the read:
   * bounded by the longest line, so not shrunk. The same JVM fails on one 48 MB line (a 64 MB
   * buffer), so the bound is real.
   */
  @Test
  void memoryIsBoundedByTheLongestLineNotByTheInput() throws Exception {
    assertEquals("records 354288\nrecords 354288\n", probe(384, 4, 0));
    String tooLong = probe(80, 48, 1);
    assertTrue(tooLong.contains("OutOfMemoryError") && tooLong.contains("AirbyteMessageReader.makeRoom"),
        "a line bigger than the heap does not fit in the reader's buffer: " + tooLong);
  }

  /** Runs {@link HeapProbe} with a 64 MB heap; its output, once it exited with {@code exitCode}. */
  private static String probe(int totalMb, int longLineMb, int exitCode) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
    for (String option : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (option.startsWith("--add-opens")) { // what Spark's classes need on Java 17
        command.add(option);
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), HeapProbe.class.getName(),
        Integer.toString(totalMb), Integer.toString(longLineMb)));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        fail("the heap probe did not finish in a minute");
      }
      String output = new String(process.getInputStream().readAllBytes(), UTF_8);
      assertEquals(exitCode, process.exitValue(), output);
      return output;
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void theOracleCanFail() throws IOException {
    // The valid-line check compares texts: a reader that lost a field would differ.
    String line = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":5,\"data\":{\"a\":1}}}";
    assertEquals("RECORD s null 5 {\"a\":1} null", Oracle.expected(line));
    assertTrue(Oracle.read(chunks(FuzzLines.bytes(line.replace("\"a\":1", "\"a\":2")), new SplittableRandom(1)),
        RecordDecoder.TREE).stream().noneMatch(Oracle.expected(line)::equals));
    if (Outcomes.digest(new byte[4096]).length() > 100) {
      fail("a digest of a long line must stay short");
    }
  }
}
