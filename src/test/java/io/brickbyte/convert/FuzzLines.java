package io.brickbyte.convert;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Lines for {@link ProtocolFuzzTest}: valid messages of every kind, written as connectors write
 * them (type first or last, extra fields, any whitespace), and the same lines broken byte by byte.
 * All of it from one {@link SplittableRandom}, so a seed replays a run exactly.
 */
final class FuzzLines {

  /** Every column type the converters take (the schema mapper's and INT, FLOAT, MAP besides). */
  static final String DDL = "s STRING, n BIGINT, i INT, d DOUBLE, f FLOAT, m DECIMAL(38,10), "
      + "z DECIMAL(38,0), b BOOLEAN, bin BINARY, day DATE, ts TIMESTAMP, ntz TIMESTAMP_NTZ, "
      + "st STRUCT<a: STRING, b: BIGINT, c: ARRAY<STRING>, d: STRUCT<e: DOUBLE>>, arr ARRAY<BIGINT>, "
      + "arrs ARRAY<STRUCT<x: DOUBLE, y: TIMESTAMP>>, mp MAP<STRING, BIGINT>, "
      + "grid ARRAY<ARRAY<DECIMAL(38,10)>>";

  private static final String[] NUMBERS = {"0", "-0", "1", "-1", "42", "2147483647", "-2147483648",
      "2147483648", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
      "123456789012345678901234567890", "0.5", "-0.25", "3.141592653589793", "1e3", "1E-7", "2.5e+10",
      "1.7976931348623157e308", "1e309", "4.9e-324", "0.30000000000000004", "12345678901.0123456789",
      "1" + "0".repeat(60), "0." + "0".repeat(40) + "1", "123456789.123456789012", "1e999999999",
      "-2.5E-999999999"};
  private static final String[] STRINGS = {"", "plain", "caf\u00e9", "\u4e2d\u6587", "\ud83d\ude00 emoji",
      "quote \" back \\ slash / tab \t nl \n cr \r ff \f bs \b", "\u0000nul", "\u001fctl", "\u2028\u2029",
      "\ufeffbom", "a".repeat(300), "2024-01-17", "2024-01-17T06:55:06.697556+00:00",
      "2024-01-17 06:55:06", "aGVsbG8=", "null", "true", "12", "\uffff", "\u00ff\u0100"};
  private static final String[] TIMESTAMPS = {"2024-01-17T06:55:06.697556+00:00", "2024-01-17T06:55:06Z",
      "2024-01-17 06:55:06.1+05:30", "2024-01-17T06:55:06", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z",
      "2024-02-29T00:00:00-08:00", "2024-13-01T00:00:00Z", "2024-01-17", "1700000000", "2024-01-17T06:55:60Z"};
  private static final String[] DATES = {"2024-01-17", "1970-01-01", "0001-01-01", "9999-12-31", "2024-02-29",
      "2023-02-29", "2024-01-17T10:00:00Z", "17/01/2024", "20240117"};

  private final SplittableRandom random;

  FuzzLines(SplittableRandom random) {
    this.random = random;
  }

