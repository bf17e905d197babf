package io.brickbyte.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Tells a RECORD line and its stream from the line's bytes alone, skipping over {@code data}
 * without parsing it: staging copies records verbatim and must not pay for a JSON parser, and the
 * record fast path converts the data where the scan found it. The scan is conclusive only for
 * plain lines (a JSON object whose {@code type} is RECORD or absent, a {@code record} object with a
 * printable-ASCII {@code stream}, such a {@code namespace} or null, and {@code data}); for any
 * other line it answers false and the caller parses the line. It does not validate what it skips:
 * a line that is not JSON after all is found out by whoever parses it.
 * Not thread-safe: one per reader.
 */
final class RecordEnvelope {

  /** {@link #emittedAt()} when the line has no plain integer {@code emitted_at}. */
  static final long NO_EMITTED_AT = Long.MIN_VALUE;

  private static final byte[] TYPE = ascii("type");
  private static final byte[] RECORD = ascii("record");
  private static final byte[] RECORD_TYPE = ascii("RECORD");
  private static final byte[] STREAM = ascii("stream");
  private static final byte[] NAMESPACE = ascii("namespace");
  private static final byte[] DATA = ascii("data");
  private static final byte[] EMITTED_AT = ascii("emitted_at");

  private final JsonBytes in = new JsonBytes();
  /** Decodes data from the bytes during the scan (the record fast path); null for staging. */
  private final RecordDecoder decoder;
  /** Whether a line sharing the last plain record's prefix is a record up to its '\n' unread. */
  private final boolean byPrefix;
  private final Name stream = new Name();
  private final Name namespace = new Name();
  private int dataStart;
  private int dataEnd;
  private long emittedAt;
  private boolean plain;
  private Object data;
  /** Whether {@link #data} was decoded with the stream and namespace the line has. */
  private boolean dataDecoded;
  private boolean typeSeen;
  private boolean recordSeen;
  private int lineStart;
  private final Prefix prefix = new Prefix();

  /** @param decoder decodes each plain record's data from its bytes, or null to skip data */
  RecordEnvelope(RecordDecoder decoder) {
    this(decoder, false);
  }

  /**
   * @param byPrefix whether a line starting with the last plain record's bytes up to its data,
   *     type and stream included, is taken as a record without reading its data and what follows
   *     ({@link RecordDecoder#LINES_BY_PREFIX}); only without a decoder
   */
  RecordEnvelope(RecordDecoder decoder, boolean byPrefix) {
    if (byPrefix && decoder != null) {
      throw new IllegalArgumentException("A line taken by its prefix has no data decoded");
    }
    this.decoder = decoder;
    this.byPrefix = byPrefix;
  }

  /** Whether {@code line[from, to)} is a RECORD with a stream and data; then see {@link #stream()}. */
  boolean scan(byte[] line, int from, int to) {
    return message(line, from, to) && in.pos == in.end && isRecord();
  }

  /**
   * Scans the line at {@code from} while finding its end, in one pass over bytes a reader has
   * buffered up to {@code limit}: the index of the '\n' that ends a line {@link #scan} takes, or -1
   * (another message, or a line not all buffered yet).
   */
  int scanLine(byte[] buffer, int from, int limit) {
    if (!message(buffer, from, limit) || in.pos == in.end || in.bytes[in.pos] != '\n') {
      return -1;
    }
    int newline = in.pos;
    in.end = newline;
    return isRecord() ? newline : -1;
  }

  /** Scans the message object at {@code from}, and the whitespace after it. */
  private boolean message(byte[] line, int from, int to) {
    in.reset(line, from, to);
    stream.clear();
    namespace.clear();
    dataStart = -1;
    emittedAt = NO_EMITTED_AT;
    plain = true;
    data = RecordDecoder.FALLBACK;
    dataDecoded = false;
    typeSeen = false;
    recordSeen = false;
    lineStart = from;
    if (prefix.matches(in)) {
      // The same bytes up to the data as the last plain line: the same envelope so far.
      prefix.restore(this);
      if (byPrefix && typeSeen && stream.isSet()) {
        // A RECORD of that stream as far as staging goes: the rest is read by the task that
        // parses the staged line, and that keeps or skips it as a live read would.
        dataStart = in.pos; // where the data ends is not looked for
        int newline = Newlines.indexOf(in.bytes, in.pos, in.end);
        in.pos = newline < 0 ? in.end : newline;
        recordSeen = true;
      } else {
        if (!recordData() || !rest(false)) {
          return false;
        }
        recordSeen = true;
        if (!rest(true)) {
          return false;
        }
      }
    } else {
      if (!in.expect('{') || !fields(true)) {
        return false;
      }
    }
    in.skipWhitespace();
    return true;
  }

