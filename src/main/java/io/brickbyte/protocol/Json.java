package io.brickbyte.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one Jackson setup of the library; both objects are thread-safe. */
public final class Json {

  /**
   * Jackson 2.15 caps strings at 20 MB by default; a connector may legitimately emit bigger
   * fields (documents, blobs), and the line itself is already in memory.
   */
  public static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNumberLength(10_000)
                  .build())
          .build();

  public static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY).build();

  private Json() {}
}
