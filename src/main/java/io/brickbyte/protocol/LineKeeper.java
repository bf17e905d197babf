package io.brickbyte.protocol;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * The decoder of the lines kinds ({@link RecordDecoder#LINES}): the data is skipped, since the
 * reader hands out the record's line; only the kind tells the two apart.
 */
record LineKeeper(RecordDecoder.Kind kind) implements RecordDecoder {

  LineKeeper {
    if (!kind.keepsLines()) {
      throw new IllegalArgumentException(kind + " does not keep lines");
    }
  }

  @Override
  public Object decode(String stream, String namespace, JsonParser data) throws IOException {
    data.skipChildren();
    return Boolean.TRUE;
  }
}
