package io.brickbyte.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.brickbyte.AirbyteConfigException;
import io.brickbyte.connector.CatalogReuse;
import io.brickbyte.connector.Connector;
import io.brickbyte.connector.ConnectorConfig;
import io.brickbyte.connector.RunSettings;
import io.brickbyte.options.AirbyteOptions;
import io.brickbyte.options.CatalogReuseOptions;
import io.brickbyte.options.OptionNames;
import io.brickbyte.options.OptionValues;
import io.brickbyte.options.SourceConf;
import io.brickbyte.options.StateOption;
import io.brickbyte.options.StreamConf;
import io.brickbyte.protocol.Json;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.protocol.SyncMode;
import io.brickbyte.convert.ConversionMode;
import io.brickbyte.schema.NestedMode;
import io.brickbyte.schema.NumberType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The options of one load: the source's ({@link SourceConf}) and the read's own (action, stream,
 * sync mode, cursor, state, execution, catalog reuse), parsed and checked once on the driver into an immutable
 * object that tasks receive.
 */
public record ReadConf(
    SourceConf source,
    Action action,
    StreamDescriptor stream,
    SyncMode syncMode,
    List<String> cursorField,
    String stateJson,
    Execution execution,
    StreamConf streaming,
    CatalogReuse catalogReuse)
    implements Serializable {

  static ReadConf parse(OptionValues options, Configuration hadoop) {
    OptionNames.READ.check(options.asMap());
    Action action = options.choice(AirbyteOptions.ACTION, Action.class, Action.READ);
    String streamName = options.get(AirbyteOptions.STREAM);
    if (action == Action.READ && streamName == null) {
      throw new AirbyteConfigException(
          "Option 'stream' is required to read. Accepted: a stream name of the source; "
              + "load with option action=discover to list them");
    }
    Execution execution = options.choice(AirbyteOptions.EXECUTION, Execution.class, Execution.EXECUTOR);
    return new ReadConf(
        SourceConf.parse(options, action == Action.READ && execution == Execution.DRIVER, hadoop),
        action,
        streamName == null ? null : new StreamDescriptor(streamName, options.get(AirbyteOptions.NAMESPACE)),
        options.choice(AirbyteOptions.SYNC_MODE, SyncMode.class, SyncMode.FULL_REFRESH),
        cursorField(options.get(AirbyteOptions.CURSOR_FIELD)),
        StateOption.parse(options.get(AirbyteOptions.STATE)),
        execution,
        StreamConf.parse(options),
        CatalogReuseOptions.parse(options));
  }

  public Connector connector() {
    return source.connector();
  }

  public ConnectorConfig config() {
    return source.config();
  }

  public RunSettings runSettings() {
    return source.runSettings();
  }

  public ConversionMode mode() {
    return source.mode();
  }

  public NumberType numberType() {
    return source.numberType();
  }

  public NestedMode nested() {
    return source.nested();
  }

  public String stagingDir() {
    return source.stagingDir();
  }

  /** The state as the protocol's JSON array, or null. */
  public JsonNode state() {
    try {
      return stateJson == null ? null : Json.MAPPER.readTree(stateJson);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("state was checked when parsed", e);
    }
  }

  @Override
  public String toString() {
    return "ReadConf(connector=" + connector().name() + ", stream=" + stream + ", action=" + action
        + ", syncMode=" + syncMode + ", mode=" + mode() + ")";
  }

  private static List<String> cursorField(String value) {
    if (value == null) {
      return List.of();
    }
    String text = value.strip();
    if (text.startsWith("[")) {
      try {
        JsonNode path = Json.MAPPER.readTree(text);
        List<String> fields = new ArrayList<>();
        path.forEach(field -> fields.add(field.asText()));
        if (!fields.isEmpty()) {
          return fields;
        }
      } catch (JsonProcessingException fallThrough) {
        // refused below
      }
      throw OptionValues.refused(AirbyteOptions.CURSOR_FIELD, text, "not a JSON array of field names",
          "a field name, a dotted path (a.b), or a JSON array ([\"a\", \"b\"])");
    }
    return List.of(text.split("\\."));
  }
}
