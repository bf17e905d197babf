package io.brickbyte.protocol;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Turns a record's {@code data} straight from the parser into whatever the caller keeps (a Spark
 * row, a staged line, a tree), so no intermediate representation is built per record.
 */
@FunctionalInterface
public interface RecordDecoder {

  /** Keeps records as Jackson trees: for tools and tests, not for the hot path. */
  RecordDecoder TREE = (stream, namespace, data) -> Json.MAPPER.readTree(data);

  /**
   * Keeps each RECORD as its verbatim line, an {@link AirbyteMessage.RecordLine}, without decoding
   * its data: for staging, where the driver only copies bytes. The reader tells the line's stream
   * from its bytes ({@link RecordEnvelope}) and parses only lines that are not plain.
   */
  RecordDecoder LINES = new LineKeeper(Kind.LINES);

  /**
   * As {@link #LINES}, but once a plain record was scanned, a line that starts with the same bytes
   * up to its data (type and stream included) is taken as a record of that stream without reading
   * the rest of it: the driver of a one-stream read copies bytes at the pipe's pace, and the tasks
   * that parse each staged line keep or skip it exactly as a live read would. For staging a
   * single stream only: the stream a line is taken for is not settled (a namespace or a second
   * stream key after the data is not seen), nor that the line is JSON.
   */
  RecordDecoder LINES_BY_PREFIX = new LineKeeper(Kind.LINES_BY_PREFIX);

  /** How the reader hands records out with a decoder: each kind is one path through the reader. */
  enum Kind {
    /** Each record's line parsed with Jackson, its data handed to {@link #decode}. */
    PARSED,
    /** {@link #decodeBytes} tried on each plain line first; the parser for the rest. */
    BYTES,
    /** Records kept as their lines ({@link #LINES}). */
    LINES,
    /** Records kept as their lines, told by their first bytes ({@link #LINES_BY_PREFIX}). */
    LINES_BY_PREFIX;

    /** Whether records are handed out as {@link AirbyteMessage.RecordLine}s. */
    public boolean keepsLines() {
      return this == LINES || this == LINES_BY_PREFIX;
    }
  }

  /** The reader's path for this decoder; a decoder that also decodes bytes answers {@link Kind#BYTES}. */
  default Kind kind() {
    return Kind.PARSED;
  }

  /** What {@link #decodeBytes} answers to leave a record to {@link #decode}. */
  Object FALLBACK = new Object();

  /**
   * Decodes a record's data from the line's bytes: the JSON value at the cursor (not checked yet),
   * consuming it; what follows it is the reader's. Answers as {@link #decode} does, or {@link
   * #FALLBACK} for a value it does not decode exactly as {@link #decode} would: the reader then
   * parses the whole line and calls {@link #decode}. The reader may still drop a decoded value and
   * parse the line (a line that turns out to need the parser after the data), so the value must
   * not be kept until the reader returns it.
   */
  default Object decodeBytes(String stream, String namespace, JsonBytes data) {
    return FALLBACK;
  }

  /**
   * Decodes a record whose line was not UTF-8: the parser reads it with each invalid sequence
   * replaced by U+FFFD. By default as any record; a decoder with modes decides whether to keep it.
   *
   * @param field where in {@code data} the first invalid bytes were ({@code a.b[2]}), or null
   */
  default Object decodeInvalidUtf8(String stream, String namespace, JsonParser data, String field)
      throws IOException {
    return decode(stream, namespace, data);
  }

  /**
   * Decodes the value at the parser's current token, consuming all of it.
   *
   * @return the decoded record, or null if records of this stream are not wanted (the decoder
   *     still consumes the value, e.g. with {@link JsonParser#skipChildren()})
   */
  Object decode(String stream, String namespace, JsonParser data) throws IOException;
}