  /** A valid message of a random kind; records most of the time, as in a real sync. */
  String message() {
    int kind = random.nextInt(20);
    return switch (kind) {
      case 0 -> envelope("STATE", "state", pick(
          "{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"s\"},\"stream_state\":" + any(3) + "}}",
          "{\"type\":\"GLOBAL\",\"global\":{\"shared_state\":" + any(3) + ",\"stream_states\":[]}}",
          "{\"data\":" + any(3) + "}"));
      case 1 -> envelope("LOG", "log", "{\"level\":" + pick("\"INFO\"", "\"WARN\"", "\"ERROR\"")
          + ",\"message\":" + string() + (random.nextBoolean() ? ",\"stack_trace\":" + string() : "") + "}");
      case 2 -> envelope("TRACE", "trace", pick(
          "{\"type\":\"ERROR\",\"emitted_at\":1.7e12,\"error\":{\"message\":" + string()
              + ",\"internal_message\":" + string() + ",\"failure_type\":\"system_error\"}}",
          "{\"type\":\"STREAM_STATUS\",\"stream_status\":{\"stream_descriptor\":{\"name\":\"s\"},\"status\":\"RUNNING\"}}",
          "{\"type\":\"ESTIMATE\",\"estimate\":{\"name\":\"s\",\"type\":\"STREAM\",\"row_estimate\":" + number() + "}}"));
      case 3 -> envelope("CONTROL", "control",
          "{\"type\":\"CONNECTOR_CONFIG\",\"connectorConfig\":{\"config\":" + any(3) + "}}");
      case 4 -> envelope("SPEC", "spec", "{\"connectionSpecification\":" + any(3) + "}");
      case 5 -> envelope("CATALOG", "catalog", "{\"streams\":[{\"name\":\"s\",\"json_schema\":" + any(2)
          + ",\"supported_sync_modes\":[\"full_refresh\"]}" + (random.nextBoolean() ? ",7" : "") + "]}");
      case 6 -> envelope("CONNECTION_STATUS", "connectionStatus",
          "{\"status\":" + pick("\"SUCCEEDED\"", "\"FAILED\"") + ",\"message\":" + string() + "}");
      case 7 -> envelope(pick("DESTINATION_CATALOG", "NEW_KIND", "record"), "payload", any(3));
      default -> record();
    };
  }

  private String envelope(String type, String field, String body) {
    List<String> fields = new ArrayList<>();
    if (random.nextInt(8) != 0) { // without a type, the reader tells the kind from the field
      fields.add(key("type") + quote(type));
    }
    fields.add(key(field) + body);
    if (random.nextInt(4) == 0) {
      fields.add(key("x_extra") + any(2));
    }
    return object(fields);
  }

  private String record() {
    List<String> record = new ArrayList<>();
    record.add(key("stream") + quote(random.nextInt(10) == 0 ? "other" : "s"));
    record.add(key("data") + (random.nextInt(40) == 0 ? any(2) : data()));
    if (random.nextInt(12) != 0) {
      record.add(key("emitted_at") + pick("1700000000123", "0", "-1", "1.7E12", "1700000000123.5", "9223372036854776",
          Long.toString(random.nextLong(0, 4_000_000_000_000L))));
    }
    if (random.nextInt(8) == 0) {
      record.add(key("namespace") + pick("null", "\"ns\"", "\"\""));
    }
    if (random.nextInt(10) == 0) {
      record.add(key("meta") + "{\"changes\":[{\"field\":\"n\",\"change\":\"NULLED\",\"reason\":\"SOURCE_RETRIEVAL_ERROR\"}]}");
    }
    if (random.nextInt(10) == 0) {
      record.add(key("x_unknown") + any(2));
    }
    List<String> message = new ArrayList<>();
    if (random.nextInt(8) != 0) {
      message.add(key("type") + "\"RECORD\"");
    }
    message.add(key("record") + object(record));
    if (random.nextInt(12) == 0) {
      message.add(key("x_extra") + any(2));
    }
    return object(message);
  }

  /** A record's data: its columns, mostly with values that fit, and unknown properties. */
  private String data() {
    List<String> fields = new ArrayList<>();
    for (String column : new String[] {"s", "n", "i", "d", "f", "m", "z", "b", "bin", "day", "ts", "ntz",
        "st", "arr", "arrs", "mp", "grid"}) {
      if (random.nextInt(6) != 0) {
        fields.add(key(column) + (random.nextInt(12) == 0 ? any(3) : value(column)));
      }
    }
    if (random.nextInt(5) == 0) {
      fields.add(key(pick("extra", "caf\u00e9", "\u00e9\ud83d\ude00", "with \\\"quote\\\"", "")) + any(4));
    }
    if (random.nextInt(30) == 0) {
      fields.add(key("deep") + "[".repeat(200) + "]".repeat(200)); // deeper than the strict skip goes
    }
    return object(fields);
  }

