package io.brickbyte.delta;

import static io.brickbyte.delta.SyncFixtures.newSchema;
import static io.brickbyte.delta.SyncFixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.AirbyteConnectorException;
import io.brickbyte.AirbyteException;
import io.brickbyte.testing.FullDiskFileSystem;
import io.brickbyte.testing.SparkTestBase;
import io.brickbyte.testing.TestConnectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Syncs of the config-driven test source into real Delta tables on the local Spark. */
class AirbyteSyncTest extends SparkTestBase {

  @TempDir Path temp;

  @AfterEach
  void resetHook() {
    SyncRun.at = point -> {};
  }

  private static ObjectNode config(String stream, String key, String cursor, ObjectNode... records) {
    return SyncFixtures.stream(SyncFixtures.config(), stream, key, cursor, records);
  }

  private static SyncResult sync(String schema, ObjectNode config, String... options) {
    return SyncFixtures.sync(spark, schema, config, options);
  }

  private static SyncResult sync(String schema, String config, String... options) {
    return SyncFixtures.sync(spark, schema, config, options);
  }

  private static List<String> rows(String schema, String table, String columns) {
    return SyncFixtures.rows(spark, schema, table, columns);
  }

  private static List<String> states(String schema) {
    return SyncFixtures.committedStates(spark, schema);
  }

  // --- write modes ------------------------------------------------------------------------

  @Test
  void fullRefreshOverwritesInOneCommit() {
    String schema = newSchema("full");
    SyncResult first = sync(schema, config("users", "id", null,
        record("id", 1, "name", "ann"), record("id", 2, "name", "bob"), record("id", 3, "name", "cy")));
    StreamSyncResult users = first.streams().get(0);
    assertEquals(WriteMode.OVERWRITE, users.writeMode());
    assertEquals(3, users.recordsRead());
    assertEquals(3, users.recordsWritten());
    assertEquals(List.of("[1,ann]", "[2,bob]", "[3,cy]"), rows(schema, "users", "id, name"));

    sync(schema, config("users", "id", null, record("id", 7, "name", "dee")));
    assertEquals(List.of("[7,dee]"), rows(schema, "users", "id, name"));
    List<Row> history = spark.sql("DESCRIBE HISTORY spark_catalog." + schema + ".users").collectAsList();
    assertEquals(2, history.size(), "each full refresh is one commit, no empty table in between");
    assertTrue(states(schema).isEmpty(), "a full refresh of a source without state keeps none");
  }

  @Test
  void incrementalWithoutKeyAppendsOnlyNewRecords() {
    String schema = newSchema("append");
    ObjectNode a = record("ts", 1, "v", "a");
    ObjectNode b = record("ts", 2, "v", "b");
    SyncResult first = sync(schema, config("events", null, "ts", a, b), "syncMode", "incremental");
    assertEquals(WriteMode.APPEND, first.streams().get(0).writeMode());
    assertEquals("{\"type\":\"STREAM\",\"stream\":{\"stream_descriptor\":{\"name\":\"events\"},"
        + "\"stream_state\":{\"cursor\":2}}}", first.streams().get(0).state());

    SyncResult second = sync(schema, config("events", null, "ts", a, b, record("ts", 3, "v", "c")),
        "syncMode", "incremental");
    assertEquals(1, second.streams().get(0).recordsRead(), "only the record after the saved cursor");
    assertEquals(1, second.streams().get(0).inserted());
    assertEquals(List.of("[1,a]", "[2,b]", "[3,c]"), rows(schema, "events", "ts, v"));
  }

  @Test
  void mergeKeepsTheNewestRecordPerKey() {
    String schema = newSchema("merge");
    sync(schema, config("orders", "id", "updated_at",
            record("id", 1, "updated_at", 3, "v", "newest"),
            record("id", 1, "updated_at", 1, "v", "oldest"),
            record("id", 2, "updated_at", 2, "v", "two"),
            record("id", 1, "updated_at", 2, "v", "middle")),
        "syncMode", "incremental");
    assertEquals(List.of("[1,newest]", "[2,two]"), rows(schema, "orders", "id, v"));

    SyncResult second = sync(schema, config("orders", "id", "updated_at",
            record("id", 2, "updated_at", 5, "v", "two again"),
            record("id", 3, "updated_at", 4, "v", "three")),
        "syncMode", "incremental");
    StreamSyncResult orders = second.streams().get(0);
    assertEquals(WriteMode.MERGE, orders.writeMode());
    assertEquals(1, orders.inserted());
    assertEquals(1, orders.updated());
    assertEquals(List.of("[1,newest]", "[2,two again]", "[3,three]"), rows(schema, "orders", "id, v"));
  }