  /** Whether the message scanned is a record with a stream and data; decodes data not decoded yet. */
  private boolean isRecord() {
    boolean record = recordSeen && stream.isSet() && dataStart >= 0;
    if (record && decoder != null && plain() && !dataDecoded) {
      decodeData(); // data came before the stream (or the namespace): decoded now
    }
    return record;
  }

  /** The fields of the message ({@code top}) or of its record, after the '{', and the '}'. */
  private boolean fields(boolean top) {
    if (in.expect('}')) {
      return true;
    }
    do {
      if (!(top ? messageField() : recordField())) {
        return false;
      }
    } while (in.expect(','));
    return in.expect('}');
  }

  /** The fields after one just read, and the closing '}'. */
  private boolean rest(boolean top) {
    while (in.expect(',')) {
      if (!(top ? messageField() : recordField())) {
        return false;
      }
    }
    return in.expect('}');
  }

  private boolean messageField() {
    int keyStart = in.key();
    int keyEnd = in.keyEnd;
    if (keyStart < 0) {
      return false;
    }
    if (is(keyStart, keyEnd, TYPE)) {
      int valueStart = in.plainString();
      if (typeSeen || valueStart < 0 || !is(valueStart, in.pos - 1, RECORD_TYPE)) {
        return false;
      }
      typeSeen = true;
    } else if (is(keyStart, keyEnd, RECORD)) {
      if (recordSeen || !in.expect('{') || !fields(false)) {
        return false;
      }
      recordSeen = true;
    } else {
      plain = false;
      return in.skipValue();
    }
    return true;
  }

  private boolean recordField() {
    int keyStart = in.key();
    int keyEnd = in.keyEnd;
    if (keyStart < 0) {
      return false;
    }
    if (is(keyStart, keyEnd, STREAM)) {
      return name(stream);
    } else if (is(keyStart, keyEnd, NAMESPACE)) {
      dataDecoded = false; // data decoded before the namespace was known: again at the end
      return in.nullLiteral() || name(namespace);
    } else if (is(keyStart, keyEnd, DATA)) {
      if (dataStart >= 0) {
        return false;
      }
      prefix.remember(this);
      return recordData();
    } else if (is(keyStart, keyEnd, EMITTED_AT) && emittedAt == NO_EMITTED_AT) {
      return readEmittedAt();
    }
    plain = false;
    return in.skipValue();
  }

  /** The record's data, at its first byte. */
  private boolean recordData() {
    dataStart = in.pos;
    if (decoder != null && stream.isSet()) {
      // Decoded in the same pass (the stream usually comes first): no second walk over the data.
      data = decoder.decodeBytes(stream(), namespace(), in);
      if (data == RecordDecoder.FALLBACK) {
        return false;
      }
      dataDecoded = true;
    } else if (!in.skipValue()) {
      return false;
    }
    dataEnd = in.pos;
    return true;
  }

  /** Decodes the data at {@link #dataStart} with the line's stream; FALLBACK unless it ends at {@link #dataEnd}. */
  private void decodeData() {
    in.pos = dataStart;
    data = decoder.decodeBytes(stream(), namespace(), in);
    if (in.pos != dataEnd) {
      data = RecordDecoder.FALLBACK;
    }
  }

  /** The stream of the line last scanned; the same String as long as the name stays the same. */
  String stream() {
    return stream.text();
  }

  /** The namespace of the line last scanned, or null. */
  String namespace() {
    return namespace.isSet() ? namespace.text() : null;
  }

  /** Where the record's data starts in the line last scanned. */
  int dataStart() {
    return dataStart;
  }

  /** Where the record's data ends (exclusive). */
  int dataEnd() {
    return dataEnd;
  }

