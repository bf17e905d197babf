package io.brickbyte.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.brickbyte.AirbyteConfigException;
import io.brickbyte.protocol.Json;
import java.util.Set;

/**
 * The {@code state} option, turned into what connectors read with {@code --state}: the protocol's
 * JSON array of AirbyteStateMessage objects. Users hold states in the forms a connector prints
 * them, so the STATE envelope ({@code {"type": "STATE", "state": {...}}}) is unwrapped; anything
 * that is no state is rejected, since a connector given one silently starts over. Errors never
 * echo the value: states can hold secrets (cursors with tokens).
 */
public final class StateOption {

  static final String ACCEPTED = "Accepted: a JSON array of state messages (objects with \"type\" "
      + "STREAM, GLOBAL or LEGACY, or a legacy object with \"data\"), one such object, or the "
      + "STATE messages a connector prints ({\"type\": \"STATE\", \"state\": {...}}), alone or in "
      + "an array";

  private static final Set<String> STATE_TYPES = Set.of("STREAM", "GLOBAL", "LEGACY");

  private StateOption() {}

  /** The state as the protocol's JSON array, or null for none. */
  public static String parse(String value) {
    return parse(AirbyteOptions.STATE, value);
  }

  /** The value of option {@code key}, which takes a state as {@code state} does, or null. */
  public static String parse(String key, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    JsonNode state;
    try {
      state = Json.MAPPER.readTree(value);
    } catch (JsonProcessingException e) {
      throw rejected(key, "is not valid JSON");
    }
    ArrayNode messages = Json.MAPPER.createArrayNode();
    if (state.isArray()) {
      for (int i = 0; i < state.size(); i++) {
        messages.add(stateMessage(key, state.get(i), "element " + i + " of the array"));
      }
    } else {
      messages.add(stateMessage(key, state, "the value"));
    }
    return messages.toString();
  }

  private static JsonNode stateMessage(String key, JsonNode node, String where) {
    boolean envelope = node.isObject() && "STATE".equals(node.path("type").asText(null));
    JsonNode message = envelope ? node.get("state") : node;
    String place = envelope ? "the \"state\" of " + where : where;
    if (message == null || !message.isObject()) {
      throw rejected(key, "holds no state message in " + place + " (not a JSON object)");
    }
    JsonNode type = message.get("type");
    boolean known = type == null || type.isNull()
        ? message.has("data")
        : type.isTextual() && STATE_TYPES.contains(type.asText());
    if (!known) {
      throw rejected(key, "holds no state message in " + place + " (its \"type\" is not STREAM, GLOBAL "
          + "or LEGACY, nor is it a legacy object with \"data\")");
    }
    return message;
  }

  private static AirbyteConfigException rejected(String key, String problem) {
    return new AirbyteConfigException("Option '" + key + "' " + problem + ". " + ACCEPTED);
  }
}