  @Test
  void aFirstMergeSyncAppendsTheNewestRowPerKeyAndLeavesHardDeletedKeysOut() {
    for (String deleteMode : List.of("hard", "soft")) {
      String schema = newSchema("first_" + deleteMode);
      SyncResult first = sync(schema, config("people", "id", "lsn",
              record("id", 1, "lsn", 1, "_ab_cdc_deleted_at", null),
              record("id", 1, "lsn", 3, "_ab_cdc_deleted_at", "2024-01-01T00:00:00Z"),
              record("id", 2, "lsn", 2, "_ab_cdc_deleted_at", null),
              record("id", 2, "lsn", 1, "_ab_cdc_deleted_at", "2023-01-01T00:00:00Z")),
          "syncMode", "incremental", "deleteMode", deleteMode);
      StreamSyncResult people = first.streams().get(0);
      assertEquals(WriteMode.MERGE, people.writeMode());
      assertEquals(4, people.recordsRead());
      if (deleteMode.equals("hard")) {
        assertEquals(List.of("[2,2,null]"), rows(schema, "people", "id, lsn, _ab_cdc_deleted_at"));
        assertEquals(1, people.inserted());
      } else {
        assertEquals(List.of("[1,3,2024-01-01T00:00:00Z]", "[2,2,null]"),
            rows(schema, "people", "id, lsn, _ab_cdc_deleted_at"));
        assertEquals(2, people.inserted());
      }
      // Nothing to match in an empty table: an append, not a MERGE with its joins.
      assertEquals("WRITE", spark.sql("DESCRIBE HISTORY spark_catalog." + schema + ".people LIMIT 1")
          .first().getAs("operation"));
    }
  }

  @Test
  void mergeNeverReplacesARowWithAnOlderOne() {
    String schema = newSchema("older");
    sync(schema, config("orders", "id", "updated_at", record("id", 1, "updated_at", 9, "v", "new")),
        "syncMode", "incremental");
    // A full refresh of the source's data through MERGE (writeMode override) brings an older version.
    SyncResult again = sync(schema, config("orders", "id", "updated_at",
        record("id", 1, "updated_at", 4, "v", "old"), record("id", 2, "updated_at", 1, "v", "two")),
        "writeMode.orders", "merge");
    assertEquals(0, again.streams().get(0).updated());
    assertEquals(List.of("[1,new]", "[2,two]"), rows(schema, "orders", "id, v"));
  }

  @Test
  void aMergeLeavesRowsItsRecordsAreNotNewerThanAndMatchesNullKeys() {
    // The MERGE drops the records no newer than their row before it runs (MergeSource). The test
    // source's extraction time is the record's position: equal positions tie, and a later sync
    // wins a tie (>=).
    String schema = newSchema("stale");
    sync(schema, config("people", "id", "lsn",
            record("id", 1, "lsn", 5, "v", "one", "_ab_cdc_deleted_at", null),
            record("id", null, "lsn", 5, "v", "none", "_ab_cdc_deleted_at", null),
            record("id", 2, "lsn", 5, "v", "two", "_ab_cdc_deleted_at", null),
            record("id", 3, "lsn", 5, "v", "three", "_ab_cdc_deleted_at", null),
            record("id", 6, "lsn", 5, "v", "six", "_ab_cdc_deleted_at", null)),
        "syncMode", "incremental", "deleteMode", "hard");
    SyncResult second = sync(schema, config("people", "id", "lsn",
            record("id", 6, "lsn", 5, "v", "six, extracted earlier", "_ab_cdc_deleted_at", null),
            record("id", null, "lsn", 6, "v", "none again", "_ab_cdc_deleted_at", null),
            record("id", 2, "lsn", 5, "v", "two again", "_ab_cdc_deleted_at", null),
            record("id", 3, "lsn", 4, "v", "three, older", "_ab_cdc_deleted_at", null),
            record("id", 1, "lsn", 4, "v", "one, older delete", "_ab_cdc_deleted_at", "2024-01-01T00:00:00Z"),
            record("id", 4, "lsn", 1, "v", "four, deleted", "_ab_cdc_deleted_at", "2024-01-02T00:00:00Z"),
            record("id", 5, "lsn", 1, "v", "five", "_ab_cdc_deleted_at", null)),
        "writeMode.people", "merge", "deleteMode", "hard"); // a full read, so older records come too
    StreamSyncResult people = second.streams().get(0);
    assertEquals(List.of(1L, 2L, 0L), List.of(people.inserted(), people.updated(), people.deleted()));
    assertEquals(List.of("[null,none again]", "[1,one]", "[2,two again]", "[3,three]", "[5,five]", "[6,six]"),
        rows(schema, "people", "id, v"));
  }

