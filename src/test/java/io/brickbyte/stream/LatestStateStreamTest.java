package io.brickbyte.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.delta.AirbyteSync;
import io.brickbyte.testing.LogCapture;
import io.brickbyte.testing.SparkTestBase;
import io.brickbyte.testing.TestConnectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code startingState=latest}: a real sync (sync_source.py into local Delta tables and their
 * {@code _airbyte_state}), then a real stream that starts where the sync's committed state is.
 */
class LatestStateStreamTest extends SparkTestBase {

  @TempDir Path dir;

  @Test
  void aStreamFromTheLatestStateBringsOnlyTheRecordsAfterTheSync() throws Exception {
    String schema = newSchema();
    sync(schema, config(1, 3, false));
    runAvailableNow(config(1, 5, false), latest(schema));
    assertEquals(List.of(4L, 5L), ids());
  }

  @Test
  void aRestartKeepsTheCheckpointsStartThoughTheSyncCommittedMore() throws Exception {
    String schema = newSchema();
    sync(schema, config(1, 3, false));
    runAvailableNow(config(1, 3, false), latest(schema)); // nothing new: no batch, but a start
    assertEquals(List.of(), ids());
    assertTrue(Files.exists(dir.resolve("checkpoint/sources/0/initial-offset.json")));

    sync(schema, config(1, 6, false)); // the sync's committed state is past 6 now
    runAvailableNow(config(1, 6, false), latest(schema));
    assertEquals(List.of(4L, 5L, 6L), ids(), "started from the state written in the checkpoint");
  }

  @Test
  void aGlobalStateTheSyncKeptIsTakenToo() throws Exception {
    String schema = newSchema();
    sync(schema, config(1, 2, true));
    runAvailableNow(config(1, 4, true), latest(schema));
    assertEquals(List.of(3L, 4L), ids());
  }

  @Test
  void aSchemaWithNoStateForTheStreamStartsFromTheStartAndSaysSo() throws Exception {
    String schema = newSchema();
    ObjectNode config = config(1, 3, false);
    ((ObjectNode) config.get("streams")).set("users", config.get("streams").get("issues").deepCopy());
    AirbyteSync.create(spark).option("connector", TestConnectors.syncSourceOption())
        .option("config", config.toString()).option("schema", schema)
        .option("syncMode", "incremental").option("streams", "users").run();
    List<String> logged;
    try (LogCapture log = new LogCapture()) {
      runAvailableNow(config(1, 3, false), latest(schema));
      logged = log.leveledLines();
    }
    assertEquals(List.of(1L, 2L, 3L), ids());
    String expected = "INFO " + schema + "._airbyte_state holds no committed state of stream "
        + "issues: the stream starts from the start";
    assertTrue(logged.contains(expected), "no line " + expected);
  }

  @Test
  void latestAndStateSchemaGoTogetherAndTheSchemaMustHoldAStateTable() {
    Exception noSchema = assertThrows(Exception.class,
        () -> AirbyteStreamTest.reader(config(1, 1, false), Map.of("startingState", "LATEST")).load());
    assertEquals("Option 'startingState' = 'latest' needs option 'stateSchema': the schema a sync "
        + "of this source writes to (e.g. main.bronze), whose _airbyte_state table holds the state "
        + "to start from", noSchema.getMessage());
    Exception noLatest = assertThrows(Exception.class,
        () -> AirbyteStreamTest.reader(config(1, 1, false), Map.of("stateSchema", "bronze")).load());
    assertEquals("Option 'stateSchema' goes with startingState=latest only: set startingState to "
        + "latest to start from the state a sync committed in that schema, or leave stateSchema "
        + "out", noLatest.getMessage());

    String empty = newSchema();
    spark.sql("CREATE SCHEMA " + empty);
    Exception noTable = assertThrows(Exception.class,
        () -> runAvailableNow(config(1, 1, false), latest(empty)));
    assertTrue(noTable.getMessage().contains("Option 'stateSchema' = '" + empty + "' is not "
        + "accepted: it has no _airbyte_state table, so no sync has committed a state there"),
        noTable.getMessage());
    Exception badName = assertThrows(Exception.class,
        () -> runAvailableNow(config(1, 1, false), latest("a.b.c")));
    assertTrue(badName.getMessage().contains("Option 'stateSchema' = 'a.b.c' is not accepted. "
        + "Accepted: a schema name"), badName.getMessage());
    Exception noCatalog = assertThrows(Exception.class,
        () -> runAvailableNow(config(1, 1, false), latest("no_such_catalog.bronze")));
    assertTrue(noCatalog.getMessage().contains("Option 'stateSchema' = 'no_such_catalog.bronze' is "
        + "not accepted: Spark cannot look tables up in it ("), noCatalog.getMessage());
    assertTrue(!Files.exists(dir.resolve("checkpoint/sources/0/initial-offset.json")),
        "a refused start decides nothing");
  }

  // --- fixtures --------------------------------------------------------------------------------

  private static String newSchema() {
    return "latest_state_" + System.nanoTime();
  }

  private static Map<String, String> latest(String schema) {
    return Map.of("startingState", "latest", "stateSchema", schema);
  }

  /** sync_source's config: stream "issues" with records {id, title} from..to, cursor id. */
  private static ObjectNode config(int from, int to, boolean globalState) {
    return AirbyteStreamTest.config(from, to, Map.of("global_state", globalState));
  }

  private static void sync(String schema, ObjectNode config) {
    AirbyteSync.create(spark).option("connector", TestConnectors.syncSourceOption())
        .option("config", config.toString()).option("schema", schema)
        .option("syncMode", "incremental").run();
  }

  private void runAvailableNow(ObjectNode config, Map<String, String> options) throws Exception {
    StreamingQuery query = AirbyteStreamTest.reader(config, options).load().writeStream().format("delta")
        .option("checkpointLocation", dir.resolve("checkpoint").toString())
        .trigger(Trigger.AvailableNow())
        .start(dir.resolve("table").toString());
    query.awaitTermination();
  }

  /** The sink's ids, or none where no batch ran (the sink made no table). */
  private List<Long> ids() {
    if (!Files.exists(dir.resolve("table/_delta_log"))) {
      return List.of();
    }
    return spark.read().format("delta").load(dir.resolve("table").toString()).select("id").orderBy("id")
        .collectAsList().stream().map(row -> row.getLong(0)).toList();
  }
}
