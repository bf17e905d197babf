package io.brickbyte.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.AirbyteException;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.Json;
import io.brickbyte.protocol.StateKey;
import io.brickbyte.staging.StagedSegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.read.streaming.Offset;

/**
 * Where a stream is: the connector's states to resume from (verbatim, unknown fields kept), and
 * the staged records of the batch that ends here: the connector run's directory under the
 * checkpoint and its segments, by file name. Spark logs it before the batch runs, so a replayed
 * batch finds its records from the offsets alone. Immutable; its JSON is versioned.
 */
public final class AirbyteStreamOffset extends Offset {

  static final int VERSION = 1;

  private final List<ObjectNode> states;
  private final String run;
  private final List<StagedSegment> segments;

  AirbyteStreamOffset(List<ObjectNode> states, String run, List<StagedSegment> segments) {
    this.states = states.stream().map(ObjectNode::deepCopy).toList();
    this.run = run;
    this.segments = List.copyOf(segments);
  }

  /**
   * Where a stream with no checkpoint starts: no records, and these states (the protocol's JSON
   * array of state objects, checked as option {@code startingState}), or none if null.
   */
  static AirbyteStreamOffset start(String states) {
    List<ObjectNode> list = new ArrayList<>();
    if (states != null) {
      try {
        Json.MAPPER.readTree(states).forEach(state -> list.add((ObjectNode) state));
      } catch (Exception e) {
        throw new IllegalStateException("startingState was checked when parsed", e);
      }
    }
    return new AirbyteStreamOffset(list, null, List.of());
  }

  /**
   * The offset after a batch of {@code run}'s {@code segments}: this offset's states, each
   * replaced by the batch's latest state of the same key.
   */
  AirbyteStreamOffset next(List<AirbyteMessage.State> newStates, String run, List<StagedSegment> segments) {
    Map<StateKey, ObjectNode> merged = new LinkedHashMap<>();
    states.forEach(state -> merged.put(new AirbyteMessage.State(state).key(), state));
    newStates.forEach(state -> merged.put(state.key(), state.json()));
    return new AirbyteStreamOffset(new ArrayList<>(merged.values()), run, segments);
  }

  /** The states as the connector takes them ({@code --state}): a JSON array. */
  ArrayNode statesJson() {
    ArrayNode array = Json.MAPPER.createArrayNode();
    states.forEach(array::add);
    return array;
  }

  boolean sameStates(AirbyteStreamOffset other) {
    return statesJson().equals(other.statesJson());
  }

  /** The run directory holding this batch's records, or null if the batch has none. */
  String run() {
    return run;
  }

  List<StagedSegment> segments() {
    return segments;
  }

  @Override
  public String json() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("version", VERSION);
    node.set("states", statesJson());
    if (run != null) {
      node.put("run", run);
    }
    ArrayNode files = node.putArray("segments");
    for (StagedSegment segment : segments) {
      files.addObject().put("file", segment.file()).put("start", segment.start()).put("end", segment.end());
    }
    return node.toString();
  }

  /** @throws AirbyteException for JSON that is no offset of this version */
  static AirbyteStreamOffset fromJson(String json) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(json);
    } catch (Exception e) {
      throw refused("it is not JSON");
    }
    int version = node.path("version").asInt(-1);
    if (version != VERSION) {
      throw refused("its version is " + node.path("version")
          + " and this BrickByte reads version " + VERSION + " only: run the query with the "
          + "BrickByte version that wrote its checkpoint, or start it over with a new checkpoint");
    }
    if (!node.path("states").isArray() || !node.path("segments").isArray()) {
      throw refused("it lacks \"states\" or \"segments\"");
    }
    List<ObjectNode> states = new ArrayList<>();
    for (JsonNode state : node.get("states")) {
      if (!state.isObject()) {
        throw refused("a state is not a JSON object");
      }
      states.add((ObjectNode) state);
    }
    List<StagedSegment> segments = new ArrayList<>();
    for (JsonNode segment : node.get("segments")) {
      segments.add(new StagedSegment(segment.path("file").asText(), segment.path("start").asLong(),
          segment.path("end").asLong()));
    }
    return new AirbyteStreamOffset(states, node.path("run").asText(null), segments);
  }

  private static AirbyteException refused(String why) {
    return new AirbyteException("Cannot read an offset of the airbyte stream in the query's "
        + "checkpoint: " + why);
  }
}