  @Test
  void cdcDeletesRemoveRowsOrMarkThem() {
    for (String deleteMode : List.of("hard", "soft")) {
      String schema = newSchema("cdc_" + deleteMode);
      sync(schema, config("people", "id", "lsn",
              record("id", 1, "lsn", 1, "_ab_cdc_deleted_at", null),
              record("id", 2, "lsn", 2, "_ab_cdc_deleted_at", null)),
          "syncMode", "incremental", "deleteMode", deleteMode);
      SyncResult second = sync(schema, config("people", "id", "lsn",
              record("id", 1, "lsn", 5, "_ab_cdc_deleted_at", "2024-01-01T00:00:00Z"),
              record("id", 3, "lsn", 6, "_ab_cdc_deleted_at", "2024-01-02T00:00:00Z")),
          "syncMode", "incremental", "deleteMode", deleteMode);
      if (deleteMode.equals("hard")) {
        assertEquals(1, second.streams().get(0).deleted());
        assertEquals(List.of("[2,null]"), rows(schema, "people", "id, _ab_cdc_deleted_at"));
      } else {
        assertEquals(List.of("[1,2024-01-01T00:00:00Z]", "[2,null]", "[3,2024-01-02T00:00:00Z]"),
            rows(schema, "people", "id, _ab_cdc_deleted_at"));
      }
    }
  }

  @Test
  void aColumnTheSourceAddsIsAddedToTheTable() {
    for (String key : new String[] {null, "id"}) {
      String schema = newSchema("evolve");
      sync(schema, config("items", key, "id", record("id", 1, "a", "x")), "syncMode", "incremental");
      sync(schema, config("items", key, "id", record("id", 2, "a", "y", "b", 42)), "syncMode", "incremental");
      assertEquals(List.of("[1,x,null]", "[2,y,42]"), rows(schema, "items", "id, a, b"));
    }
  }

  @Test
  void columnNamesDeltaCannotStorePlainlyAreKeptWithColumnMapping() {
    for (String mode : List.of("full_refresh", "incremental")) {
      String schema = newSchema("names");
      ObjectNode config = config("people", "id", "id", record("id", 1, "first name", "ann", "a,b(c)", 2));
      sync(schema, config, "syncMode", mode);
      sync(schema, config("people", "id", "id", record("id", 1, "first name", "ann", "a,b(c)", 2),
          record("id", 2, "first name", "bob", "a,b(c)", 3)), "syncMode", mode);
      assertEquals(List.of("[1,ann,2]", "[2,bob,3]"), rows(schema, "people", "id, `first name`, `a,b(c)`"));
    }
  }

  @Test
  void aTypeChangeKeepsTheColumnTypeAndRecordsTheValue() {
    String schema = newSchema("retype");
    sync(schema, config("items", null, "id", record("id", 1, "n", 5)), "syncMode", "incremental");
    sync(schema, config("items", null, "id", record("id", 2, "n", "not a number")), "syncMode", "incremental");
    assertEquals(List.of("[1,5,0]", "[2,null,1]"),
        rows(schema, "items", "id, n, size(_airbyte_meta.changes)"));
    assertEquals("bigint", spark.table("spark_catalog." + schema + ".items").schema().apply("n").dataType().simpleString());
  }

