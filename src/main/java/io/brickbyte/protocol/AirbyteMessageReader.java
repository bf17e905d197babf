package io.brickbyte.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads a connector's stdout: one JSON message per line, walked with Jackson's streaming parser.
 * Lines that are not JSON objects are the connector's own log output and go to {@code
 * nonJsonLines}, as the Airbyte platform treats them. Field order is free (real connectors put
 * {@code type} last) and unknown fields are kept or skipped, never rejected.
 */
public final class AirbyteMessageReader implements Closeable {

  private static final int INITIAL_BUFFER_SIZE = 1 << 16;

  private final InputStream in;
  private final RecordDecoder decoder;
  /** Whether RECORDs are handed out as their lines ({@link RecordDecoder.Kind#keepsLines}). */
  private final boolean lines;
  private final Consumer<String> nonJsonLines;
  private final RecordEnvelope envelope;
  private byte[] buffer = new byte[INITIAL_BUFFER_SIZE];
  private int lineStart;
  private int filled;
  private boolean endOfInput;
  private long bytesRead;
  private long nonJsonLineCount;

  public AirbyteMessageReader(InputStream in, RecordDecoder decoder, Consumer<String> nonJsonLines) {
    this.in = in;
    this.decoder = decoder;
    this.nonJsonLines = nonJsonLines;
    RecordDecoder.Kind kind = decoder.kind();
    this.lines = kind.keepsLines();
    this.envelope = switch (kind) {
      case PARSED -> null;
      case BYTES -> new RecordEnvelope(decoder);
      case LINES -> new RecordEnvelope(null, false);
      case LINES_BY_PREFIX -> new RecordEnvelope(null, true);
    };
  }