  /**
   * The data of the line last scanned as the decoder decoded it, or {@link RecordDecoder#FALLBACK}
   * (no decoder, a line that is not {@link #plain()}, or data the decoder left to the parser).
   */
  Object data() {
    return data;
  }

  /** The record's {@code emitted_at}, or {@link #NO_EMITTED_AT}. */
  long emittedAt() {
    return emittedAt;
  }

  /**
   * Whether the line holds nothing but {@code type}, {@code stream}, {@code namespace}, {@code
   * data} and an integer {@code emitted_at}, all checked as a parser would (data aside): a record
   * the fast path may take whole, once its data converts.
   */
  boolean plain() {
    return plain && emittedAt != NO_EMITTED_AT;
  }

  private boolean readEmittedAt() {
    int start = in.pos;
    int kind = in.number();
    if (kind == 0 && in.pos - start <= 18) {
      long value = 0;
      boolean negative = in.bytes[start] == '-';
      for (int i = negative ? start + 1 : start; i < in.pos; i++) {
        value = value * 10 + (in.bytes[i] - '0');
      }
      emittedAt = negative ? -value : value;
      return true;
    }
    plain = false; // a float or a huge number: the parser reads it
    return kind >= 0 || in.skipValue();
  }

  private boolean name(Name target) {
    int start = in.plainString();
    if (start < 0 || target.isSet()) {
      return false;
    }
    target.set(in.bytes, start, in.pos - 1);
    return true;
  }

  private boolean is(int start, int stop, byte[] expected) {
    return JsonBytes.equalBytes(in.bytes, start, stop, expected);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * A line's bytes up to its data and the scan's state there. Connectors write every record of a
   * stream with the same envelope, so most lines start with the last one's prefix: the scan then
   * starts at the data, with the state those same bytes gave.
   */
  private static final class Prefix {
    private byte[] bytes = new byte[0];
    private boolean typeSeen;
    private boolean plain;
    private long emittedAt;
    /** Where the stream and namespace names are, from the line's start; -1 when not set. */
    private int streamStart;
    private int streamStop;
    private int namespaceStart;
    private int namespaceStop;

    boolean matches(JsonBytes in) {
      return bytes.length > 0 && in.consume(bytes);
    }

    /** Called at the data's first byte of a line scanned from its start. */
    void remember(RecordEnvelope scan) {
      int length = scan.in.pos - scan.lineStart;
      if (length != bytes.length
          || !JsonBytes.equalBytes(scan.in.bytes, scan.lineStart, scan.in.pos, bytes)) {
        bytes = Arrays.copyOfRange(scan.in.bytes, scan.lineStart, scan.in.pos);
      }
      typeSeen = scan.typeSeen;
      plain = scan.plain;
      emittedAt = scan.emittedAt;
      streamStart = scan.stream.isSet() ? scan.stream.start - scan.lineStart : -1;
      streamStop = scan.stream.stop - scan.lineStart;
      namespaceStart = scan.namespace.isSet() ? scan.namespace.start - scan.lineStart : -1;
      namespaceStop = scan.namespace.stop - scan.lineStart;
    }

    void restore(RecordEnvelope scan) {
      scan.typeSeen = typeSeen;
      scan.plain = plain;
      scan.emittedAt = emittedAt;
      byte[] line = scan.in.bytes;
      if (streamStart >= 0) {
        scan.stream.set(line, scan.lineStart + streamStart, scan.lineStart + streamStop);
      }
      if (namespaceStart >= 0) {
        scan.namespace.set(line, scan.lineStart + namespaceStart, scan.lineStart + namespaceStop);
      }
    }
  }

  /** A name found in a line: decoded into a String only when it differs from the last one. */
  private static final class Name {
    private byte[] last = new byte[0];
    private String text;
    private boolean set;
    /** Where it is in the line last scanned. */
    private int start;
    private int stop;

    void clear() {
      set = false;
    }

    boolean isSet() {
      return set;
    }

    void set(byte[] line, int start, int stop) {
      set = true;
      this.start = start;
      this.stop = stop;
      if (text == null || !JsonBytes.equalBytes(line, start, stop, last)) {
        last = Arrays.copyOfRange(line, start, stop);
        text = new String(last, StandardCharsets.UTF_8);
      }
    }

    String text() {
      return text;
    }
  }
}
