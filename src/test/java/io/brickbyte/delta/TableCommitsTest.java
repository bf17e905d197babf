package io.brickbyte.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.testing.SparkTestBase;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Commit tags and their metrics on a real Delta table, and the ids they are made of. */
class TableCommitsTest extends SparkTestBase {

  @Test
  void aCheckpointsMetricsAreItsOwnCommitsEvenWhenAnotherWriterCommittedSince() {
    String table = "spark_catalog." + SyncFixtures.newSchema("tagged") + ".t";
    spark.sql("CREATE SCHEMA " + table.substring(0, table.lastIndexOf('.')));
    SparkSession own = SyncSession.isolatedFrom(spark);
    TableCommits commits = new TableCommits(own);
    commits.commit(42, 1, () -> own.range(3).write().format("delta").mode("append").saveAsTable(table));
    spark.range(5).write().format("delta").mode("append").saveAsTable(table); // another writer

    Map<String, String> metrics = commits.metrics(table, 42, 1);
    assertEquals("3", metrics.get("numOutputRows"));
    assertEquals(Map.of(), commits.metrics(table, 42, 2), "no commit of that checkpoint");
  }

  @Test
  void syncIdsStartedAtOnceAreDistinctAndGrow() {
    Set<Long> ids = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 10_000).parallel().forEach(i -> ids.add(SyncIds.next()));
    assertEquals(10_000, ids.size());
    long first = SyncIds.next();
    long second = SyncIds.next();
    assertNotEquals(first, second);
    assertTrue(second > first);
  }
}