  private String value(String column) {
    return switch (column) {
      case "s" -> string();
      case "n" -> pick(Long.toString(random.nextLong()), "-9223372036854775808", "9223372036854775807", "0");
      case "i" -> Integer.toString(random.nextInt());
      case "d", "f", "m", "z" -> number();
      case "b" -> pick("true", "false");
      case "bin" -> pick("\"aGVsbG8=\"", "\"\"", "\"not base64!\"");
      case "day" -> quote(pick(DATES));
      case "ts", "ntz" -> quote(pick(TIMESTAMPS));
      case "st" -> "{" + key("a") + string() + "," + key("b") + value("n") + "," + key("c") + "[" + string()
          + ",null]," + key("d") + "{" + key("e") + number() + "}}";
      case "arr" -> "[" + value("n") + ",null," + value("n") + "]";
      case "arrs" -> "[{" + key("x") + number() + "," + key("y") + quote(pick(TIMESTAMPS)) + "},null,{}]";
      case "mp" -> "{" + key("k") + value("n") + "," + key("j") + pick("1", "null", "\"x\"") + "}";
      default -> "[[" + number() + "],[],null]";
    };
  }

  /** Any JSON value, nested up to {@code depth}. */
  String any(int depth) {
    int kind = random.nextInt(depth > 0 ? 8 : 5);
    return switch (kind) {
      case 0 -> pick("null", "true", "false");
      case 1, 2 -> number();
      case 3, 4 -> string();
      case 5, 6 -> {
        List<String> fields = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          fields.add(key(pick(STRINGS)) + any(depth - 1));
        }
        yield object(fields);
      }
      default -> {
        List<String> items = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          items.add(any(depth - 1));
        }
        yield "[" + String.join(sep(","), items) + "]";
      }
    };
  }

  private String number() {
    return pick(NUMBERS);
  }

  private String string() {
    return quote(pick(STRINGS));
  }

  /** {@code text} as a JSON string; escapes chosen at random where JSON allows a choice. */
  private String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (Character.isLowSurrogate(c)) {
        out.append(c); // its high surrogate went raw: a pair is escaped whole or not at all
      } else if (c < 0x20 || random.nextInt(40) == 0) {
        out.append(String.format("\\u%04x", (int) c));
        if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
          out.append(String.format("\\u%04x", (int) text.charAt(++i))); // a pair is escaped whole
        }
      } else if (c == '/' && random.nextBoolean()) {
        out.append("\\/");
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private String key(String name) {
    return quote(name) + sep(":");
  }

  private String object(List<String> fields) {
    if (fields.size() > 1 && random.nextInt(3) == 0) {
      fields.add(fields.remove(random.nextInt(fields.size()))); // any field may come last
    }
    return "{" + sep("") + String.join(sep(","), fields) + sep("") + "}";
  }

  private String sep(String separator) {
    int kind = random.nextInt(10);
    return kind == 0 ? separator + " " : kind == 1 ? " " + separator + "\t" : separator;
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  /** {@code line} broken in one of the ways a connector, a pipe or a disk breaks lines. */
  byte[] mutate(byte[] line) {
    int at = line.length == 0 ? 0 : random.nextInt(line.length + 1);
    return switch (random.nextInt(14)) {
      case 0 -> { // a flipped bit
        byte[] out = line.clone();
        if (out.length > 0) {
          out[Math.min(at, out.length - 1)] ^= (byte) (1 << random.nextInt(8));
        }
        yield out;
      }
      case 1 -> splice(line, at, 0, new byte[] {(byte) random.nextInt(256)});
      case 2 -> splice(line, at, Math.min(line.length - at, 1 + random.nextInt(8)), new byte[0]);
      case 3 -> java.util.Arrays.copyOf(line, at); // cut off
      case 4 -> splice(line, at, 0, bytes(pick("{", "}", "[", "]", "\"", ":", ",", "\\", "\"\"", "}}")));
      case 5 -> splice(line, at, 0, pick(new byte[][] {{(byte) 0x80}, {(byte) 0xC0, (byte) 0x80},
          {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF5}, {(byte) 0xE4, (byte) 0xB8},
          {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}}));
      case 6 -> splice(line, at, 0, new byte[] {0});
      case 7 -> splice(line, at, 0, bytes(pick("\r", "\r\n", "\n", "\t", " ")));
      case 8 -> duplicateKey(line);
      case 9 -> splice(line, at, 0, bytes(pick("\"s\":1,", "\"data\":{},", "\"stream\":\"s\",",
          "\"type\":\"RECORD\",", "\"record\":{},", "\"n\":", ",,", "null", "NaN", "-Infinity", "1e99999")));
      case 10 -> splice(line, at, 0, bytes("[".repeat(2000 + random.nextInt(3000))));
      case 11 -> { // a part of the line repeated
        int from = line.length == 0 ? 0 : random.nextInt(line.length);
        int length = Math.min(line.length - from, random.nextInt(64));
        yield splice(line, at, 0, java.util.Arrays.copyOfRange(line, from, from + length));
      }
      case 12 -> bytes(new String(line, UTF_8).replace("\"", "'")); // not JSON at all
      default -> { // two bytes swapped
        byte[] out = line.clone();
        if (out.length > 1) {
          int other = random.nextInt(out.length);
          int here = Math.min(at, out.length - 1);
          byte b = out[here];
          out[here] = out[other];
          out[other] = b;
        }
        yield out;
      }
    };
  }

  private byte[] duplicateKey(byte[] line) {
    String text = new String(line, UTF_8);
    String key = pick("\"stream\":", "\"data\":", "\"type\":", "\"record\":", "\"s\":", "\"emitted_at\":");
    int at = text.indexOf(key);
    if (at < 0) {
      return line;
    }
    String value = pick("\"s\"", "\"other\"", "{\"s\":\"x\"}", "1", "null", "\"RECORD\"", "[]");
    return bytes(text.substring(0, at) + key + value + "," + text.substring(at));
  }

  /** A record line of about {@code size} bytes, most of it one string. */
  static String hugeRecord(int size, char fill) {
    return "{\"type\":\"RECORD\",\"record\":{\"stream\":\"s\",\"emitted_at\":1,\"data\":{\"s\":\""
        + String.valueOf(fill).repeat(size) + "\",\"n\":1}}}";
  }

  /** The lines joined as a connector's stdout: LF or CRLF, blank lines, maybe no final newline. */
  byte[] join(List<byte[]> lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] line : lines) {
      out.writeBytes(line);
      out.writeBytes(bytes(random.nextInt(10) == 0 ? "\r\n" : random.nextInt(50) == 0 ? "\n  \n" : "\n"));
    }
    byte[] all = out.toByteArray();
    if (random.nextBoolean()) {
      int end = all.length;
      while (end > 0 && (all[end - 1] == '\n' || all[end - 1] == '\r' || all[end - 1] == ' ')) {
        end--;
      }
      all = java.util.Arrays.copyOf(all, end);
    }
    return all;
  }

  private byte[] pick(byte[][] options) {
    return options[random.nextInt(options.length)];
  }

  private static byte[] splice(byte[] line, int at, int removed, byte[] inserted) {
    byte[] out = new byte[line.length - removed + inserted.length];
    System.arraycopy(line, 0, out, 0, at);
    System.arraycopy(inserted, 0, out, at, inserted.length);
    System.arraycopy(line, at + removed, out, at + inserted.length, line.length - at - removed);
    return out;
  }

  static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
