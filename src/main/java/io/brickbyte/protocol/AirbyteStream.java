package io.brickbyte.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** One stream of a discovered catalog. The JSON is kept whole so a configured catalog echoes it. */
public record AirbyteStream(ObjectNode json) implements Serializable {

  public StreamDescriptor descriptor() {
    return StreamDescriptor.of(json);
  }

  public String name() {
    return json.path("name").asText();
  }

  public ObjectNode jsonSchema() {
    JsonNode schema = json.get("json_schema");
    return schema instanceof ObjectNode object ? object : json.objectNode();
  }

  public List<String> supportedSyncModes() {
    return strings(json.path("supported_sync_modes"));
  }

  public boolean sourceDefinedCursor() {
    return json.path("source_defined_cursor").asBoolean(false);
  }

  public List<String> defaultCursorField() {
    return strings(json.path("default_cursor_field"));
  }

  /** Key paths, each a list of field names (the protocol allows nested keys). */
  public List<List<String>> sourceDefinedPrimaryKey() {
    List<List<String>> keys = new ArrayList<>();
    json.path("source_defined_primary_key").forEach(path -> keys.add(strings(path)));
    return keys;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(item -> out.add(item.asText()));
    return out;
  }
}
