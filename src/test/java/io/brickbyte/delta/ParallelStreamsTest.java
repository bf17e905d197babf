package io.brickbyte.delta;

import static io.brickbyte.delta.SyncFixtures.config;
import static io.brickbyte.delta.SyncFixtures.newSchema;
import static io.brickbyte.delta.SyncFixtures.numbered;
import static io.brickbyte.delta.SyncFixtures.rows;
import static io.brickbyte.delta.SyncFixtures.stream;
import static io.brickbyte.delta.SyncFixtures.sync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.AirbyteConfigException;
import io.brickbyte.AirbyteException;
import io.brickbyte.testing.SparkTestBase;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A sync's streams in several connector runs at once (option {@code parallelism}). */
class ParallelStreamsTest extends SparkTestBase {

  private static final List<String> TABLES = List.of("a", "b", "c", "d", "e");
  /** The threads that cut checkpoints, per sync: one per connector run. */
  private final Set<String> cutters = ConcurrentHashMap.newKeySet();

  @AfterEach
  void cleanUp() {
    SyncRun.at = point -> {};
  }

  private void watchCutters() {
    SyncRun.at = point -> {
      if (point.startsWith("cut ")) {
        cutters.add(Thread.currentThread().getName());
      }
    };
  }

  /** Five streams: merged (a, b), appended with no key (c), merged interleaved ids (d), full refresh (e). */
  private static ObjectNode fiveStreams(int upTo) {
    ObjectNode config = config();
    stream(config, "a", "id", "id", numbered("id", 1, upTo));
    stream(config, "b", "id", "id", numbered("id", 1, upTo * 2));
    stream(config, "c", null, "id", numbered("id", 1, upTo));
    stream(config, "d", "id", "id", numbered("id", 101, 100 + upTo));
    stream(config, "e", null, null, numbered("id", 1, upTo));
    config.put("state_every", 3);
    return config;
  }

  private static Map<String, List<String>> landed(String schema) {
    Map<String, List<String>> tables = new TreeMap<>();
    for (String table : TABLES) {
      tables.put(table, rows(spark, schema, table, "id, _airbyte_extracted_at"));
    }
    return tables;
  }

  /** Each stream's current state and the history's rows, sync id aside. */
  private static Map<String, String> states(SyncResult result) {
    return result.streams().stream().collect(Collectors.toMap(StreamSyncResult::stream,
        s -> s.state() + " " + s.recordsRead() + " " + s.recordsWritten() + " " + s.status(), (x, y) -> x, TreeMap::new));
  }

  @Test
  void threeGroupsLandWhatOneRunLandsAndResumePerStream() {
    String one = newSchema("par_one");
    String three = newSchema("par_three");
    String[] incremental = {"syncMode", "incremental", "checkpointRecords", "6"};
    SyncResult byOne = sync(spark, one, fiveStreams(6), incremental);
    watchCutters();
    SyncResult byThree = sync(spark, three, fiveStreams(6), "syncMode", "incremental",
        "checkpointRecords", "6", "parallelism", "3");

    assertEquals(3, cutters.size(), "three connector runs cut checkpoints: " + cutters);
    assertTrue(cutters.stream().allMatch(t -> t.startsWith("brickbyte-sync-" + byThree.syncId() + "-group-")), cutters.toString());
    assertEquals(landed(one), landed(three));
    assertEquals(states(byOne), states(byThree));
    assertEquals(5, byThree.streams().size());
    List<Row> history = spark.sql("SELECT DISTINCT sync_id, status FROM spark_catalog." + three + "._airbyte_syncs").collectAsList();
    assertEquals(List.of(byThree.syncId() + " succeeded"),
        history.stream().map(r -> r.getLong(0) + " " + r.getString(1)).toList(), "one sync, one id in the history");

    // More records: each stream resumes from its own state, in its own group.
    SyncResult againByOne = sync(spark, one, fiveStreams(9), incremental);
    cutters.clear();
    SyncResult againByThree = sync(spark, three, fiveStreams(9), "syncMode", "incremental",
        "checkpointRecords", "6", "parallelism", "3");
    assertEquals(3, cutters.size(), "three runs again: " + cutters);
    assertEquals(landed(one), landed(three));
    assertEquals(states(againByOne), states(againByThree));
    Map<String, Long> read = againByThree.streams().stream()
        .collect(Collectors.toMap(StreamSyncResult::stream, StreamSyncResult::recordsRead));
    assertEquals(Map.of("a", 3L, "b", 6L, "c", 3L, "d", 3L, "e", 9L), read, "only the new records, but e in full");
  }