  @Test
  void aRecordThatIsNotUtf8IsWrittenWithItsChangeRecorded() {
    String schema = newSchema("utf8");
    // The source writes \udcff as the raw byte 0xFF; Jackson would write a lone surrogate as '?'.
    String config = config("users", "id", null, record("id", 1, "name", "a-BYTE-b"), record("id", 2, "name", "bob"))
        .toString().replace("-BYTE-", "\\udcff");
    StreamSyncResult users = sync(schema, config).streams().get(0);
    assertEquals(2, users.recordsRead());
    assertEquals(2, users.recordsWritten());
    assertEquals(List.of("[1,a\uFFFDb,[name,TRUNCATED,SOURCE_SERIALIZATION_ERROR]]", "[2,bob,null]"),
        rows(schema, "users", "id, name, get(_airbyte_meta.changes, 0)"));

    String failing = newSchema("utf8_failfast");
    Throwable e = assertThrows(Exception.class, () -> sync(failing, config, "mode", "failfast"));
    StringBuilder messages = new StringBuilder();
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      messages.append(cause.getMessage()).append('\n');
    }
    assertTrue(messages.toString().contains("Stream 'users': field 'name' holds bytes that are not valid UTF-8"),
        messages.toString());
  }

  // --- failures and exactly-once ----------------------------------------------------------------

  @Test
  void aConnectorDyingMidStreamLeavesTablesAndStateAsTheyWere() {
    String schema = newSchema("dies");
    ObjectNode config = config("events", null, "ts", record("ts", 1), record("ts", 2));
    sync(schema, config, "syncMode", "incremental");
    List<String> before = rows(schema, "events", "ts, _airbyte_raw_id");
    List<String> statesBefore = states(schema);

    ObjectNode failing = config("events", null, "ts", record("ts", 1), record("ts", 2),
        record("ts", 3), record("ts", 4), record("ts", 5));
    failing.put("fail_after", 2);
    AirbyteConnectorException error = assertThrows(AirbyteConnectorException.class,
        () -> sync(schema, failing, "syncMode", "incremental"));
    assertTrue(error.getMessage().contains("failing on purpose"), error.getMessage());
    assertEquals(before, rows(schema, "events", "ts, _airbyte_raw_id"));
    assertEquals(statesBefore, states(schema));
  }

  @Test
  void aFullStagingDiskFailsTheSyncLeavingTablesStateAndNoStagedFiles() throws Exception {
    String schema = newSchema("fulldisk");
    ObjectNode config = config("events", null, "ts", record("ts", 1), record("ts", 2));
    sync(schema, config, "syncMode", "incremental");
    List<String> before = rows(schema, "events", "ts, _airbyte_raw_id");
    List<String> statesBefore = states(schema);

    ObjectNode[] large = new ObjectNode[1500]; // ~1.5 MB: the disk is full before the last write
    for (int i = 0; i < large.length; i++) {
      large[i] = record("ts", 3 + i, "v", "x".repeat(1000));
    }
    FullDiskFileSystem.register(spark.sparkContext().hadoopConfiguration());
    Path root = Files.createDirectories(temp.resolve("staging"));
    AirbyteException error = assertThrows(AirbyteException.class, () -> sync(schema,
        config("events", null, "ts", large), "syncMode", "incremental",
        "stagingDir", FullDiskFileSystem.SCHEME + "://" + root));
    assertTrue(error.getMessage().contains("No space left on device"), error.getMessage());
    assertEquals(before, rows(schema, "events", "ts, _airbyte_raw_id"));
    assertEquals(statesBefore, states(schema));
    try (var left = Files.list(root)) {
      assertEquals(List.of(), left.toList(), "the staged files were deleted");
    }
  }

  @Test
  void aSyncKilledBetweenDataAndStateCommitEndsLikeAnUninterruptedOne() {
    ObjectNode config = config("events", null, "ts", record("ts", 1, "v", "a"), record("ts", 2, "v", "b"),
        record("ts", 3, "v", "c"), record("ts", 4, "v", "d"), record("ts", 5, "v", "e"),
        record("ts", 6, "v", "f"));
    config.put("state_every", 2);
    String[] options = {"syncMode", "incremental", "checkpointRecords", "2"};

    String reference = newSchema("uninterrupted");
    SyncResult whole = sync(reference, config, options);
    assertEquals(6, whole.streams().get(0).recordsWritten());

    String killed = newSchema("killed");
    AtomicInteger commits = new AtomicInteger();
    SyncRun.at = point -> {
      if (point.startsWith("data ") && commits.incrementAndGet() == 2) {
        throw new IllegalStateException("killed between data and state commit");
      }
    };
    assertThrows(IllegalStateException.class, () -> sync(killed, config, options));
    assertEquals(4, spark.table("spark_catalog." + killed + ".events").count(), "two checkpoints landed");
    SyncRun.at = point -> {};

    SyncResult rerun = sync(killed, config, options);
    assertEquals(2, rerun.streams().get(0).recordsRead(), "resumes after the data that landed");
    String columns = "ts, v, _airbyte_extracted_at";
    assertEquals(rows(reference, "events", columns), rows(killed, "events", columns));
    assertEquals(6, rows(killed, "events", columns).size());
    assertEquals(states(reference).get(states(reference).size() - 1),
        states(killed).get(states(killed).size() - 1));
  }

  // --- state kinds, CONTROL, result ------------------------------------------------------------

  @Test
  void globalStateIsKeptVerbatimAndPassedBack() {
    String schema = newSchema("global");
    ObjectNode config = config("events", null, "ts", record("ts", 1), record("ts", 2));
    config.put("global_state", true);
    SyncResult first = sync(schema, config, "syncMode", "incremental");
    assertTrue(first.streams().get(0).state().contains("\"type\":\"GLOBAL\""));
    ((ArrayNode) config.path("streams").path("events").path("records")).add(record("ts", 3));
    SyncResult second = sync(schema, config, "syncMode", "incremental");
    assertEquals(1, second.streams().get(0).recordsRead());
    assertEquals(List.of("[1,null]", "[2,null]", "[3,null]"), rows(schema, "events", "ts, null"));
  }

  @Test
  void controlConfigReachesTheResultAndAPrivateFile() throws Exception {
    String schema = newSchema("control");
    ObjectNode config = config("users", null, null, record("id", 1));
    config.putObject("control_config").put("token", "rotated-secret");
    Path file = temp.resolve("new-config.json");
    SyncResult result = sync(schema, config, "controlConfigFile", file.toString());
    assertEquals("{\"token\":\"rotated-secret\"}", result.newConfig().orElseThrow());
    assertEquals("{\"token\":\"rotated-secret\"}", Files.readString(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertFalse(result.toString().contains("rotated-secret"));
  }

  @Test
  void resultAsADataFrame() {
    String schema = newSchema("result");
    SyncResult result = sync(schema, config("users", null, null, record("id", 1), record("id", 2)),
        "tablePrefix", "src_");
    Row row = result.toDataFrame().first();
    assertEquals(List.of("stream", "namespace", "table", "write_mode", "records_read", "records_written",
        "inserted", "updated", "deleted", "seconds", "state", "renames", "sync_id", "connector",
        "connector_version", "started_at", "ended_at", "status", "reported_complete", "bytes_read", "error"),
        List.of(result.toDataFrame().columns()), "the earlier twelve first, in their order");
    assertEquals("users", row.getString(0));
    assertEquals("`spark_catalog`.`" + schema + "`.`src_users`", row.getString(2));
    assertEquals("overwrite", row.getString(3));
    assertEquals(2L, row.getLong(4));
    assertEquals(2L, row.getLong(5));
    assertNull(row.get(10));
    assertEquals(List.of(), row.getList(11), "no name changed");
    assertEquals(result.syncId(), row.getLong(12));
    assertEquals("succeeded", row.getString(17));
    assertNull(row.get(18), "the source reported no status");
    assertNull(row.get(20));
    assertEquals(2, spark.table("spark_catalog." + schema + ".src_users").count());
  }

  @Test
  void twoPartNamesWithoutACatalog() {
    String schema = newSchema("plain");
    SyncResult result = AirbyteSync.create(spark)
        .option("connector", TestConnectors.syncSourceOption())
        .option("config", config("users", null, null, record("id", 1)).toString())
        .option("schema", schema)
        .run();
    assertEquals("`" + schema + "`.`users`", result.streams().get(0).table());
    assertEquals(1, spark.table(schema + ".users").count());
  }

  @Test
  void badOptionsFailNamingTheOption() {
    Exception noSchema = assertThrows(RuntimeException.class, () -> AirbyteSync.create(spark)
        .options(Map.of("connector", TestConnectors.syncSourceOption())).run());
    assertTrue(noSchema.getMessage().contains("Option 'schema' is required"), noSchema.getMessage());
    Exception badMode = assertThrows(RuntimeException.class, () -> sync("x", config("s", null, null),
        "writeMode.s", "upsert"));
    assertTrue(badMode.getMessage().contains("'writeMode.s' = 'upsert'"), badMode.getMessage());
  }
}
