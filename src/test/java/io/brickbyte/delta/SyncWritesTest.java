package io.brickbyte.delta;

import static io.brickbyte.delta.SyncFixtures.config;
import static io.brickbyte.delta.SyncFixtures.history;
import static io.brickbyte.delta.SyncFixtures.newSchema;
import static io.brickbyte.delta.SyncFixtures.record;
import static io.brickbyte.delta.SyncFixtures.rows;
import static io.brickbyte.delta.SyncFixtures.sync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.AirbyteConfigException;
import io.brickbyte.testing.SparkTestBase;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** What a sync's writes leave in the table: ties, counts, and a column-mapped full refresh. */
class SyncWritesTest extends SparkTestBase {

  /** The test hook of StagedPartition that caps a staged read's split size. */
  private static final String MAX_SPLIT_BYTES = "brickbyte.test.maxSplitBytes";

  private static void assertCounts(StreamSyncResult result, long written, long inserted, long updated) {
    assertEquals(List.of(written, inserted, updated),
        List.of(result.recordsWritten(), result.inserted(), result.updated()), result.toString());
  }

  @Test
  void ofRecordsOfOneKeyWithEqualCursorAndExtractionTimeTheLastSentWins() {
    // ~2 MB in one checkpoint, read in 64 KB splits: each key's records span ~30 partitions.
    List<ObjectNode> records = IntStream.range(0, 3000)
        .mapToObj(i -> record("id", i % 5, "updated_at", 7, "v", "r" + i, "pad", "x".repeat(600))).toList();
    ObjectNode config = config("orders", "id", "updated_at", records);
    config.put("emitted_at", 1700000000000L);
    String schema = newSchema("ties");
    List<String> lastSent = List.of("[0,r2995]", "[1,r2996]", "[2,r2997]", "[3,r2998]", "[4,r2999]");
    System.setProperty(MAX_SPLIT_BYTES, Long.toString(64 << 10));
    try {
      // Into the empty table (an append of each key's winner), then by MERGE into the full one.
      for (int run = 0; run < 2; run++) {
        StreamSyncResult orders = sync(spark, schema, config, "writeMode.orders", "merge").streams().get(0);
        assertEquals(WriteMode.MERGE, orders.writeMode());
        assertEquals(lastSent, rows(spark, schema, "orders", "id, v"), "run " + run);
        assertCounts(orders, 5, run == 0 ? 5 : 0, run == 0 ? 0 : 5);
      }
    } finally {
      System.clearProperty(MAX_SPLIT_BYTES);
    }
  }

  @Test
  void recordsWrittenCountsTheRowsTheSyncChangedInEveryWriteMode() {
    String full = newSchema("count_full");
    StreamSyncResult overwrite = sync(spark, full, config("users", "id", null, List.of(
        record("id", 1, "v", "a"), record("id", 1, "v", "b"), record("id", 2, "v", "c")))).streams().get(0);
    assertEquals(WriteMode.OVERWRITE, overwrite.writeMode());
    assertCounts(overwrite, 3, 3, 0); // a full refresh keeps what the source sent, duplicates too

    String events = newSchema("count_append");
    StreamSyncResult append = sync(spark, events, config("events", null, "ts", List.of(
        record("ts", 1), record("ts", 1), record("ts", 2))), "syncMode", "incremental").streams().get(0);
    assertEquals(WriteMode.APPEND, append.writeMode());
    assertCounts(append, 3, 3, 0);

    String merged = newSchema("count_merge");
    StreamSyncResult intoEmpty = sync(spark, merged, config("orders", "id", "u", List.of(
        record("id", 1, "u", 1), record("id", 1, "u", 2), record("id", 2, "u", 1))),
        "syncMode", "incremental").streams().get(0);
    assertCounts(intoEmpty, 2, 2, 0); // each key's newest record; the older one changed nothing
    StreamSyncResult merge = sync(spark, merged, config("orders", "id", "u", List.of(
        record("id", 1, "u", 3), record("id", 1, "u", 4), record("id", 3, "u", 5))),
        "syncMode", "incremental").streams().get(0);
    assertEquals(WriteMode.MERGE, merge.writeMode());
    assertCounts(merge, 2, 1, 1);
    assertEquals(List.of("[1,4]", "[2,1]", "[3,5]"), rows(spark, merged, "orders", "id, u"));
  }

  @Test
  void aFirstFullRefreshOfAColumnMappedTableIsOneCommitWithItsRows() {
    String schema = newSchema("mapped_full");
    sync(spark, schema, config("people", "id", null, List.of(
        record("id", 1, "first name", "ann"), record("id", 2, "first name", "bob"))));
    List<Row> commits = history(spark, schema, "people");
    assertEquals(1, commits.size(), "no empty table before the rows: " + commits);
    assertTrue(commits.get(0).getString(2).startsWith("brickbyte sync "), commits.toString());
    assertEquals(2L, spark.sql("SELECT count(*) FROM spark_catalog." + schema + ".people VERSION AS OF 0")
        .first().getLong(0));
    assertEquals("name", spark.sql("SHOW TBLPROPERTIES spark_catalog." + schema
        + ".people ('delta.columnMapping.mode')").first().getString(1));

    sync(spark, schema, config("people", "id", null, List.of(record("id", 3, "first name", "cy"))));
    assertEquals(List.of("[3,cy]"), rows(spark, schema, "people", "id, `first name`"));
    assertEquals(2, history(spark, schema, "people").size());
  }

