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
  RecordDecoder LINES =
      (stream, namespace, data) -> {
        data.skipChildren();
        return Boolean.TRUE;
      };

  /** What {@link #decodeBytes} answers to leave a record to {@link #decode}. */
  Object FALLBACK = new Object();

  /** Whether {@link #decodeBytes} may take records: the reader then scans lines for it. */
  default boolean decodesBytes() {
    return false;
  }

  /**
   * Decodes a record's data from its bytes {@code line[from, to)}, a JSON value the reader found
   * but did not check; answers {@link #FALLBACK} for a record it does not decode exactly as {@link
   * #decode} would, which then gets the record.
   */
  default Object decodeBytes(String stream, String namespace, byte[] line, int from, int to) {
    return FALLBACK;
  }

  /**
   * Decodes the value at the parser's current token, consuming all of it.
   *
   * @return the decoded record, or null if records of this stream are not wanted (the decoder
   *     still consumes the value, e.g. with {@link JsonParser#skipChildren()})
   */
  Object decode(String stream, String namespace, JsonParser data) throws IOException;
}
