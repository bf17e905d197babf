package io.brickbyte.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one Jackson setup of the library; both objects are thread-safe. */
public final class Json {

  /**
   * Jackson 2.15 caps strings at 20 MB by default; a connector may legitimately emit bigger
   * fields (documents, blobs), and the line itself is already in memory. Python's json module
   * writes NaN and Infinity bare, so records holding them must still parse.
   */
  public static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNumberLength(10_000)
                  .build())
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  public static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY).build();

  private Json() {}
}
