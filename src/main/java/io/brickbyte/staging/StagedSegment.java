package io.brickbyte.staging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.AirbyteConfigException;
import io.brickbyte.protocol.Json;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The staged lines of one file that start in {@code [start, end)}. A checkpoint hands over a
 * stream's records up to its latest state, which may end inside a file: the rest of that file
 * goes with the next checkpoint.
 */
public record StagedSegment(String file, long start, long end) implements Serializable {

  public StagedSegment {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("Not a byte range: [" + start + ", " + end + ")");
    }
  }

  public long length() {
    return end - start;
  }

  /** As the staged read's option takes them: a JSON array of {file, start, end}. */
  public static String toJson(List<StagedSegment> segments) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (StagedSegment segment : segments) {
      ObjectNode node = array.addObject();
      node.put("file", segment.file());
      node.put("start", segment.start());
      node.put("end", segment.end());
    }
    return array.toString();
  }

  public static List<StagedSegment> fromJson(String option, String json) {
    List<StagedSegment> segments = new ArrayList<>();
    try {
      for (JsonNode node : Json.MAPPER.readTree(json)) {
        segments.add(new StagedSegment(node.get("file").asText(), node.get("start").asLong(),
            node.get("end").asLong()));
      }
    } catch (Exception e) {
      throw new AirbyteConfigException("Option '" + option + "' is not a JSON array of staged "
          + "segments. Accepted: the segments a StagingWriter sealed");
    }
    return segments;
  }
}
