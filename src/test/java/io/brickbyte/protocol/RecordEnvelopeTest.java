package io.brickbyte.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecordEnvelopeTest {

  private final RecordEnvelope envelope = new RecordEnvelope(null);

  private boolean scan(String line) {
    byte[] bytes = ("xx" + line + "yy").getBytes(UTF_8); // the line sits inside a larger buffer
    return envelope.scan(bytes, 2, bytes.length - 2);
  }

  @Test
  void plainRecordLinesInAnyFieldOrderAndSpacing() {
    assertTrue(scan("{\"type\":\"RECORD\",\"record\":{\"stream\":\"users\",\"data\":{\"id\":1},\"emitted_at\":5}}"));
    assertEquals("users", envelope.stream());
    assertNull(envelope.namespace());
    // Python's json.dumps spacing, type last, data before stream, namespace given.
    assertTrue(scan("{ \"record\": {\"data\": {\"s\": \"a}\\\"]{[\", \"n\": [1, {\"x\": null}], \"t\": true},"
        + " \"namespace\": \"shop\", \"stream\": \"orders\", \"emitted_at\": 1700000000000}, \"type\": \"RECORD\" } "));
    assertEquals("orders", envelope.stream());
    assertEquals("shop", envelope.namespace());
    assertTrue(scan("{\"record\":{\"stream\":\"s\",\"namespace\":null,\"data\":null,\"meta\":{\"changes\":[]}}}"));
    assertNull(envelope.namespace());
    assertTrue(scan("{\"type\":\"RECORD\",\"extra\":[1,2,{\"a\":\"]\"}],\"record\":{\"stream\":\"s\",\"data\":\"\\\\\"}}"));
  }

  @Test
  void theStreamNameIsDecodedOnceWhileItStaysTheSame() {
    assertTrue(scan("{\"type\":\"RECORD\",\"record\":{\"stream\":\"caf e\",\"data\":{}}}"));
    String first = envelope.stream();
    assertEquals("caf e", first);
    assertTrue(scan("{\"type\":\"RECORD\",\"record\":{\"stream\":\"caf e\",\"data\":{\"a\":1}}}"));
    assertSame(first, envelope.stream());
    assertTrue(scan("{\"type\":\"RECORD\",\"record\":{\"stream\":\"cafe\",\"data\":{}}}"));
    assertEquals("cafe", envelope.stream());
  }

  @Test
  void everythingElseIsLeftToTheParser() {
    for (String line : List.of(
        "{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\"}}",
        "{\"type\":\"LOG\",\"log\":{\"level\":\"INFO\",\"message\":\"record\"}}",
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"us\\u0065rs\",\"data\":{}}}", // escaped name
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"caf\u00e9\",\"data\":{}}}", // not ASCII
        "{\"type\":\"REC\\u004fRD\",\"record\":{\"stream\":\"s\",\"data\":{}}}",
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":1}}", // no data
        "{\"type\":\"RECORD\",\"record\":{\"data\":{}}}", // no stream
        "{\"type\":\"RECORD\",\"record\":{\"stream\":null,\"data\":{}}}",
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"namespace\":7,\"data\":{}}}",
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":1}", // cut short
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":\"1}}}",
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{}}} trailing",
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"stream\":\"t\",\"data\":{}}}",
        "{\"type\":\"RECORD\",\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{}}}",
        "{\"type\":\"RECORD\",\"record\":[]}",
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":}}",
        "{}",
        "{",
        "not json at all")) {
      assertFalse(scan(line), line);
    }
  }

  /** Many generated lines: whenever the scan is conclusive, Jackson's reading agrees with it. */
  @Test
  void agreesWithTheParserOnGeneratedLines() throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    int conclusive = 0;
    for (int i = 0; i < 3000; i++) {
      String line = generatedLine(random);
      byte[] bytes = line.getBytes(UTF_8);
      boolean scanned = envelope.scan(bytes, 0, bytes.length);
      AirbyteMessage parsed = parse(bytes);
      if (scanned) {
        conclusive++;
        AirbyteMessage.Record record = assertInstanceOf(AirbyteMessage.Record.class, parsed, line);
        assertEquals(record.stream(), envelope.stream(), line);
        assertEquals(record.namespace(), envelope.namespace(), line);
        assertTrue(record.data() != null, line);
      }
    }
    assertTrue(conclusive > 1000, "most generated lines are plain records: " + conclusive);
  }

  /**
   * Lines that share their bytes up to the data, as a connector's lines do, scanned in a row: the
   * scan that starts at the data from the last line's prefix answers what a fresh scan answers.
   */
  @Test
  void linesSharingAPrefixScanAsFreshOnes() {
    String[] prefixes = {
      "{\"type\":\"RECORD\",\"record\":{\"stream\":\"users\",\"data\":",
      "{\"type\": \"RECORD\", \"record\": {\"namespace\": \"ns\", \"stream\": \"users\", \"data\": ",
      "{\"record\":{\"emitted_at\":7,\"stream\":\"orders\",\"data\":",
      "{\"record\":{\"emitted_at\":7.5,\"stream\":\"orders\",\"data\":",
      "{\"other\":[1],\"record\":{\"namespace\":null,\"stream\":\"users\",\"data\":",
      "{\"record\":{\"data\":",
      "{\"record\":{\"namespace\":\"ns\",\"data\":"};
    String[] suffixes = {",\"emitted_at\":5}}", ",\"emitted_at\":5},\"type\":\"RECORD\"}", "}}",
      ",\"meta\":{\"changes\":[]}}}", ",\"stream\":\"late\"}}", ",\"emitted_at\":1.5}} ", "}", "},\"type\":\"LOG\"}",
      ",\"data\":{}}}", ",\"namespace\":\"n2\",\"stream\":\"s\"}}"};
    SplittableRandom random = new SplittableRandom(7);
    int conclusive = 0;
    String prefix = prefixes[0];
    for (int i = 0; i < 5000; i++) {
      if (random.nextInt(8) == 0) {
        prefix = pick(random, prefixes);
      }
      String line = prefix + value(random, 2) + pick(random, suffixes);
      boolean scanned = scan(line);
      RecordEnvelope fresh = new RecordEnvelope(null);
      byte[] bytes = ("xx" + line + "yy").getBytes(UTF_8);
      assertEquals(fresh.scan(bytes, 2, bytes.length - 2), scanned, line);
      if (scanned) {
        conclusive++;
        assertEquals(fresh.stream(), envelope.stream(), line);
        assertEquals(fresh.namespace(), envelope.namespace(), line);
        assertEquals(fresh.plain(), envelope.plain(), line);
        assertEquals(fresh.emittedAt(), envelope.emittedAt(), line);
        assertEquals(fresh.dataStart(), envelope.dataStart(), line);
        assertEquals(fresh.dataEnd(), envelope.dataEnd(), line);
      }
    }
    assertTrue(conclusive > 1000, "many lines are records: " + conclusive);
  }

  @Test
  void linesModeHandsOutRecordsVerbatimAndOtherMessagesParsed() throws IOException {
    String plain = "{\"type\": \"RECORD\", \"record\": {\"stream\": \"s\", \"data\": {\"a\": \"\u00e9\"}, \"emitted_at\": 1}}";
    String escaped = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"\\u0073\",\"data\":{\"a\":2},\"emitted_at\":2}}";
    String noData = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":3}}";
    String state = "{\"type\":\"STATE\",\"state\":{\"type\":\"LEGACY\",\"data\":{\"c\":1}}}";
    String text = plain + "\r\n" + "log output\n" + escaped + "\n" + noData + "\n" + state;
    List<Object> seen = new ArrayList<>();
    List<String> logged = new ArrayList<>();
    try (AirbyteMessageReader reader = new AirbyteMessageReader(
        new ByteArrayInputStream(text.getBytes(UTF_8)), RecordDecoder.LINES, logged::add)) {
      for (AirbyteMessage message = reader.next(); message != null; message = reader.next()) {
        if (message instanceof AirbyteMessage.RecordLine line) {
          seen.add(line.stream() + "|" + new String(
              Arrays.copyOfRange(line.bytes(), line.offset(), line.offset() + line.length()), UTF_8));
        } else {
          seen.add(message);
        }
      }
    }
    assertEquals("s|" + plain, seen.get(0));
    assertEquals("s|" + escaped, seen.get(1), "a line the scan leaves to the parser is still kept verbatim");
    AirbyteMessage.Record withoutData = assertInstanceOf(AirbyteMessage.Record.class, seen.get(2));
    assertNull(withoutData.data());
    assertInstanceOf(AirbyteMessage.State.class, seen.get(3));
    assertEquals(4, seen.size());
    assertEquals(List.of("log output"), logged);
    assertArrayEquals(plain.getBytes(UTF_8), ((String) seen.get(0)).substring(2).getBytes(UTF_8));
  }

  @Test
  void linesByPrefixTakeALineStartingAsTheLastRecordWithoutReadingOn() throws IOException {
    String head = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":";
    String plain = head + "{\"a\":1},\"emitted_at\":1}}";
    String broken = head + "{\"a\":\"cut";
    String namespaced = head + "{\"a\":3},\"namespace\":\"n\",\"emitted_at\":3}}";
    String state = "{\"type\":\"STATE\",\"state\":{\"type\":\"LEGACY\",\"data\":{\"c\":1}}}";
    String typeLast = "{\"record\":{\"stream\":\"s\",\"data\":{\"a\":4}},\"type\":\"RECORD\"}";
    String typeLastBroken = "{\"record\":{\"stream\":\"s\",\"data\":{\"a\":\"cut";
    List<String> lines = List.of(broken, plain, broken, namespaced, state, plain + "  ", typeLast,
        typeLastBroken);
    String text = String.join("\n", lines) + "\n";
    for (RecordDecoder decoder : List.of(RecordDecoder.LINES, RecordDecoder.LINES_BY_PREFIX)) {
      List<String> seen = new ArrayList<>();
      // In chunks of 1-7 bytes as well: a line cut by the buffer's end is taken the same way.
      for (int chunk : new int[] {0, 3, 7}) {
        seen.clear();
        InputStream in = chunk == 0 ? new ByteArrayInputStream(text.getBytes(UTF_8))
            : new ChunkedInput(text.getBytes(UTF_8), () -> chunk);
        try (AirbyteMessageReader reader = new AirbyteMessageReader(in, decoder,
            log -> seen.add("log " + log))) {
          for (AirbyteMessage message = reader.next(); message != null; message = reader.next()) {
            seen.add(message instanceof AirbyteMessage.RecordLine line
                ? "record " + line.stream() + " " + line.namespace() + " " + new String(line.bytes(),
                    line.offset(), line.length(), UTF_8)
                : message.getClass().getSimpleName());
          }
        }
        boolean byPrefix = decoder.kind() == RecordDecoder.Kind.LINES_BY_PREFIX;
        assertEquals(List.of(
            "log " + broken, // no record before it: scanned, and not a record
            "record s null " + plain,
            byPrefix ? "record s null " + broken : "log " + broken,
            // By prefix, the namespace after the data is not seen: the tasks read it.
            "record s " + (byPrefix ? "null " : "n ") + namespaced,
            "State",
            "record s null " + plain + "  ",
            "record s null " + typeLast,
            "log " + typeLastBroken), // the type is not in the prefix: scanned
            seen, decoder + " in chunks of " + chunk);
      }
    }
  }

  /**
   * Generated lines, odd ones and log output in one stream, read in random chunks: staging gets
   * every record the parser finds, as its verbatim line, and every other message as parsed.
   */
  @Test
  void linesModeAgreesWithTheParserOnAStreamReadInChunks() throws IOException {
    SplittableRandom random = new SplittableRandom(11);
    List<String> lines = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      String line = switch (random.nextInt(12)) {
        case 0 -> "log output {\"type\":\"RECORD\"}";
        case 1 -> "";
        case 2 -> "{\"type\":\"RECORD\",\"record\":{\"stream\":\"users\",\"data\":{\"a\":\"cut";
        default -> generatedLine(random);
      };
      lines.add(line);
      text.append(random.nextInt(5) == 0 ? "  " : "").append(line).append(random.nextInt(4) == 0 ? "\r\n" : "\n");
    }
    byte[] bytes = text.toString().getBytes(UTF_8);
    List<String> parsed = new ArrayList<>();
    try (AirbyteMessageReader reader = new AirbyteMessageReader(
        new ByteArrayInputStream(bytes), RecordDecoder.TREE, log -> parsed.add("log " + log.strip()))) {
      for (AirbyteMessage message = reader.next(); message != null; message = reader.next()) {
        parsed.add(message instanceof AirbyteMessage.Record record && record.data() != null
            ? "record " + record.stream() + "/" + record.namespace() + " " + record.data()
            : message.toString());
      }
    }
    List<String> staged = new ArrayList<>();
    try (AirbyteMessageReader reader = new AirbyteMessageReader(
        new ChunkedInput(bytes, () -> 1 + random.nextInt(300)), RecordDecoder.LINES, log -> staged.add("log " + log.strip()))) {
      for (AirbyteMessage message = reader.next(); message != null; message = reader.next()) {
        if (message instanceof AirbyteMessage.RecordLine line) {
          byte[] verbatim = Arrays.copyOfRange(line.bytes(), line.offset(), line.offset() + line.length());
          assertTrue(lines.contains(new String(verbatim, UTF_8).strip()), "a line as it was written");
          AirbyteMessage.Record record = (AirbyteMessage.Record) parse(verbatim);
          assertEquals(record.stream() + "/" + record.namespace(), line.stream() + "/" + line.namespace());
          staged.add("record " + record.stream() + "/" + record.namespace() + " " + record.data());
        } else {
          staged.add(message.toString());
        }
      }
    }
    assertEquals(parsed, staged);
    assertTrue(parsed.stream().filter(m -> m.startsWith("record ")).count() > 1000);
  }

  private static AirbyteMessage parse(byte[] line) throws IOException {
    try (AirbyteMessageReader reader = new AirbyteMessageReader(
        new ByteArrayInputStream(line), RecordDecoder.TREE, ignored -> {})) {
      return reader.next();
    }
  }

  private static String generatedLine(SplittableRandom random) {
    List<String> recordFields = new ArrayList<>();
    if (random.nextInt(20) > 0) {
      recordFields.add(q("stream") + ":" + q(pick(random, "users", "orders", "caf\u00e9", "a b")));
    }
    if (random.nextBoolean()) {
      recordFields.add(q("namespace") + ":" + (random.nextBoolean() ? "null" : q("ns")));
    }
    if (random.nextInt(20) > 0) {
      recordFields.add(q("data") + ":" + value(random, 3));
    }
    recordFields.add(q("emitted_at") + ":" + random.nextLong(1L << 42));
    if (random.nextInt(4) == 0) {
      recordFields.add(q("meta") + ":" + value(random, 2));
    }
    shuffle(random, recordFields);
    List<String> fields = new ArrayList<>();
    fields.add(q("record") + ":{" + String.join(sep(random), recordFields) + "}");
    if (random.nextInt(10) > 0) {
      fields.add(q("type") + ":" + q(random.nextInt(10) > 0 ? "RECORD" : "STATE"));
    }
    if (random.nextInt(5) == 0) {
      fields.add(q("other") + ":" + value(random, 2));
    }
    shuffle(random, fields);
    return "{" + String.join(sep(random), fields) + "}";
  }

  private static String value(SplittableRandom random, int depth) {
    int kind = random.nextInt(depth > 0 ? 8 : 6);
    return switch (kind) {
      case 0 -> "null";
      case 1 -> Long.toString(random.nextLong());
      case 2 -> random.nextBoolean() ? "true" : "-1.5e-3";
      case 3, 4 -> q(pick(random, "plain", "br}ack]et{s[", "quo\\\"te", "back\\\\", "\\u00e9\\n", "\u00e9\u4e2d\ud83d\ude00"));
      case 5 -> "\"\"";
      case 6 -> {
        List<String> members = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          members.add(q("k" + i) + ": " + value(random, depth - 1));
        }
        yield "{" + String.join(", ", members) + "}";
      }
      default -> {
        List<String> items = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          items.add(value(random, depth - 1));
        }
        yield "[" + String.join(",", items) + "]";
      }
    };
  }

  private static String q(String text) {
    return "\"" + text + "\"";
  }

  private static String sep(SplittableRandom random) {
    return random.nextBoolean() ? "," : ", ";
  }

  private static String pick(SplittableRandom random, String... options) {
    return options[random.nextInt(options.length)];
  }

  private static void shuffle(SplittableRandom random, List<String> items) {
    for (int i = items.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      String swap = items.get(i);
      items.set(i, items.get(j));
      items.set(j, swap);
    }
  }
}