  @Test
  void aMergeStreamsNewTableHasDeletionVectorsSoAMergeRewritesNoFileWhole() {
    String schema = newSchema("merge_dv");
    String orders = "spark_catalog." + schema + ".orders";
    // A column-mapped name too: both features live in the table-features protocol.
    sync(spark, schema, config("orders", "id", "u", List.of(record("id", 1, "u", 1, "first name", "ann"),
        record("id", 2, "u", 1, "first name", "bob"))), "syncMode", "incremental");
    sync(spark, schema, config("orders", "id", "u", List.of(record("id", 1, "u", 2, "first name", "cy"),
        record("id", 3, "u", 2, "first name", "dee"))), "syncMode", "incremental");
    assertEquals(List.of("[1,cy]", "[2,bob]", "[3,dee]"), rows(spark, schema, "orders", "id, `first name`"));
    assertEquals("true", spark.sql("SHOW TBLPROPERTIES " + orders + " ('delta.enableDeletionVectors')")
        .first().getString(1));
    assertEquals("name", spark.sql("SHOW TBLPROPERTIES " + orders + " ('delta.columnMapping.mode')")
        .first().getString(1));
    // The update marked the old row in a deletion vector; the file that held it was not rewritten.
    Map<String, String> merge = spark.sql("DESCRIBE HISTORY " + orders)
        .where("operation = 'MERGE'").select("operationMetrics").first().getJavaMap(0);
    assertEquals("1", merge.get("numTargetDeletionVectorsAdded"), merge.toString());
    assertEquals("0", merge.get("numTargetFilesRemoved"), merge.toString());

    // An append stream's table is left as Delta makes it.
    sync(spark, schema, config("events", null, "u", List.of(record("u", 1))), "syncMode", "incremental");
    assertEquals(0, spark.sql("SHOW TBLPROPERTIES spark_catalog." + schema + ".events")
        .where("key = 'delta.enableDeletionVectors'").count());
  }

  @Test
  void withChangeDataFeedTheTablesRecordEveryChangeOfEachSync() {
    String schema = newSchema("cdf");
    String orders = "spark_catalog." + schema + ".orders";
    // A table that existed before the option: the option turns the feed on for it.
    sync(spark, schema, config("orders", "id", "updated_at", List.of(record("id", 1, "updated_at", 1, "v", "a"))),
        "syncMode", "incremental", "writeMode.orders", "merge");
    assertEquals(0, spark.sql("SHOW TBLPROPERTIES " + orders).where("key = 'delta.enableChangeDataFeed'").count());
    long before = history(spark, schema, "orders").size();

    sync(spark, schema, config("orders", "id", "updated_at", List.of(
        record("id", 1, "updated_at", 2, "v", "b"), record("id", 2, "updated_at", 3, "v", "c"))),
        "syncMode", "incremental", "writeMode.orders", "merge", "changeDataFeed", "true");
    List<String> changes = spark.read().format("delta").option("readChangeFeed", "true")
        .option("startingVersion", before).table(orders)
        .selectExpr("concat(id, ':', v, ':', _change_type)").collectAsList().stream()
        .map(row -> row.getString(0)).sorted().toList();
    assertEquals(List.of("1:a:update_preimage", "1:b:update_postimage", "2:c:insert"), changes);

    String fresh = newSchema("cdf_new");
    sync(spark, fresh, config("users", "id", null, List.of(record("id", 1, "v", "a"))), "changeDataFeed", "true");
    assertEquals("true", spark.sql("SHOW TBLPROPERTIES spark_catalog." + fresh
        + ".users ('delta.enableChangeDataFeed')").first().getString(1));
    // A full refresh of a table that existed without the feed turns it on, then replaces the rows.
    sync(spark, fresh, config("people", "id", null, List.of(record("id", 1, "v", "a"))));
    sync(spark, fresh, config("people", "id", null, List.of(record("id", 2, "v", "b"))), "changeDataFeed", "true");
    assertEquals(List.of("1:a:delete", "2:b:insert"), spark.read().format("delta").option("readChangeFeed", "true")
        .option("startingVersion", 1).table("spark_catalog." + fresh + ".people")
        .selectExpr("concat(id, ':', v, ':', _change_type)").collectAsList().stream()
        .map(row -> row.getString(0)).sorted().toList());
    assertThrows(AirbyteConfigException.class, () -> sync(spark, fresh,
        config("users", "id", null, List.of(record("id", 1))), "changeDataFeed", "yes"));
  }
}
