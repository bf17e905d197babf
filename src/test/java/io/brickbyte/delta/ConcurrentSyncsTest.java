package io.brickbyte.delta;

import static io.brickbyte.delta.SyncFixtures.config;
import static io.brickbyte.delta.SyncFixtures.history;
import static io.brickbyte.delta.SyncFixtures.newSchema;
import static io.brickbyte.delta.SyncFixtures.record;
import static io.brickbyte.delta.SyncFixtures.sync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.AirbyteException;
import io.brickbyte.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Syncs running at once in one session, and the user's own session settings around a sync. */
class ConcurrentSyncsTest extends SparkTestBase {

  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @AfterEach
  void cleanUp() {
    SyncRun.at = point -> {};
    threads.shutdownNow();
  }

  /** {@code count} records with distinct ids, a state every {@code every}, sent slowly. */
  private static ObjectNode slowSource(int count, int every) {
    List<ObjectNode> records = IntStream.rangeClosed(1, count)
        .mapToObj(i -> record("id", i, "v", "r" + i)).toList();
    ObjectNode config = config("orders", "id", "id", records);
    config.put("state_every", every);
    config.put("sleep_every", every / 2);
    config.put("sleep_seconds", 0.1);
    return config;
  }

  private static long syncIdOfRows(String schema) {
    List<Row> ids = spark.sql("SELECT DISTINCT _airbyte_meta.sync_id FROM spark_catalog." + schema + ".orders")
        .collectAsList();
    assertEquals(1, ids.size(), "one sync wrote the rows");
    return ids.get(0).getLong(0);
  }

  @Test
  void twoSyncsOfDifferentSchemasAtOnceEachCountAndTagTheirOwnCommits() throws Exception {
    String a = newSchema("together_a");
    String b = newSchema("together_b");
    CyclicBarrier start = new CyclicBarrier(2);
    Future<SyncResult> first = threads.submit(() -> {
      start.await();
      return sync(spark, a, slowSource(300, 50), "syncMode", "incremental", "checkpointRecords", "50");
    });
    Future<SyncResult> second = threads.submit(() -> {
      start.await();
      return sync(spark, b, slowSource(174, 29), "syncMode", "incremental", "checkpointRecords", "29");
    });
    StreamSyncResult ofA = first.get(5, TimeUnit.MINUTES).streams().get(0);
    StreamSyncResult ofB = second.get(5, TimeUnit.MINUTES).streams().get(0);

    assertEquals(300, ofA.recordsWritten());
    assertEquals(300, ofA.inserted());
    assertEquals(174, ofB.recordsWritten());
    assertEquals(174, ofB.inserted());
    long idA = syncIdOfRows(a);
    long idB = syncIdOfRows(b);
    assertNotEquals(idA, idB, "two syncs never share an id");
    for (String schema : List.of(a, b)) {
      long id = schema.equals(a) ? idA : idB;
      List<String> tags = new ArrayList<>();
      for (Row commit : history(spark, schema, "orders")) {
        if (!"CREATE TABLE".equals(commit.getString(1))) {
          tags.add(commit.getString(2));
        }
      }
      // A checkpoint per 50 (or 29) records, six each; the last, with no new records, writes nothing.
      List<String> expected = IntStream.rangeClosed(1, 6)
          .mapToObj(c -> TableCommits.tag(id, c)).toList();
      assertEquals(expected, tags, "every data commit of " + schema + " carries its own sync's tag");
    }
  }

  @Test
  void aSecondSyncOfASchemaWhileOneRunsFailsAtOnceAndTheFirstCompletes() throws Exception {
    String schema = newSchema("one_at_a_time");
    CountDownLatch firstCommitted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    SyncRun.at = point -> {
      if (!point.startsWith("data ")) {
        return;
      }
      firstCommitted.countDown();
      try {
        release.await(2, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    Future<SyncResult> first = threads.submit(() -> sync(spark, schema, slowSource(20, 10),
        "syncMode", "incremental", "checkpointRecords", "10"));
    assertTrue(firstCommitted.await(2, TimeUnit.MINUTES), "the first sync committed a checkpoint");

    AirbyteException refused = assertThrows(AirbyteException.class,
        () -> sync(spark, schema, slowSource(5, 5), "syncMode", "incremental"));
    release.countDown();
    assertEquals(20, first.get(2, TimeUnit.MINUTES).streams().get(0).recordsWritten());
    String message = refused.getMessage();
    assertTrue(message.startsWith("Another sync of schema spark_catalog." + schema + " is running since "), message);
    assertTrue(message.contains("(sync id " + syncIdOfRows(schema) + ")"), message);
    assertFalse(message.contains("Delta"), message);

    SyncFixtures.sync(spark, schema, slowSource(25, 10), "syncMode", "incremental");
    assertEquals(25, spark.table("spark_catalog." + schema + ".orders").count(), "the schema is free again");
  }

  @Test
  void theUsersOwnSessionSettingsSurviveASyncAndDoNotReachItsCommits() {
    Map<String, String> mine = Map.of(
        "spark.databricks.delta.schema.autoMerge.enabled", "true",
        TableCommits.USER_METADATA, "my own tag",
        TableCommits.TXN_APP_ID, "my-app",
        TableCommits.TXN_VERSION, "7");
    mine.forEach(spark.conf()::set);
    String schema = newSchema("user_conf");
    try {
      sync(spark, schema, slowSource(4, 2), "syncMode", "incremental", "checkpointRecords", "2");
      ObjectNode more = config("orders", "id", "id", List.of(record("id", 1, "v", "r1"),
          record("id", 5, "v", "r5", "w", 1)));
      SyncResult second = sync(spark, schema, more, "syncMode", "incremental");

      mine.forEach((key, value) -> assertEquals(value, spark.conf().get(key), key));
      assertEquals(5, spark.table("spark_catalog." + schema + ".orders").count());
      for (Row commit : history(spark, schema, "orders")) {
        assertNotEquals("my own tag", commit.getString(2));
      }
      // The user's txnAppId would make Delta skip the state log's appends as already done.
      assertEquals(1, second.streams().get(0).recordsRead(), "the second sync resumed from saved state");
    } finally {
      mine.keySet().forEach(spark.conf()::unset);
    }
  }
}
