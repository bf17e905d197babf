package io.brickbyte.delta;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.protocol.Json;
import io.brickbyte.testing.TestConnectors;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Configs of the test source {@code sync_source.py} and syncs of it, for the sync tests. */
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
    ObjectNode config = Json.MAPPER.createObjectNode();
    ObjectNode spec = config.putObject("streams").putObject(stream);
    if (key != null) {
      spec.putArray("primary_key").add(key);
    }
    if (cursor != null) {
      spec.put("cursor", cursor);
    }
    ArrayNode list = spec.putArray("records");
    records.forEach(list::add);
    return config;
  }

  static String newSchema(String name) {
    return name + "_" + System.nanoTime();
  }

  static SyncResult sync(SparkSession spark, String schema, ObjectNode config, String... options) {
    AirbyteSync sync = AirbyteSync.create(spark)
        .option("connector", TestConnectors.syncSourceOption())
        .option("config", config.toString())
        .option("catalog", "spark_catalog")
        .option("schema", schema);
    for (int i = 0; i < options.length; i += 2) {
      sync.option(options[i], options[i + 1]);
    }
    return sync.run();
  }

  static List<String> rows(SparkSession spark, String schema, String table, String columns) {
    return spark.sql("SELECT " + columns + " FROM spark_catalog." + schema + "." + table + " ORDER BY 1, 2")
        .collectAsList().stream().map(Row::toString).toList();
  }

  /** The table's commits, oldest first: version, operation, userMetadata. */
  static List<Row> history(SparkSession spark, String schema, String table) {
    return spark.sql("DESCRIBE HISTORY spark_catalog." + schema + "." + table)
        .select("version", "operation", "userMetadata").orderBy("version").collectAsList();
  }
}
