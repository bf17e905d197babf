package io.brickbyte.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.List;

/** The catalog handed to {@code read}: the chosen streams, each with its sync mode and keys. */
public record ConfiguredCatalog(List<ConfiguredStream> streams) implements Serializable {

  public ConfiguredCatalog {
    streams = List.copyOf(streams);
  }

  /** One chosen stream. {@code cursorField} and {@code primaryKey} may be empty. */
  public record ConfiguredStream(
      AirbyteStream stream, SyncMode syncMode, List<String> cursorField, List<List<String>> primaryKey)
      implements Serializable {

    public ConfiguredStream {
      cursorField = List.copyOf(cursorField);
      primaryKey = List.copyOf(primaryKey);
    }

    ObjectNode toJson() {
      ObjectNode json = Json.MAPPER.createObjectNode();
      json.set("stream", stream.json());
      json.put("sync_mode", syncMode.wireName());
      json.put(
          "destination_sync_mode", syncMode == SyncMode.INCREMENTAL ? "append_dedup" : "overwrite");
      if (!cursorField.isEmpty()) {
        ArrayNode cursor = json.putArray("cursor_field");
        cursorField.forEach(cursor::add);
      }
      if (!primaryKey.isEmpty()) {
        ArrayNode keys = json.putArray("primary_key");
        primaryKey.forEach(path -> path.forEach(keys.addArray()::add));
      }
      return json;
    }
  }

  public ObjectNode toJson() {
    ObjectNode json = Json.MAPPER.createObjectNode();
    ArrayNode array = json.putArray("streams");
    streams.forEach(stream -> array.add(stream.toJson()));
    return json;
  }
}