  /** The next message, or null at the end of the output. */
  public AirbyteMessage next() throws IOException {
    while (true) {
      boolean scanned = false;
      if (envelope != null) {
        // The usual line, a plain record, is scanned while its end is found: one pass, not two.
        int first = skipWhitespace(lineStart, filled);
        if (first < filled && buffer[first] == '{') {
          int newline = envelope.scanLine(buffer, first, filled);
          if (newline >= 0) {
            int end = newline > first && buffer[newline - 1] == '\r' ? newline - 1 : newline;
            lineStart = newline + 1;
            AirbyteMessage message = fromEnvelope(first, end);
            if (message == null) {
              message = parse(first, first, end);
            }
            if (message != null) {
              return message;
            }
            continue;
          }
          scanned = true;
        }
      }
      long readBefore = bytesRead;
      int lineEnd = nextLineEnd();
      if (lineEnd < 0) {
        return null;
      }
      int start = lineStart;
      int end = lineEnd > start && buffer[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
      lineStart = Math.min(lineEnd + 1, filled);
      // A line scanned whole above is not scanned again; one cut off by the buffer's end is.
      AirbyteMessage message = parseLine(start, end, scanned && bytesRead == readBefore);
      if (message != null) {
        return message;
      }
    }
  }

  /** Bytes consumed from the connector's stdout so far. */
  public long bytesRead() {
    return bytesRead;
  }

  /** Lines that were not JSON messages (logged, not failed). */
  public long nonJsonLineCount() {
    return nonJsonLineCount;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private AirbyteMessage parseLine(int start, int end, boolean scanned) throws IOException {
    int first = skipWhitespace(start, end);
    if (first == end) {
      return null;
    }
    if (buffer[first] == '{' && !scanned && envelope != null && envelope.scan(buffer, first, end)) {
      AirbyteMessage message = fromEnvelope(first, end);
      if (message != null) {
        return message;
      }
    }
    return parse(start, first, end);
  }

  /** The record the envelope scan just settled, or null if the parser must read the line. */
  private AirbyteMessage fromEnvelope(int first, int end) {
    if (lines) {
      return new AirbyteMessage.RecordLine(envelope.stream(), envelope.namespace(), buffer, first, end - first);
    }
    // The record fast path: data the scan decoded from the bytes, else the parser.
    if (envelope.plain() && envelope.data() != RecordDecoder.FALLBACK) {
      return new AirbyteMessage.Record(
          envelope.stream(), envelope.namespace(), envelope.emittedAt(), envelope.data(), null);
    }
    return null;
  }

  /** The line parsed with Jackson, or null for a line that is log output (passed on). */
  private AirbyteMessage parse(int start, int first, int end) throws IOException {
    if (buffer[first] == '{') {
      try (JsonParser parser = Json.FACTORY.createParser(buffer, first, end - first)) {
        AirbyteMessage message = asLine(parseMessage(parser, null), first, end);
        if (message != null) {
          return message;
        }
      } catch (NumberFormatException pastBigDecimal) {
        // A number past BigDecimal (1e2147483648) is malformed to the parser, but this where data
        // before its stream is replayed from a TokenBuffer: log output in both orders.
      } catch (JsonProcessingException notJson) {
        int invalidAt = InvalidUtf8.firstInvalid(buffer, first, end);
        AirbyteMessage message = invalidAt < 0 ? null
            : parseReplaced(first, end, InvalidUtf8.at(notJson, buffer, invalidAt, end));
        if (message != null) {
          return message;
        }
        // A line that merely starts like JSON is still log output.
      }
    }
    nonJsonLineCount++;
    nonJsonLines.accept(new String(buffer, start, end - start, StandardCharsets.UTF_8));
    return null;
  }

  /**
   * A line that is not UTF-8, parsed again with its invalid bytes replaced by U+FFFD, so that a
   * record is not taken for log output: its decoder is told ({@link
   * RecordDecoder#decodeInvalidUtf8}) and applies its mode. Null if it is no message even so.
   */
  private AirbyteMessage parseReplaced(int first, int end, InvalidUtf8 invalid) throws IOException {
    byte[] replaced = InvalidUtf8.replaced(buffer, first, end);
    try {
      // Checked whole before its decoder hears of it: a cut-off line stays log output in every
      // mode, as it does when it is UTF-8.
      Json.MAPPER.readTree(replaced);
    } catch (JsonProcessingException notJson) {
      return null;
    }
    try (JsonParser parser = Json.FACTORY.createParser(replaced)) {
      // A RecordLine keeps the bytes as the connector wrote them: whoever converts it finds them out.
      return asLine(parseMessage(parser, invalid), first, end);
    } catch (JsonProcessingException | NumberFormatException notJson) {
      return null;
    }
  }

  /** In lines mode, a record as its line {@code buffer[first, end)}; other messages as they are. */
  private AirbyteMessage asLine(AirbyteMessage message, int first, int end) {
    if (lines && message instanceof AirbyteMessage.Record record && record.data() != null) {
      return new AirbyteMessage.RecordLine(record.stream(), record.namespace(), buffer, first, end - first);
    }
    return message;
  }

  private int skipWhitespace(int from, int to) {
    int first = from;
    while (first < to && JsonBytes.isWhitespace(buffer[first])) {
      first++;
    }
    return first;
  }

  /** @param invalid where the line was not UTF-8 before its bytes were replaced, or null */
  private AirbyteMessage parseMessage(JsonParser parser, InvalidUtf8 invalid) throws IOException {
    parser.nextToken();
    String type = null;
    RecordFields record = null;
    ObjectNode other = null; // the fields of non-record messages; records never need it
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken token = parser.nextToken();
      if (field.equals("type")) {
        type = parser.getValueAsString();
      } else if (field.equals("record") && token == JsonToken.START_OBJECT) {
        record = readRecord(parser, invalid);
      } else {
        if (other == null) {
          other = Json.MAPPER.createObjectNode();
        }
        other.set(field, Json.MAPPER.readTree(parser));
      }
    }
    if (type == null && record != null || "RECORD".equals(type)) {
      return record == null ? null : record.toMessage();
    }
    if (other == null) {
      other = Json.MAPPER.createObjectNode();
    }
    if (type == null) {
      type = inferType(other);
    }
    if (type == null) {
      return null;
    }
    return switch (type) {
      case "STATE" -> new AirbyteMessage.State(object(other.get("state")));
      case "LOG" -> log(other.path("log"));
      case "TRACE" -> trace(object(other.get("trace")));
      case "CONTROL" -> new AirbyteMessage.Control(object(other.get("control")));
      case "SPEC" -> new AirbyteMessage.Spec(object(other.get("spec")));
      case "CATALOG" -> new AirbyteMessage.Catalog(AirbyteCatalog.of(other.path("catalog")));
      case "CONNECTION_STATUS" -> connectionStatus(other.path("connectionStatus"));
      default -> new AirbyteMessage.Other(type, other);
    };
  }

  private RecordFields readRecord(JsonParser parser, InvalidUtf8 invalid) throws IOException {
    RecordFields record = new RecordFields();
    TokenBuffer earlyData = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken token = parser.nextToken();
      switch (field) {
        case "stream" -> record.stream = parser.getValueAsString();
        case "namespace" -> record.namespace = parser.getValueAsString();
        case "emitted_at" -> record.emittedAt = emittedAt(parser);
        case "meta" -> record.meta = Json.MAPPER.readTree(parser);
        case "data" -> {
          if (record.stream != null) {
            record.data = decode(record, parser, invalid);
          } else {
            // The stream is not known yet: keep the tokens and decode once it is.
            earlyData = new TokenBuffer(parser);
            earlyData.copyCurrentStructure(parser);
          }
        }
        default -> {
          if (token.isStructStart()) {
            parser.skipChildren();
          }
        }
      }
    }
    if (earlyData != null && record.stream != null) {
      try (JsonParser replay = earlyData.asParser(parser.getCodec())) {
        replay.nextToken();
        record.data = decode(record, replay, invalid);
      }
    }
    return record.stream == null ? null : record;
  }

