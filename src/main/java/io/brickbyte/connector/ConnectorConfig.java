package io.brickbyte.connector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.brickbyte.AirbyteConfigException;
import io.brickbyte.protocol.Json;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A connector's config: JSON text that holds credentials. It prints as a mask, and parse errors
 * give a position, never the text, so it cannot leak through a log line or an exception.
 */
public final class ConnectorConfig implements Serializable {

  public static final ConnectorConfig EMPTY = new ConnectorConfig("{}", Redactor.NONE);
  private static final long serialVersionUID = 1L;

  private final String json;
  private final Redactor redactor;

  private ConnectorConfig(String json, Redactor redactor) {
    this.json = json;
    this.redactor = redactor;
  }

  /** Parses and checks {@code json}; {@code option} names where it came from, for errors. */
  public static ConnectorConfig parse(String json, String option) {
    return parse(json, option, System::getenv);
  }

  /**
   * Parses {@code json} and resolves its {@code ${env:..}}, {@code ${file:..}} and {@code
   * ${secret:..}} references, with {@code env} as the environment.
   */
  static ConnectorConfig parse(String json, String option, Function<String, String> env) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new AirbyteConfigException(
          "Option '" + option + "' is not valid JSON"
              + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
              + ". Accepted: a JSON object, e.g. {\"api_key\": \"...\"}");
    }
    if (node == null || !node.isObject()) {
      throw new AirbyteConfigException(
          "Option '" + option + "' must be a JSON object, not "
              + (node == null ? "empty text" : node.getNodeType().toString().toLowerCase())
              + ". Accepted: a JSON object, e.g. {\"api_key\": \"...\"}");
    }
    List<String> resolved = new ArrayList<>();
    new ConfigReferences(env, resolved).resolve(node);
    String text = resolved.isEmpty() ? json : node.toString();
    return new ConnectorConfig(text, Redactor.forConfig(node).with(resolved));
  }

  /** The JSON text, for the connector's config file only. */
  public String json() {
    return json;
  }

  /** Masks this config's secrets in text the connector wrote. */
  public Redactor redactor() {
    return redactor;
  }

  /** Masks this config's secrets and its values under {@code specKeys} (the spec's secret fields). */
  Redactor redactor(Set<String> specKeys) {
    if (specKeys.isEmpty()) {
      return redactor;
    }
    try {
      return redactor.withSpecKeys(specKeys, Json.MAPPER.readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the config was checked when parsed", e);
    }
  }

  @Override
  public String toString() {
    return "ConnectorConfig(****)";
  }
}
