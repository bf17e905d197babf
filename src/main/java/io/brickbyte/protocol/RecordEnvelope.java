package io.brickbyte.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Tells a RECORD line and its stream from the line's bytes alone, skipping over {@code data}
 * without parsing it: staging copies records verbatim and must not pay for a JSON parser. The scan
 * is conclusive only for plain lines (a JSON object whose {@code type} is RECORD or absent, a
 * {@code record} object with an unescaped {@code stream}, an unescaped or null {@code namespace},
 * and {@code data}); for any other line it answers false and the caller parses the line. It does
 * not validate what it skips: a line that is not JSON after all is found out by whoever parses it.
 * Not thread-safe: one per reader.
 */
final class RecordEnvelope {

  private static final byte[] TYPE = ascii("type");
  private static final byte[] RECORD = ascii("record");
  private static final byte[] RECORD_TYPE = ascii("RECORD");
  private static final byte[] STREAM = ascii("stream");
  private static final byte[] NAMESPACE = ascii("namespace");
  private static final byte[] DATA = ascii("data");
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

  private final Name stream = new Name();
  private final Name namespace = new Name();
  private byte[] bytes;
  private int pos;
  private int end;
  private boolean hasData;

  /** Whether {@code line[from, to)} is a RECORD with a stream and data; then see {@link #stream()}. */
  boolean scan(byte[] line, int from, int to) {
    bytes = line;
    pos = from;
    end = to;
    stream.clear();
    namespace.clear();
    hasData = false;
    boolean typeSeen = false;
    boolean recordSeen = false;
    if (!expect('{')) {
      return false;
    }
    do {
      int keyStart = plainString();
      int keyEnd = pos - 1;
      if (keyStart < 0 || !expect(':')) {
        return false;
      }
      skipWhitespace();
      if (is(keyStart, keyEnd, TYPE)) {
        int valueStart = plainString();
        if (typeSeen || valueStart < 0 || !is(valueStart, pos - 1, RECORD_TYPE)) {
          return false;
        }
        typeSeen = true;
      } else if (is(keyStart, keyEnd, RECORD)) {
        if (recordSeen || !record()) {
          return false;
        }
        recordSeen = true;
      } else if (!skipValue()) {
        return false;
      }
    } while (expect(','));
    if (!expect('}')) {
      return false;
    }
    skipWhitespace();
    return pos == end && recordSeen && stream.isSet() && hasData;
  }

  /** The stream of the line last scanned; the same String as long as the name stays the same. */
  String stream() {
    return stream.text();
  }

  /** The namespace of the line last scanned, or null. */
  String namespace() {
    return namespace.isSet() ? namespace.text() : null;
  }

  /** The {@code record} object's fields, at its '{'. */
  private boolean record() {
    if (!expect('{')) {
      return false;
    }
    if (expect('}')) {
      return true;
    }
    do {
      int keyStart = plainString();
      int keyEnd = pos - 1;
      if (keyStart < 0 || !expect(':')) {
        return false;
      }
      skipWhitespace();
      if (is(keyStart, keyEnd, STREAM)) {
        if (!name(stream)) {
          return false;
        }
      } else if (is(keyStart, keyEnd, NAMESPACE)) {
        if (!literal("null") && !name(namespace)) {
          return false;
        }
      } else if (is(keyStart, keyEnd, DATA)) {
        hasData = true;
        if (!skipValue()) {
          return false;
        }
      } else if (!skipValue()) {
        return false;
      }
    } while (expect(','));
    return expect('}');
  }

  private boolean name(Name target) {
    int start = plainString();
    if (start < 0 || target.isSet()) {
      return false;
    }
    target.set(bytes, start, pos - 1);
    return true;
  }

  /**
   * Skips whitespace and a string without escapes; returns the index after its opening quote
   * (its end is {@code pos - 1}), or -1.
   */
  private int plainString() {
    skipWhitespace();
    if (pos >= end || bytes[pos] != '"') {
      return -1;
    }
    int start = ++pos;
    while (pos < end) {
      byte b = bytes[pos++];
      if (b == '"') {
        return start;
      }
      if (b == '\\') {
        return -1;
      }
    }
    return -1;
  }

  private boolean skipValue() {
    if (pos >= end) {
      return false;
    }
    byte first = bytes[pos];
    if (first == '"') {
      pos++;
      return skipStringRest();
    }
    if (first == '{' || first == '[') {
      return skipNested();
    }
    int start = pos;
    while (pos < end && !endsScalar(bytes[pos])) {
      pos++;
    }
    return pos > start;
  }

  /** Skips an object or array: brackets are counted outside strings, not matched. */
  private boolean skipNested() {
    int depth = 0;
    while (pos < end) {
      byte b = bytes[pos++];
      if (b == '"') {
        if (!skipStringRest()) {
          return false;
        }
      } else if (b == '{' || b == '[') {
        depth++;
      } else if ((b == '}' || b == ']') && --depth == 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Skips to just after the closing quote of a string whose opening quote was consumed; most of a
   * record's bytes are in strings, so they are searched eight at a time for a quote or backslash.
   */
  private boolean skipStringRest() {
    while (pos + Long.BYTES <= end) {
      long word = (long) LONGS.get(bytes, pos);
      long found = Newlines.zeroBytes(word ^ QUOTES) | Newlines.zeroBytes(word ^ BACKSLASHES);
      if (found == 0) {
        pos += Long.BYTES;
      } else {
        pos += Long.numberOfTrailingZeros(found) >>> 3;
        if (bytes[pos++] == '"') {
          return true;
        }
        pos++; // the escaped character
      }
    }
    while (pos < end) {
      byte b = bytes[pos++];
      if (b == '"') {
        return true;
      }
      if (b == '\\') {
        pos++;
      }
    }
    return false;
  }

  private boolean literal(String text) {
    int length = text.length();
    if (end - pos < length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (bytes[pos + i] != text.charAt(i)) {
        return false;
      }
    }
    pos += length;
    return true;
  }

  /** Skips whitespace and consumes {@code c} if it comes next. */
  private boolean expect(char c) {
    skipWhitespace();
    if (pos < end && bytes[pos] == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void skipWhitespace() {
    while (pos < end && isWhitespace(bytes[pos])) {
      pos++;
    }
  }

  private boolean is(int start, int stop, byte[] expected) {
    return Arrays.equals(bytes, start, stop, expected, 0, expected.length);
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  private static boolean endsScalar(byte b) {
    return b == ',' || b == '}' || b == ']' || isWhitespace(b);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** A name found in a line: decoded into a String only when it differs from the last one. */
  private static final class Name {
    private byte[] last = new byte[0];
    private String text;
    private boolean set;

    void clear() {
      set = false;
    }

    boolean isSet() {
      return set;
    }

    void set(byte[] line, int start, int stop) {
      set = true;
      if (text == null || !Arrays.equals(line, start, stop, last, 0, last.length)) {
        last = Arrays.copyOfRange(line, start, stop);
        text = new String(last, StandardCharsets.UTF_8);
      }
    }

    String text() {
      return text;
    }
  }
}