  private Object decode(RecordFields record, JsonParser data, InvalidUtf8 invalid) throws IOException {
    return invalid == null
        ? decoder.decode(record.stream, record.namespace, data)
        : decoder.decodeInvalidUtf8(record.stream, record.namespace, data, invalid.field());
  }

  /** emitted_at in ms; a number past a long (a connector's garbage) is as good as none, not a log line. */
  private static long emittedAt(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_FLOAT) {
      return emittedAtOfFloat(parser.getText());
    }
    if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      return RecordFields.MISSING;
    }
    return parser.getValueAsLong(RecordFields.MISSING);
  }

  /**
   * From the token's text, not getDoubleValue(): Jackson 2.18 (Spark 4's) can return the double
   * of an earlier big number of the same line there. NaN, Infinity and INF are no time.
   */
  private static long emittedAtOfFloat(String text) {
    if (Character.isLetter(text.charAt(text.length() - 1))) {
      return RecordFields.MISSING;
    }
    double value = Double.parseDouble(text);
    return Math.abs(value) < 0x1p63 ? (long) value : RecordFields.MISSING;
  }

  private static String inferType(ObjectNode fields) {
    for (String type : new String[] {"state", "log", "trace", "control", "spec", "catalog"}) {
      if (fields.has(type)) {
        return type.toUpperCase();
      }
    }
    return fields.has("connectionStatus") ? "CONNECTION_STATUS" : null;
  }

  private static ObjectNode object(JsonNode node) {
    return node instanceof ObjectNode object ? object : Json.MAPPER.createObjectNode();
  }

  private static AirbyteMessage log(JsonNode log) {
    return new AirbyteMessage.Log(
        log.path("level").asText("INFO"),
        log.path("message").asText(""),
        log.hasNonNull("stack_trace") ? log.get("stack_trace").asText() : null);
  }

  private static AirbyteMessage trace(ObjectNode trace) {
    return new AirbyteMessage.Trace(trace.path("type").asText(""), trace);
  }

  private static AirbyteMessage connectionStatus(JsonNode status) {
    return new AirbyteMessage.ConnectionStatus(
        status.path("status").asText(""),
        status.hasNonNull("message") ? status.get("message").asText() : null);
  }

  /** The end index of the next complete line in {@link #buffer}, or -1 at the end of input. */
  private int nextLineEnd() throws IOException {
    int scanFrom = lineStart;
    while (true) {
      int newline = Newlines.indexOf(buffer, scanFrom, filled);
      if (newline >= 0) {
        return newline;
      }
      if (endOfInput) {
        return lineStart < filled ? filled : -1;
      }
      scanFrom = filled - lineStart;
      makeRoom();
      int read = in.read(buffer, filled, buffer.length - filled);
      if (read < 0) {
        endOfInput = true;
      } else {
        filled += read;
        bytesRead += read;
      }
    }
  }

  /** Moves the unfinished line to the front, growing the buffer when the line fills it. */
  private void makeRoom() {
    int pending = filled - lineStart;
    if (lineStart > 0) {
      System.arraycopy(buffer, lineStart, buffer, 0, pending);
    } else if (pending == buffer.length) {
      byte[] bigger = new byte[Math.multiplyExact(buffer.length, 2)];
      System.arraycopy(buffer, 0, bigger, 0, pending);
      buffer = bigger;
    }
    lineStart = 0;
    filled = pending;
  }

  private static final class RecordFields {
    static final long MISSING = Long.MIN_VALUE;
    String stream;
    String namespace;
    long emittedAt = MISSING;
    JsonNode meta;
    Object data;

    AirbyteMessage toMessage() {
      // emitted_at is required; a connector that omits it gets the time we read the record.
      long at = emittedAt == MISSING ? System.currentTimeMillis() : emittedAt;
      return new AirbyteMessage.Record(stream, namespace, at, data, meta);
    }
  }
}
