package io.brickbyte.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AirbyteMessageReaderTest {

  private record Result(List<AirbyteMessage> messages, List<String> nonJson, long nonJsonCount, long bytesRead) {}

  /** Reads {@code text} whole and in 1-7 byte chunks; both must agree, and consume every byte. */
  private static Result read(String text) throws IOException {
    return read(text.getBytes(UTF_8), RecordDecoder.TREE);
  }

  private static Result read(byte[] bytes, RecordDecoder decoder) throws IOException {
    Result whole = readFrom(new ByteArrayInputStream(bytes), decoder);
    Result chunked = readFrom(ChunkedInput.tiny(bytes), decoder);
    assertEquals(whole, chunked, "reading in tiny chunks must give the same messages");
    assertEquals(bytes.length, whole.bytesRead());
    assertEquals(whole.nonJson().size(), whole.nonJsonCount());
    return whole;
  }

  private static Result readFrom(InputStream in, RecordDecoder decoder) throws IOException {
    List<String> nonJson = new ArrayList<>();
    List<AirbyteMessage> messages = new ArrayList<>();
    try (AirbyteMessageReader reader = new AirbyteMessageReader(in, decoder, nonJson::add)) {
      AirbyteMessage message;
      while ((message = reader.next()) != null) {
        messages.add(message);
      }
      assertNull(reader.next(), "the end stays the end");
      return new Result(messages, nonJson, reader.nonJsonLineCount(), reader.bytesRead());
    }
  }

  private static JsonNode json(String text) throws IOException {
    return Json.MAPPER.readTree(text);
  }

  private static <T> T only(Result result, Class<T> kind) {
    assertEquals(1, result.messages().size(), () -> "messages: " + result.messages());
    return assertInstanceOf(kind, result.messages().get(0));
  }

  @Test
  void recordKeepsStreamNamespaceEmittedAtDataAndMeta() throws IOException {
    Result result = read(
        "{\"type\":\"RECORD\",\"record\":{\"stream\":\"users\",\"namespace\":\"public\",\"emitted_at\":1700000000123,"
            + "\"data\":{\"id\":1,\"name\":\"Grüße 名前 🚀\",\"tags\":[\"a\",null]},"
            + "\"meta\":{\"changes\":[{\"field\":\"bio\",\"change\":\"TRUNCATED\",\"reason\":\"SOURCE_FIELD_SIZE_LIMITATION\"}]}}}\n");
    AirbyteMessage.Record record = only(result, AirbyteMessage.Record.class);
    assertEquals("users", record.stream());
    assertEquals("public", record.namespace());
    assertEquals(1700000000123L, record.emittedAt());
    assertEquals(json("{\"id\":1,\"name\":\"Grüße 名前 🚀\",\"tags\":[\"a\",null]}"), record.data());
    assertEquals("TRUNCATED", record.meta().path("changes").get(0).path("change").asText());
    assertTrue(result.nonJson().isEmpty());
  }

  @Test
  void recordWithoutNamespaceOrMetaOrEmittedAt() throws IOException {
    long before = System.currentTimeMillis();
    AirbyteMessage.Record record = (AirbyteMessage.Record) readFrom(
        new ByteArrayInputStream("{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{}}}\n".getBytes(UTF_8)),
        RecordDecoder.TREE).messages().get(0);
    assertNull(record.namespace());
    assertNull(record.meta());
    assertTrue(record.emittedAt() >= before && record.emittedAt() <= System.currentTimeMillis());
  }

  @Test
  void streamStateIsKeptVerbatimWithUnknownFields() throws IOException {
    String state = "{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"users\",\"namespace\":\"public\"},"
        + "\"stream_state\":{\"cursor\":\"2024-01-01T00:00:00Z\",\"pages\":[1,2,{\"x\":null}]}},"
        + "\"sourceStats\":{\"recordCount\":2.0},\"x_future_field\":{\"k\":[true,\"two\",3]}}";
    AirbyteMessage.State message = only(read("{\"state\":" + state + ",\"type\":\"STATE\"}\n"), AirbyteMessage.State.class);
    assertEquals(json(state), message.json());
    assertEquals(state, Json.MAPPER.writeValueAsString(message.json()));
    assertEquals("STREAM", message.type());
    assertEquals(new StreamDescriptor("users", "public"), message.stream());
  }

  @Test
  void globalAndLegacyStates() throws IOException {
    String global = "{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":{\"lsn\":123456789012},"
        + "\"stream_states\":[{\"stream_descriptor\":{\"name\":\"a\"},\"stream_state\":{\"c\":1}}]}}";
    String legacy = "{\"type\":\"LEGACY\",\"data\":{\"users\":{\"cursor\":5}}}";
    String untyped = "{\"data\":{\"cursor\":5}}";
    Result result = read("{\"type\":\"STATE\",\"state\":" + global + "}\n{\"type\":\"STATE\",\"state\":" + legacy
        + "}\n{\"type\":\"STATE\",\"state\":" + untyped + "}\n");
    List<AirbyteMessage> m = result.messages();
    assertEquals(3, m.size());
    AirbyteMessage.State g = (AirbyteMessage.State) m.get(0);
    assertEquals("GLOBAL", g.type());
    assertNull(g.stream());
    assertEquals(json(global), g.json());
    assertEquals("LEGACY", ((AirbyteMessage.State) m.get(1)).type());
    assertEquals(json(legacy), ((AirbyteMessage.State) m.get(1)).json());
    AirbyteMessage.State u = (AirbyteMessage.State) m.get(2);
    assertEquals("LEGACY", u.type(), "a state without a type is LEGACY");
    assertNull(u.stream());
    assertEquals(json(untyped), u.json());
  }

  @Test
  void logs() throws IOException {
    Result result = read("{\"type\":\"LOG\",\"log\":{\"level\":\"WARN\",\"message\":\"careful\",\"stack_trace\":\"at x\"}}\n"
        + "{\"log\":{\"message\":\"no level, no type\"}}\n");
    assertEquals(List.of(new AirbyteMessage.Log("WARN", "careful", "at x"),
        new AirbyteMessage.Log("INFO", "no level, no type", null)), result.messages());
  }

  @Test
  void traceErrorKeepsAllItsParts() throws IOException {
    String trace = "{\"type\":\"ERROR\",\"emitted_at\":1.7E12,\"error\":{\"message\":\"Bad credentials\","
        + "\"internal_message\":\"401 Unauthorized\",\"stack_trace\":\"Traceback (most recent call last):\\n  File x\","
        + "\"failure_type\":\"config_error\",\"stream_descriptor\":{\"name\":\"users\"}}}";
    AirbyteMessage.Trace message = only(read("{\"trace\":" + trace + ",\"type\":\"TRACE\"}\n"), AirbyteMessage.Trace.class);
    assertEquals("ERROR", message.type());
    assertEquals(json(trace), message.json());
    assertEquals(new AirbyteMessage.TraceError("Bad credentials", "401 Unauthorized",
        "Traceback (most recent call last):\n  File x", "config_error"), message.error().orElseThrow());
  }

  @Test
  void traceErrorWithOnlyAMessage() throws IOException {
    AirbyteMessage.Trace message = only(
        read("{\"type\":\"TRACE\",\"trace\":{\"type\":\"ERROR\",\"error\":{\"message\":\"boom\",\"stack_trace\":null}}}"),
        AirbyteMessage.Trace.class);
    assertEquals(new AirbyteMessage.TraceError("boom", null, null, null), message.error().orElseThrow());
  }

  @Test
  void estimateAndStreamStatusTracesAreKeptAsJson() throws IOException {
    String estimate = "{\"type\":\"ESTIMATE\",\"emitted_at\":1,\"estimate\":{\"name\":\"users\",\"type\":\"STREAM\",\"row_estimate\":100}}";
    String status = "{\"type\":\"STREAM_STATUS\",\"emitted_at\":2,"
        + "\"stream_status\":{\"stream_descriptor\":{\"name\":\"users\"},\"status\":\"COMPLETE\"}}";
    Result result = read("{\"type\":\"TRACE\",\"trace\":" + estimate + "}\n{\"type\":\"TRACE\",\"trace\":" + status + "}\n");
    assertEquals(List.of(new AirbyteMessage.Trace("ESTIMATE", (com.fasterxml.jackson.databind.node.ObjectNode) json(estimate)),
        new AirbyteMessage.Trace("STREAM_STATUS", (com.fasterxml.jackson.databind.node.ObjectNode) json(status))), result.messages());
    result.messages().forEach(m -> assertTrue(((AirbyteMessage.Trace) m).error().isEmpty()));
  }

  @Test
  void controlCarriesTheNewConfig() throws IOException {
    Result result = read("{\"type\":\"CONTROL\",\"control\":{\"type\":\"CONNECTOR_CONFIG\",\"emitted_at\":1,"
        + "\"connectorConfig\":{\"config\":{\"access_token\":\"new\",\"credentials\":{\"refresh_token\":\"r2\"}}}}}\n"
        + "{\"type\":\"CONTROL\",\"control\":{\"type\":\"SOMETHING_ELSE\"}}\n");
    assertEquals(2, result.messages().size());
    AirbyteMessage.Control rotation = (AirbyteMessage.Control) result.messages().get(0);
    assertEquals(json("{\"access_token\":\"new\",\"credentials\":{\"refresh_token\":\"r2\"}}"), rotation.newConfig());
    AirbyteMessage.Control other = (AirbyteMessage.Control) result.messages().get(1);
    assertNull(other.newConfig());
    assertEquals(json("{\"type\":\"SOMETHING_ELSE\"}"), other.json());
  }

  @Test
  void spec() throws IOException {
    String spec = "{\"documentationUrl\":\"https://docs.example\",\"connectionSpecification\":{\"type\":\"object\","
        + "\"required\":[\"count\"],\"properties\":{\"count\":{\"type\":\"integer\"}}},\"supportsIncremental\":true}";
    AirbyteMessage.Spec message = only(read("{\"type\":\"SPEC\",\"spec\":" + spec + "}"), AirbyteMessage.Spec.class);
    assertEquals(json(spec), message.json());
  }

  @Test
  void catalogStreamsWithSyncModesCursorsAndKeys() throws IOException {
    String users = "{\"name\":\"users\",\"namespace\":\"public\",\"json_schema\":{\"type\":\"object\",\"properties\":"
        + "{\"id\":{\"type\":\"integer\"}}},\"supported_sync_modes\":[\"full_refresh\",\"incremental\"],"
        + "\"source_defined_cursor\":true,\"default_cursor_field\":[\"updated_at\"],\"source_defined_primary_key\":[[\"id\"]],"
        + "\"is_resumable\":true}";
    String events = "{\"name\":\"events\",\"json_schema\":{},\"supported_sync_modes\":[\"full_refresh\"],"
        + "\"source_defined_primary_key\":[[\"a\",\"b\"],[\"c\"]]}";
    AirbyteCatalog catalog = only(read("{\"catalog\":{\"streams\":[" + users + "," + events + "]},\"type\":\"CATALOG\"}\n"),
        AirbyteMessage.Catalog.class).catalog();
    assertEquals(List.of("public.users", "events"), catalog.names());
    AirbyteStream u = catalog.find("users", null).orElseThrow();
    assertEquals(json(users), u.json());
    assertEquals(new StreamDescriptor("users", "public"), u.descriptor());
    assertEquals(List.of("full_refresh", "incremental"), u.supportedSyncModes());
    assertTrue(u.sourceDefinedCursor());
    assertEquals(List.of("updated_at"), u.defaultCursorField());
    assertEquals(List.of(List.of("id")), u.sourceDefinedPrimaryKey());
    assertEquals(json("{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}}}"), u.jsonSchema());
    assertEquals(u, catalog.find("users", "public").orElseThrow());
    assertTrue(catalog.find("users", "other").isEmpty());
    AirbyteStream e = catalog.find("events", null).orElseThrow();
    assertEquals(new StreamDescriptor("events", null), e.descriptor());
    assertFalse(e.sourceDefinedCursor());
    assertEquals(List.of(), e.defaultCursorField());
    assertEquals(List.of(List.of("a", "b"), List.of("c")), e.sourceDefinedPrimaryKey());
  }

  @Test
  void connectionStatus() throws IOException {
    Result result = read("{\"type\":\"CONNECTION_STATUS\",\"connectionStatus\":{\"status\":\"FAILED\",\"message\":\"nope\"}}\n"
        + "{\"connectionStatus\":{\"status\":\"SUCCEEDED\"},\"type\":\"CONNECTION_STATUS\"}\n");
    assertEquals(List.of(new AirbyteMessage.ConnectionStatus("FAILED", "nope"),
        new AirbyteMessage.ConnectionStatus("SUCCEEDED", null)), result.messages());
    assertFalse(((AirbyteMessage.ConnectionStatus) result.messages().get(0)).succeeded());
    assertTrue(((AirbyteMessage.ConnectionStatus) result.messages().get(1)).succeeded());
  }

  @Test
  void unknownTypeIsOtherWithItsFields() throws IOException {
    AirbyteMessage.Other other = only(
        read("{\"destination_catalog\":{\"operations\":[{\"x\":1}]},\"extra\":\"e\",\"type\":\"DESTINATION_CATALOG\"}\n"),
        AirbyteMessage.Other.class);
    assertEquals("DESTINATION_CATALOG", other.type());
    assertEquals(json("{\"destination_catalog\":{\"operations\":[{\"x\":1}]},\"extra\":\"e\"}"), other.json());
  }

  @Test
  void typeLastAndUnknownKeysAnywhere() throws IOException {
    Result result = read("{\"x_top\":{\"a\":[1,{\"b\":[]}]},\"record\":{\"x_inner\":{\"deep\":[{\"k\":\"}\"}]},"
        + "\"stream\":\"s\",\"x_list\":[[1],[2]],\"emitted_at\":5,\"data\":{\"v\":1},\"x_num\":1.5},\"x_last\":null,\"type\":\"RECORD\"}\n"
        + "{\"x_first\":[1,2],\"log\":{\"level\":\"INFO\",\"message\":\"m\",\"x_log\":{}},\"type\":\"LOG\"}\n");
    assertEquals(List.of(new AirbyteMessage.Record("s", null, 5, json("{\"v\":1}"), null),
        new AirbyteMessage.Log("INFO", "m", null)), result.messages());
  }

  @Test
  void aFloatEmittedAtAfterABigNumberInDataBeforeTheStreamIsItsOwn() throws IOException {
    // Found by ProtocolFuzzTest on the Spark 4 build: Jackson 2.18's getDoubleValue() gave the big
    // number's double for the emitted_at after it (2^63: out of range, so the time of reading).
    for (String emittedAt : new String[] {"1.7E12", "1700000000000.9"}) {
      AirbyteMessage.Record record = only(read("{\"record\":{\"data\":{\"x\":9223372036854775808},"
          + "\"emitted_at\":" + emittedAt + ",\"stream\":\"s\"},\"type\":\"RECORD\"}\n"), AirbyteMessage.Record.class);
      assertEquals(1700000000000L, record.emittedAt(), emittedAt);
    }
    for (String noTime : new String[] {"NaN", "-Infinity", "1e19"}) {
      long before = System.currentTimeMillis();
      String line = "{\"record\":{\"data\":{},\"emitted_at\":" + noTime + ",\"stream\":\"s\"},\"type\":\"RECORD\"}\n";
      AirbyteMessage.Record record = only(readFrom(new ByteArrayInputStream(line.getBytes(UTF_8)), RecordDecoder.TREE),
          AirbyteMessage.Record.class);
      assertTrue(record.emittedAt() >= before, noTime + " is no time: the time of reading");
    }
  }

  @Test
  void dataBeforeStreamIsReplayedToTheDecoder() throws IOException {
    List<String> calls = new ArrayList<>();
    RecordDecoder decoder = (stream, namespace, data) -> {
      calls.add(stream + "/" + namespace + "/" + data.currentToken());
      return Json.MAPPER.readTree(data);
    };
    String data = "{\"n\":0.5,\"big\":123456789012345678901234567890,\"s\":\"x\\\"y\",\"a\":[{\"b\":null}]}";
    Result result = read(("{\"type\":\"RECORD\",\"record\":{\"data\":" + data
        + ",\"emitted_at\":9,\"namespace\":\"ns\",\"stream\":\"late\"}}\n").getBytes(UTF_8), decoder);
    AirbyteMessage.Record record = only(result, AirbyteMessage.Record.class);
    assertEquals(List.of("late", "ns", 9L), List.of(record.stream(), record.namespace(), record.emittedAt()));
    // Replayed numbers are exact (BigDecimal), so compare the JSON text rather than node classes.
    assertEquals(Json.MAPPER.writeValueAsString(json(data)), Json.MAPPER.writeValueAsString(record.data()));
    assertEquals(List.of("late/ns/START_OBJECT", "late/ns/START_OBJECT"), calls, "once per read (whole, chunked)");
  }

  @Test
  void interleavedStreamsKeepTheirOrder() throws IOException {
    StringBuilder text = new StringBuilder();
    List<AirbyteMessage> expected = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String stream = i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : "c";
      text.append("{\"type\":\"RECORD\",\"record\":{\"stream\":\"").append(stream).append("\",\"emitted_at\":").append(i)
          .append(",\"data\":{\"i\":").append(i).append("}}}\n");
      expected.add(new AirbyteMessage.Record(stream, null, i, json("{\"i\":" + i + "}"), null));
      if (i % 10 == 9) {
        String state = "{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"" + stream + "\"},\"stream_state\":{\"i\":" + i + "}}}";
        text.append("{\"type\":\"STATE\",\"state\":").append(state).append("}\n");
        expected.add(new AirbyteMessage.State((com.fasterxml.jackson.databind.node.ObjectNode) json(state)));
      }
    }
    assertEquals(expected, read(text.toString()).messages());
  }

  @Test
  void nonJsonLinesAreReportedNotFailed() throws IOException {
    Result result = read("Starting source...\n"
        + "\n"
        + "   \t \n"
        + "{not json\n"
        + "{\"type\":\"LOG\",\"log\":{\"level\":\"INFO\",\"message\":\"one\"}}\n"
        + "[1,2,3]\n"
        + "\tindented Grüße ✓\n"
        + "{\"hello\":\"world\"}\n"
        + "{\"type\":\"LOG\",\"log\":{\"level\":\"INFO\",\n"
        + "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":1\n"
        + "  {\"type\":\"LOG\",\"log\":{\"level\":\"INFO\",\"message\":\"two\"}}\n"
        + "\"just a string\"\n"
        + "42\n");
    assertEquals(List.of(new AirbyteMessage.Log("INFO", "one", null), new AirbyteMessage.Log("INFO", "two", null)),
        result.messages());
    // Blank lines carry nothing: skipped, neither messages nor log output.
    assertEquals(List.of("Starting source...", "{not json", "[1,2,3]", "\tindented Grüße ✓", "{\"hello\":\"world\"}",
        "{\"type\":\"LOG\",\"log\":{\"level\":\"INFO\",", "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":{\"a\":1",
        "\"just a string\"", "42"), result.nonJson());
    assertEquals(9, result.nonJsonCount());
  }

  /** {@code text} as UTF-8, but each U+DC80..U+DCFF as the raw byte 0x80..0xFF (invalid there). */
  private static byte[] withRawBytes(String text) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '\uDC80' && c <= '\uDCFF') {
        out.write(c - 0xDC00);
      } else {
        out.writeBytes(String.valueOf(c).getBytes(UTF_8));
      }
    }
    return out.toByteArray();
  }

  @Test
  void linesThatAreNotUtf8AreReadWithReplacementCharactersAndTheDecoderIsToldWhere() throws IOException {
    List<String> told = new ArrayList<>();
    RecordDecoder decoder = new RecordDecoder() {
      @Override
      public Object decode(String stream, String namespace, JsonParser data) throws IOException {
        return Json.MAPPER.readTree(data);
      }

      @Override
      public Object decodeInvalidUtf8(String stream, String namespace, JsonParser data, String field)
          throws IOException {
        told.add(String.valueOf(field));
        return decode(stream, namespace, data);
      }
    };
    String head = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"users\",\"emitted_at\":1,\"data\":";
    Result result = read(withRawBytes(
        head + "{\"id\":1,\"name\":\"a\uDCFFb\"}}}\n"
            + head + "{\"id\":2,\"o\":{\"tags\":[\"x\",\"\uDCC3(\"]}}}}\n"
            + head + "{\"id\":3},\"meta\":{\"note\":\"\uDCFF\"}}}\n"
            + head + "{\"id\":4,\"k\\\"\uDCFF\" :1}}}\n"
            + "{\"type\":\"LOG\",\"log\":{\"level\":\"INFO\",\"message\":\"caf\uDCE9\"}}\n"
            + "\uDCFF not json\n"
            + "{\"type\":\"RECORD\",\"record\":{\"stream\":\"users\",\"data\":{\"cut\":\"\uDCFF\n"),
        decoder);
    assertEquals(List.of(
            new AirbyteMessage.Record("users", null, 1, json("{\"id\":1,\"name\":\"a\uFFFDb\"}"), null),
            new AirbyteMessage.Record("users", null, 1, json("{\"id\":2,\"o\":{\"tags\":[\"x\",\"\uFFFD(\"]}}"), null),
            new AirbyteMessage.Record("users", null, 1, json("{\"id\":3}"), json("{\"note\":\"\uFFFD\"}")),
            new AirbyteMessage.Record("users", null, 1, json("{\"id\":4,\"k\\\"\uFFFD\":1}"), null),
            new AirbyteMessage.Log("INFO", "caf\uFFFD", null)),
        result.messages());
    // Once for the whole input, once for it in chunks; null: the bytes are in no field of data,
    // or in a key. The cut-off record never reaches the decoder: it is log output in every mode.
    assertEquals(List.of("name", "o.tags[1]", "null", "null", "name", "o.tags[1]", "null", "null"), told);
    assertEquals(List.of("\uFFFD not json", "{\"type\":\"RECORD\",\"record\":{\"stream\":\"users\",\"data\":{\"cut\":\"\uFFFD"),
        result.nonJson(), "lines that are no JSON even so stay log output");
  }

  @Test
  void stagingKeepsALineThatIsNotUtf8AsTheConnectorWroteIt() throws IOException {
    // A namespace that is not plain ASCII leaves the line to the parser, which meets the bytes.
    byte[] line = withRawBytes("{\"type\":\"RECORD\",\"record\":{\"stream\":\"users\",\"namespace\":\"n\uDCFF\","
        + "\"emitted_at\":1,\"data\":{\"name\":\"a\uDCFFb\"}}}");
    for (RecordDecoder lines : List.of(RecordDecoder.LINES, RecordDecoder.LINES_BY_PREFIX)) {
      try (AirbyteMessageReader reader = new AirbyteMessageReader(new ByteArrayInputStream(line), lines, l -> {})) {
        AirbyteMessage.RecordLine staged = assertInstanceOf(AirbyteMessage.RecordLine.class, reader.next());
        assertEquals("users", staged.stream());
        assertEquals("n\uFFFD", staged.namespace());
        assertEquals(java.util.HexFormat.of().formatHex(line), java.util.HexFormat.of().formatHex(
            java.util.Arrays.copyOfRange(staged.bytes(), staged.offset(), staged.offset() + staged.length())));
        assertNull(reader.next());
      }
    }
  }

  /** A line ends at its '\n': no scan runs on into the next line, in a string or between tokens. */
  @Test
  void noScanRunsOnIntoTheNextLine() throws IOException {
    String head = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"data\":";
    // After a first line: the lines after it are scanned while their ends are searched.
    String text = head + "{\"a\":0}}}\n"
        + head + "{\"a\":\"x\n\"}}}\n"
        + head + "{\"a\":1,\n\"b\":2}}}\n"
        + head + "{\"a\":1}\n}}\n"
        + head + "{\"a\":\"x\\\n\"}}}\n"
        + head + "{\"a\":1}}}\n";
    RecordDecoder bytes = new RecordDecoder() {
      @Override
      public Kind kind() {
        return Kind.BYTES;
      }

      @Override
      public Object decodeBytes(String stream, String namespace, JsonBytes data) {
        int start = data.pos;
        return data.skipValueStrictly(0) ? new String(data.bytes, start, data.pos - start, UTF_8) : FALLBACK;
      }

      @Override
      public Object decode(String stream, String namespace, JsonParser data) throws IOException {
        return Json.MAPPER.readTree(data).toString();
      }
    };
    for (RecordDecoder decoder : List.of(RecordDecoder.TREE, RecordDecoder.LINES, bytes)) {
      for (InputStream in : List.of(new ByteArrayInputStream(text.getBytes(UTF_8)), ChunkedInput.tiny(text.getBytes(UTF_8)))) {
        Result result = readFrom(in, decoder);
        assertEquals(2, result.messages().size(), () -> "only the first and last lines are records: " + result.messages());
        AirbyteMessage last = result.messages().get(1);
        String data = last instanceof AirbyteMessage.RecordLine line
            ? new String(line.bytes(), line.offset(), line.length(), UTF_8)
            : String.valueOf(((AirbyteMessage.Record) last).data());
        assertTrue(data.contains("{\"a\":1}"), data);
        assertEquals(8, result.nonJsonCount(), () -> "each broken half is log output: " + result.nonJson());
      }
    }
  }

  @Test
  void crlfLineEndings() throws IOException {
    Result result = read("plain\r\n{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":1,\"data\":{\"v\":\"x\"}}}\r\n"
        + "\r\n{\"type\":\"LOG\",\"log\":{\"level\":\"INFO\",\"message\":\"m\"}}\r\n");
    assertEquals(List.of(new AirbyteMessage.Record("s", null, 1, json("{\"v\":\"x\"}"), null),
        new AirbyteMessage.Log("INFO", "m", null)), result.messages());
    assertEquals(List.of("plain"), result.nonJson());
  }

  @Test
  void lastLineWithoutNewline() throws IOException {
    Result result = read("{\"type\":\"LOG\",\"log\":{\"message\":\"a\"}}\n{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\","
        + "\"emitted_at\":2,\"data\":{\"v\":2}}}");
    assertEquals(List.of(new AirbyteMessage.Log("INFO", "a", null),
        new AirbyteMessage.Record("s", null, 2, json("{\"v\":2}"), null)), result.messages());
    assertEquals(List.of("trailing text"), read("{\"log\":{\"message\":\"a\"}}\ntrailing text").nonJson());
    assertEquals(List.of("tail"), read("tail\r").nonJson());
    assertTrue(read("").messages().isEmpty());
  }

  @Test
  void aFiveMegabyteLine() throws IOException {
    String blob = "x".repeat(5 * 1024 * 1024 - 7) + "\\n\\u00e9\\\"";
    Result result = read("small\n{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":3,\"data\":{\"blob\":\""
        + blob + "\",\"n\":1}}}\n{\"type\":\"LOG\",\"log\":{\"message\":\"after\"}}\n");
    assertEquals(2, result.messages().size());
    JsonNode data = (JsonNode) ((AirbyteMessage.Record) result.messages().get(0)).data();
    String text = data.get("blob").asText();
    assertEquals(5 * 1024 * 1024 - 7 + 3, text.length());
    assertTrue(text.endsWith("x\né\""));
    assertEquals(1, data.get("n").asInt());
    assertEquals(new AirbyteMessage.Log("INFO", "after", null), result.messages().get(1));
    assertEquals(List.of("small"), result.nonJson());
  }

  @Test
  void recordsTheDecoderDoesNotWantComeBackWithoutData() throws IOException {
    RecordDecoder onlyA = (stream, namespace, data) -> {
      if (!stream.equals("a")) {
        data.skipChildren();
        return null;
      }
      return Json.MAPPER.readTree(data);
    };
    String text = "{\"type\":\"RECORD\",\"record\":{\"stream\":\"b\",\"emitted_at\":1,\"data\":{\"x\":{\"y\":[1,{\"z\":\"]}\"}]}},\"namespace\":\"n\"}}\n"
        + "{\"type\":\"RECORD\",\"record\":{\"data\":{\"skipped\":[[]]},\"stream\":\"b\",\"emitted_at\":2}}\n"
        + "{\"type\":\"RECORD\",\"record\":{\"stream\":\"a\",\"emitted_at\":3,\"data\":{\"kept\":true}}}\n";
    Result result = read(text.getBytes(UTF_8), onlyA);
    assertEquals(List.of(new AirbyteMessage.Record("b", "n", 1, null, null), new AirbyteMessage.Record("b", null, 2, null, null),
        new AirbyteMessage.Record("a", null, 3, json("{\"kept\":true}"), null)), result.messages());
    assertTrue(result.nonJson().isEmpty());
  }

  @Test
  void messagesWithoutTypeAreInferredAndRecordsWithoutStreamAreLogOutput() throws IOException {
    Result result = read("{\"record\":{\"stream\":\"s\",\"emitted_at\":4,\"data\":{}}}\n"
        + "{\"state\":{\"type\":\"GLOBAL\",\"global\":{}}}\n"
        + "{\"type\":\"RECORD\",\"record\":{\"emitted_at\":4,\"data\":{}}}\n"
        + "{\"type\":\"RECORD\",\"record\":null}\n");
    assertEquals(2, result.messages().size());
    assertEquals(new AirbyteMessage.Record("s", null, 4, json("{}"), null), result.messages().get(0));
    assertEquals("GLOBAL", ((AirbyteMessage.State) result.messages().get(1)).type());
    assertEquals(2, result.nonJsonCount());
  }

  @Test
  void closeClosesTheInput() throws IOException {
    ChunkedInput in = ChunkedInput.tiny(new byte[0]);
    new AirbyteMessageReader(in, RecordDecoder.TREE, line -> {}).close();
    assertTrue(in.closed);
  }
}
