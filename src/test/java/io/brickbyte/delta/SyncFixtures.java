package io.brickbyte.delta;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.protocol.Json;
import io.brickbyte.testing.TestConnectors;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Configs of the test source {@code sync_source.py}, syncs of it, and what they left behind. */
final class SyncFixtures {

  private SyncFixtures() {}

  static ObjectNode record(Object... keysAndValues) {
    ObjectNode record = Json.MAPPER.createObjectNode();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      record.set((String) keysAndValues[i], Json.MAPPER.valueToTree(keysAndValues[i + 1]));
    }
    return record;
  }

  /** A config with one stream; {@code key} and {@code cursor} may be null. */
  static ObjectNode config(String stream, String key, String cursor, List<ObjectNode> records) {
    return stream(config(), stream, key, cursor, records.toArray(ObjectNode[]::new));
  }

  /** A config with no streams yet. */
  static ObjectNode config() {
    ObjectNode config = Json.MAPPER.createObjectNode();
    config.putObject("streams");
    return config;
  }

  /** Adds a stream to the config (or replaces it, in place); {@code key} and {@code cursor} may be null. */
  static ObjectNode stream(ObjectNode config, String name, String key, String cursor, ObjectNode... records) {
    ObjectNode spec = ((ObjectNode) config.get("streams")).putObject(name);
    if (key != null) {
      spec.putArray("primary_key").add(key);
    }
    if (cursor != null) {
      spec.put("cursor", cursor);
    }
    ArrayNode list = spec.putArray("records");
    for (ObjectNode record : records) {
      list.add(record);
    }
    return config;
  }

  /** Records {@code {field: from..to}}. */
  static ObjectNode[] numbered(String field, int from, int to) {
    ObjectNode[] records = new ObjectNode[to - from + 1];
    for (int i = from; i <= to; i++) {
      records[i - from] = record(field, i);
    }
    return records;
  }

  static String newSchema(String name) {
    return name + "_" + System.nanoTime();
  }

  static SyncResult sync(SparkSession spark, String schema, ObjectNode config, String... options) {
    return sync(spark, schema, config.toString(), options);
  }

  /** A sync of a config given as text (one that JSON cannot hold as it is, say). */
  static SyncResult sync(SparkSession spark, String schema, String config, String... options) {
    AirbyteSync sync = AirbyteSync.create(spark)
        .option("connector", TestConnectors.syncSourceOption())
        .option("config", config)
        .option("catalog", "spark_catalog")
        .option("schema", schema);
    for (int i = 0; i < options.length; i += 2) {
      sync.option(options[i], options[i + 1]);
    }
    return sync.run();
  }

  /** The rows of {@code columns} (plain expressions), ordered by them. */
  static List<String> rows(SparkSession spark, String schema, String table, String columns) {
    return spark.sql("SELECT " + columns + " FROM spark_catalog." + schema + "." + table + " ORDER BY " + columns)
        .collectAsList().stream().map(Row::toString).toList();
  }

  static List<String> committedStates(SparkSession spark, String schema) {
    return spark.sql("SELECT kind, stream, state FROM spark_catalog." + schema
            + "._airbyte_state WHERE status = 'committed' ORDER BY updated_at, checkpoint, stream")
        .collectAsList().stream().map(Row::toString).toList();
  }

  /** The table's commits, oldest first: version, operation, userMetadata. */
  static List<Row> history(SparkSession spark, String schema, String table) {
    return spark.sql("DESCRIBE HISTORY spark_catalog." + schema + "." + table)
        .select("version", "operation", "userMetadata").orderBy("version").collectAsList();
  }
}
