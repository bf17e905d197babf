package io.brickbyte.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.AirbyteConfigException;
import io.brickbyte.protocol.Json;
import io.brickbyte.testing.SparkTestBase;
import io.brickbyte.testing.TestConnectors;
import java.io.File;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Stream and property names that are no valid or no distinct table and column names. */
class SyncNamesTest extends SparkTestBase {

  /** A config whose streams hold the given records (JSON arrays), e.g. {@code "orders", "[{...}]"}. */
  private static ObjectNode config(String... streamsAndRecords) {
    ObjectNode config = Json.MAPPER.createObjectNode();
    ObjectNode streams = config.putObject("streams");
    for (int i = 0; i < streamsAndRecords.length; i += 2) {
      streams.putObject(streamsAndRecords[i]).set("records", json(streamsAndRecords[i + 1]));
    }
    return config;
  }

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static SyncResult sync(String schema, ObjectNode config, String... options) {
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

  private static String newSchema(String name) {
    return name + "_" + System.nanoTime();
  }

  private static List<String> rows(String schema, String table, String columns) {
    return spark.sql("SELECT " + columns + " FROM spark_catalog." + schema + ".`" + table + "` ORDER BY 1")
        .collectAsList().stream().map(Row::toString).toList();
  }

  /** The tables of a schema and the directories under its location, which must agree. */
  private static List<String> tablesAndDirectories(String schema) {
    List<String> tables = spark.sql("SHOW TABLES IN spark_catalog." + schema).collectAsList().stream()
        .filter(r -> !r.getBoolean(2)) // not a temp view of another test
        .map(r -> r.getString(1)).sorted().toList();
    String location = spark.sql("DESCRIBE SCHEMA " + schema).collectAsList().stream()
        .filter(r -> r.getString(0).strip().equalsIgnoreCase("Location"))
        .map(r -> r.getString(1)).findFirst().orElseThrow();
    String[] directories = new File(URI.create(location)).list();
    List<String> sorted = directories == null ? List.of() : Arrays.stream(directories).sorted().toList();
    assertEquals(tables, sorted, "every directory is a table");
    return tables;
  }

  private static Map<String, StreamSyncResult> byStream(SyncResult result) {
    Map<String, StreamSyncResult> streams = new TreeMap<>();
    result.streams().forEach(s -> streams.put(s.stream(), s));
    return streams;
  }

  @Test
  void streamsThatDifferOnlyInCaseLandInTwoTables() {
    String schema = newSchema("dupcase");
    SyncResult result = sync(schema,
        config("DupCase", "[{\"n\": 1}, {\"n\": 2}]", "dupcase", "[{\"n\": 3}]"));

    assertEquals(List.of("[1]", "[2]"), rows(schema, "dupcase_349066", "n"));
    assertEquals(List.of("[3]"), rows(schema, "dupcase", "n"));
    Map<String, StreamSyncResult> streams = byStream(result);
    assertEquals(2, streams.get("DupCase").recordsWritten());
    assertEquals("`spark_catalog`.`" + schema + "`.`dupcase_349066`", streams.get("DupCase").table());
    assertEquals(List.of("table DupCase -> dupcase_349066"), streams.get("DupCase").renames());
    assertEquals(List.of(), streams.get("dupcase").renames());
    Row reported = result.toDataFrame().where("stream = 'DupCase'").select("renames").first();
    assertEquals(List.of("table DupCase -> dupcase_349066"), reported.getList(0));
  }

  @Test
  void propertiesThatDifferOnlyInCaseLandInDistinctColumnsAndTheKeyFollowsItsRename() {
    String schema = newSchema("idcase");
    ObjectNode config = config("items", "[{\"id\": 1, \"ID\": \"a\"}, {\"id\": 2, \"ID\": \"b\"}]");
    ObjectNode items = (ObjectNode) config.path("streams").path("items");
    items.putArray("primary_key").add("ID");
    items.put("cursor", "id");

    SyncResult first = sync(schema, config, "syncMode", "incremental");
    assertEquals(WriteMode.MERGE, first.streams().get(0).writeMode());
    assertEquals(List.of("column ID -> ID_384397"), first.streams().get(0).renames());
    assertEquals(List.of("[1,a]", "[2,b]"), rows(schema, "items", "id, ID_384397"));

    // The second sync converts into the existing table's columns: MERGE on the renamed key.
    ((ArrayNode) items.path("records"))
        .add(Json.MAPPER.createObjectNode().put("id", 3).put("ID", "a"));
    SyncResult second = sync(schema, config, "syncMode", "incremental");
    assertEquals(List.of("[2,b]", "[3,a]"), rows(schema, "items", "id, ID_384397"));
    assertEquals(1, second.streams().get(0).updated());
  }

  @Test
  void aPlainReadNamesTheColumnsAsTheSyncDoes() {
    ObjectNode config = config("items", "[{\"id\": 1, \"ID\": \"a\", \"o\": {\"k\": 1, \"K\": 2}}, "
        + "{\"id\": 2, \"ID\": \"b\", \"o\": {\"k\": 3, \"K\": 4}}]");
    ((ObjectNode) config.path("streams").path("items")).set("json_schema", json("{\"type\": \"object\", "
        + "\"properties\": {\"id\": {\"type\": \"integer\"}, \"ID\": {\"type\": \"string\"}, "
        + "\"o\": {\"type\": \"object\", \"properties\": {\"k\": {\"type\": \"integer\"}, \"K\": {\"type\": \"integer\"}}}}}"));
    Dataset<Row> items = spark.read().format("airbyte")
        .option("connector", TestConnectors.syncSourceOption())
        .option("config", config.toString())
        .option("stream", "items")
        .option("nested", "struct")
        .load();
    assertEquals(List.of("id", "ID_384397", "o"), Arrays.asList(items.columns()).subList(0, 3));
    assertEquals(List.of("[a,1]", "[b,2]"), items.select("ID_384397", "id").orderBy("id")
        .collectAsList().stream().map(Row::toString).toList());
    // Only a nested field selected: the pruned schema still carries the property it holds.
    assertEquals(List.of("[2]", "[4]"), items.select("o.K_86be9a").orderBy("o.K_86be9a")
        .collectAsList().stream().map(Row::toString).toList());
  }

  @Test
  void aStreamNameThatIsNoTableNameIsNormalized() {
    String schema = newSchema("odd");
    SyncResult result = sync(schema, config("odd table.name-with dash", "[{\"n\": 1}]"));
    assertEquals(List.of("[1]"), rows(schema, "odd_table_name_with_dash", "n"));
    assertEquals(List.of("table odd table.name-with dash -> odd_table_name_with_dash"),
        result.streams().get(0).renames());
    assertEquals(List.of("_airbyte_state", "_airbyte_syncs", "odd_table_name_with_dash"),
        tablesAndDirectories(schema));
  }

  @Test
  void aTableNameOptionNamesTheStreamsTable() {
    String schema = newSchema("named");
    SyncResult result = sync(schema, config("orders", "[{\"n\": 1}]"), "tableName.orders", "`Sales`");
    assertEquals(List.of("[1]"), rows(schema, "sales", "n"));
    assertEquals(List.of("table orders -> Sales"), result.streams().get(0).renames());
  }

  @Test
  void anInvalidTableNameIsRefusedBeforeAnythingIsCreated() {
    String schema = newSchema("invalid");
    AirbyteConfigException e = assertThrows(AirbyteConfigException.class,
        () -> sync(schema, config("orders", "[{\"n\": 1}]"), "tableName.orders", "my orders"));
    assertTrue(e.getMessage().startsWith("Option 'tableName.orders' = 'my orders' is not accepted. "
        + "Accepted: one table name"), e.getMessage());
    assertFalse(spark.catalog().databaseExists(schema));
  }

  @Test
  void aCollidingTableNameIsRefusedBeforeAnythingIsCreated() {
    String schema = newSchema("collide");
    AirbyteConfigException e = assertThrows(AirbyteConfigException.class,
        () -> sync(schema, config("orders", "[{\"n\": 1}]", "items", "[{\"n\": 2}]"),
            "tableName.items", "ORDERS"));
    assertTrue(e.getMessage().contains("'items'") && e.getMessage().contains("'orders'")
        && e.getMessage().contains("table 'ORDERS'"), e.getMessage());
    assertFalse(spark.catalog().databaseExists(schema));
  }

  @Test
  void aTableNameOfAStreamNotSyncedIsRefused() {
    AirbyteConfigException e = assertThrows(AirbyteConfigException.class,
        () -> sync(newSchema("unsynced"), config("orders", "[{\"n\": 1}]"), "tableName.order", "x"));
    assertTrue(e.getMessage().startsWith("Option 'tableName.order' names a stream that is not synced"),
        e.getMessage());
  }
}