  @Test
  void aGlobalStateKeepsOneRun() {
    String schema = newSchema("par_global");
    ObjectNode config = fiveStreams(6);
    config.put("global_state", true);
    String[] options = {"syncMode", "incremental", "parallelism", "3"};
    // A first sync cannot know from a saved state: the group that gets the GLOBAL state refuses it.
    AirbyteException refused = assertThrows(AirbyteException.class, () -> sync(spark, schema, config, options));
    assertTrue(refused.getMessage().contains("sent a GLOBAL state, shared by all its streams")
        && refused.getMessage().contains("Sync this source with parallelism=1"), refused.getMessage());
    assertEquals(List.of(), SyncFixtures.committedStates(spark, schema), "no GLOBAL state committed");

    sync(spark, schema, config, "syncMode", "incremental");
    watchCutters();
    SyncResult again = sync(spark, schema, fiveStreams(9).put("global_state", true), options);
    assertEquals(Set.of(Thread.currentThread().getName()), cutters, "one run, on the sync's thread");
    assertEquals(3L, again.streams().get(0).recordsRead(), "resumed from the GLOBAL state");
    assertEquals(9, spark.table("spark_catalog." + schema + ".a").count());
  }

  @Test
  void badParallelismIsRefusedNamingTheOption() {
    for (String bad : List.of("0", "-2", "two", "1.5", "65")) {
      AirbyteConfigException e = assertThrows(AirbyteConfigException.class,
          () -> sync(spark, newSchema("par_bad"), fiveStreams(1), "parallelism", bad));
      assertTrue(e.getMessage().startsWith("Option 'parallelism' = '" + bad + "' is not accepted"), e.getMessage());
    }
  }

  @Test
  void aFailingGroupKeepsWhatItCommittedAndTheOthersFinish() {
    String schema = newSchema("par_fail");
    ObjectNode config = fiveStreams(4);
    config.put("state_every", 2);
    ((ObjectNode) config.get("streams").get("d")).put("fail_after", 3); // group 2 of 2: b, d
    AirbyteException failed = assertThrows(AirbyteException.class, () -> sync(spark, schema, config,
        "syncMode", "incremental", "checkpointRecords", "2", "parallelism", "2"));
    assertTrue(failed.getMessage().contains("read of streams b, d exited with code 1"), failed.getMessage());

    assertEquals(4, spark.table("spark_catalog." + schema + ".a").count(), "group 1 ran to its end");
    assertEquals(4, spark.table("spark_catalog." + schema + ".c").count());
    assertEquals(4, spark.table("spark_catalog." + schema + ".e").count());
    assertEquals(8, spark.table("spark_catalog." + schema + ".b").count(), "group 2 before its failure");
    assertEquals(2, spark.table("spark_catalog." + schema + ".d").count(), "what d's state covered");
    Map<String, String> status = spark.sql("SELECT stream, status FROM spark_catalog." + schema + "._airbyte_syncs")
        .collectAsList().stream().collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
    assertEquals(Map.of("a", "succeeded", "b", "failed", "c", "succeeded", "d", "failed", "e", "succeeded"), status);
    assertEquals(List.of(), ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("sync_source")).toList(), "no connector left");

    SyncResult rerun = sync(spark, schema, fiveStreams(4), "syncMode", "incremental", "parallelism", "2");
    assertEquals(4, spark.table("spark_catalog." + schema + ".d").count(), "d resumed after its 2");
    assertEquals(2L, rerun.streams().stream().filter(s -> s.stream().equals("d")).findFirst().orElseThrow().recordsRead());
  }

  private static List<ProcessHandle> connectorReads() {
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("sync_source.py read")).toList();
  }

  @Test
  void anInterruptedSyncStopsEveryGroupsConnector() throws Exception {
    String schema = newSchema("par_interrupt");
    ObjectNode config = fiveStreams(300);
    config.put("stream_rate", 10); // 30 s a stream: still reading when interrupted
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread syncing = new Thread(() -> {
      try {
        sync(spark, schema, config, "parallelism", "2");
      } catch (Throwable e) {
        outcome.set(e);
      }
    });
    syncing.start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (connectorReads().size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    // Each group's read (a process, and any wrapper of it) is running.
    assertTrue(connectorReads().size() >= 2, "both groups' connectors are reading: " + connectorReads());
    syncing.interrupt();
    syncing.join(TimeUnit.MINUTES.toMillis(3));
    assertFalse(syncing.isAlive(), "the sync ended");
    assertTrue(outcome.get() instanceof AirbyteException
        && outcome.get().getMessage().contains("interrupted"), String.valueOf(outcome.get()));
    assertEquals(List.of(), connectorReads(), "no connector outlives the sync");
    assertEquals(List.of("failed"), spark.sql("SELECT DISTINCT status FROM spark_catalog." + schema
        + "._airbyte_syncs").collectAsList().stream().map(r -> r.getString(0)).toList(), "its history rows");
  }
}
