package io.brickbyte.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.Json;
import io.brickbyte.testing.SparkTestBase;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The state log on a real Delta table: what a start reads, and its compaction. */
class StateStoreTest extends SparkTestBase {

  private static AirbyteMessage.State streamState(String stream, int cursor) {
    ObjectNode json = Json.MAPPER.createObjectNode().put("type", "STREAM");
    ObjectNode body = json.putObject("stream");
    body.putObject("stream_descriptor").put("name", stream);
    body.putObject("stream_state").put("cursor", cursor);
    return new AirbyteMessage.State(json);
  }

  private static long rows(String table) {
    return spark.table(table).count();
  }

  @Test
  void aLongLogIsRewrittenAsTheCurrentStatesWhichStayTheSame() {
    String schema = "state_store_" + System.nanoTime();
    spark.sql("CREATE SCHEMA spark_catalog." + schema);
    String table = "spark_catalog." + schema + "._airbyte_state";
    StateStore writer = new StateStore(spark, table, Integer.MAX_VALUE);
    writer.ensureExists();
    int cursor = 0;
    for (long sync = 1; sync <= 4; sync++) {
      for (long checkpoint = 1; checkpoint <= 2; checkpoint++) {
        cursor++;
        List<StateStore.Entry> entries = List.of(
            new StateStore.Entry(streamState("a", cursor), List.of("t_a")),
            new StateStore.Entry(streamState("b", 100 + cursor), List.of("t_b")));
        writer.logPending(sync, checkpoint, entries);
        writer.logCommitted(sync, checkpoint, entries);
      }
    }
    TableCommits commits = new TableCommits(spark);
    Set<AirbyteMessage.State> current = Set.copyOf(writer.current(commits));
    assertEquals(Set.of(streamState("a", 8), streamState("b", 108)), current);
    assertEquals(32, rows(table), "below its threshold the log is kept");

    StateStore compacting = new StateStore(spark, table, 5);
    assertEquals(current, Set.copyOf(compacting.current(commits)));
    assertEquals(2, rows(table), "one row per key after compaction");
    assertEquals(current, Set.copyOf(compacting.current(commits)), "and the same states from it");
    long before = spark.sql("DESCRIBE HISTORY " + table).count() - 2;
    assertEquals(32, spark.sql("SELECT * FROM " + table + " VERSION AS OF " + before).count(),
        "the rows it dropped stay readable with time travel");

    compacting.logCommitted(5, 1, List.of(new StateStore.Entry(streamState("a", 9), List.of("t_a"))));
    assertEquals(Set.of(streamState("a", 9), streamState("b", 108)),
        Set.copyOf(compacting.current(commits)));
  }
  @Test
  void aReaderBesideTheSyncsCountsAPendingStateWhoseDataLandedAndWritesNothing() {
    String schema = "spark_catalog." + SyncFixtures.newSchema("state_reader");
    spark.sql("CREATE SCHEMA " + schema);
    String table = schema + "._airbyte_state";
    String landedTable = schema + ".t_a";
    StateStore store = new StateStore(spark, table, Integer.MAX_VALUE);
    store.ensureExists();
    store.logCommitted(1, 1, List.of(new StateStore.Entry(streamState("a", 1), List.of(landedTable)),
        new StateStore.Entry(streamState("b", 101), List.of(schema + ".t_b"))));
    // Sync 2 was killed (or still runs): a's data landed, b's did not.
    SparkSession own = SyncSession.isolatedFrom(spark);
    new TableCommits(own).commit(2, 1,
        () -> own.range(1).write().format("delta").mode("append").saveAsTable(landedTable));
    store.logPending(2, 1, List.of(new StateStore.Entry(streamState("a", 2), List.of(landedTable)),
        new StateStore.Entry(streamState("b", 102), List.of(schema + ".t_b"))));
    long logged = rows(table);

    TableCommits commits = new TableCommits(spark);
    Set<AirbyteMessage.State> expected = Set.of(streamState("a", 2), streamState("b", 101));
    assertEquals(expected, Set.copyOf(store.committed(commits)));
    assertEquals(logged, rows(table), "the reader settled nothing in the log");
    assertEquals(expected, Set.copyOf(store.current(commits)), "what the next sync resumes from");
    assertEquals(logged + 2, rows(table), "the sync settled the pending checkpoint");
  }
}
