package io.brickbyte.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.delta.AirbyteSync;
import io.brickbyte.testing.SparkTestBase;
import io.brickbyte.testing.TestConnectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

/**
 * The metrics every read path reports, read from the executed plan's scan after the query ran:
 * the tasks' (records, bytes, dropped, nulled) and, where the driver staged, the driver's.
 */
class ScanMetricsTest extends SparkTestBase {

  @Test
  void anExecutorReadReportsItsTasksMetrics() {
    Dataset<Row> users = testSource("{\"count\": 5, \"bad_values\": true}").option("stream", "users").load();
    assertEquals(5, users.collectAsList().size());

    Map<String, Long> metrics = metrics(scanOf(users.queryExecution().executedPlan()));
    assertEquals(5L, metrics.get(AirbyteMetrics.RECORDS));
    assertTrue(metrics.get(AirbyteMetrics.BYTES) > 0, metrics.toString());
    assertEquals(0L, metrics.get(AirbyteMetrics.DROPPED));
    assertEquals(2L, metrics.get(AirbyteMetrics.NULLED), "records 2 and 3 have values nulled");
    assertFalse(metrics.containsKey(StagingMetrics.RECORDS), "nothing staged: " + metrics);
  }

  @Test
  void aDriverReadReportsTheSameTaskMetricsAndItsStaging() {
    Dataset<Row> users = testSource("{\"count\": 5, \"bad_values\": true}").option("stream", "users")
        .option("execution", "driver").option("mode", "DROPMALFORMED").load();
    assertEquals(3, users.collectAsList().size());

    Map<String, Long> metrics = metrics(scanOf(users.queryExecution().executedPlan()));
    assertEquals(5L, metrics.get(AirbyteMetrics.RECORDS));
    assertTrue(metrics.get(AirbyteMetrics.BYTES) > 0, metrics.toString());
    assertEquals(2L, metrics.get(AirbyteMetrics.DROPPED), "records 2 and 3 dropped");
    assertEquals(0L, metrics.get(AirbyteMetrics.NULLED));
    assertEquals(5L, metrics.get(StagingMetrics.RECORDS));
    assertEquals(metrics.get(AirbyteMetrics.BYTES), metrics.get(StagingMetrics.BYTES),
        "the tasks read every staged byte once");
    assertTrue(metrics.get(StagingMetrics.MILLIS) > 0, "the connector ran on the driver: " + metrics);
  }

  @Test
  void aSyncsWritesReportTheTaskMetricsAndTheStagingOfTheirRecords() {
    String records = "[{\"id\": 1, \"name\": \"ann\"}, {\"id\": 2, \"name\": \"bob\"}, {\"id\": 3, \"name\": \"cy\"}]";
    List<SparkPlan> executed = new CopyOnWriteArrayList<>();
    // The sync writes in a session of its own: its executions are seen on the context's bus.
    SparkListener capture = new SparkListener() {
      @Override
      public void onOtherEvent(SparkListenerEvent event) {
        if (event instanceof SparkListenerSQLExecutionEnd end && end.qe() != null) {
          executed.add(end.qe().executedPlan());
        }
      }
    };
    spark.sparkContext().addSparkListener(capture);
    try {
      AirbyteSync.create(spark)
          .option("connector", TestConnectors.syncSourceOption())
          .option("config", "{\"streams\": {\"users\": {\"primary_key\": [\"id\"], \"records\": " + records + "}}}")
          .option("catalog", "spark_catalog")
          .option("schema", "metrics_" + System.nanoTime())
          .run();
      Map<String, Long> metrics = awaitStagedScan(executed);
      assertEquals(3L, metrics.get(AirbyteMetrics.RECORDS));
      assertTrue(metrics.get(AirbyteMetrics.BYTES) > 0, metrics.toString());
      assertEquals(0L, metrics.get(AirbyteMetrics.DROPPED));
      assertEquals(0L, metrics.get(AirbyteMetrics.NULLED));
      assertEquals(3L, metrics.get(StagingMetrics.RECORDS));
      assertEquals(metrics.get(AirbyteMetrics.BYTES), metrics.get(StagingMetrics.BYTES));
      assertTrue(metrics.get(StagingMetrics.MILLIS) > 0, metrics.toString());
    } finally {
      spark.sparkContext().removeSparkListener(capture);
    }
  }

  @Test
  void aStreamsBatchesReportTheSameTaskMetrics(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    String config = "{\"streams\": {\"issues\": {\"primary_key\": [\"id\"], \"cursor\": \"id\", "
        + "\"records\": [{\"id\": 1}, {\"id\": 2}, {\"id\": 3}, {\"id\": 4}]}}}";
    org.apache.spark.sql.streaming.StreamingQuery query = spark.readStream().format("airbyte")
        .option("connector", TestConnectors.syncSourceOption()).option("config", config)
        .option("stream", "issues").load()
        .writeStream().format("noop").option("checkpointLocation", dir.resolve("checkpoint").toString())
        .trigger(org.apache.spark.sql.streaming.Trigger.AvailableNow()).start();
    query.awaitTermination();
    SparkPlan plan = ((org.apache.spark.sql.execution.streaming.StreamingQueryWrapper) query)
        .streamingQuery().lastExecution().executedPlan();
    Map<String, Long> metrics = new java.util.TreeMap<>();
    for (SparkPlan leaf : JavaConverters.seqAsJavaList(plan.collectLeaves())) {
      if (leaf instanceof org.apache.spark.sql.execution.datasources.v2.MicroBatchScanExec scan) {
        JavaConverters.mapAsJavaMap(scan.metrics()).forEach((name, metric) -> metrics.put(name, metric.value()));
      }
    }
    assertEquals(4L, metrics.get(AirbyteMetrics.RECORDS), plan.toString());
    assertTrue(metrics.get(AirbyteMetrics.BYTES) > 0, metrics.toString());
    assertEquals(0L, metrics.get(AirbyteMetrics.DROPPED));
  }

  /** The metrics of the first executed scan of staged records; events arrive asynchronously. */
  private static Map<String, Long> awaitStagedScan(List<SparkPlan> executed) {
    for (int i = 0; i < 100; i++) {
      for (SparkPlan plan : executed) {
        for (BatchScanExec scan : scans(plan)) {
          if (scan.scan() instanceof StagedScan) {
            return metrics(scan);
          }
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("no executed plan scanned staged records: " + executed);
  }

  private static BatchScanExec scanOf(SparkPlan plan) {
    List<BatchScanExec> scans = scans(plan);
    assertEquals(1, scans.size(), plan.toString());
    return scans.get(0);
  }

  private static List<BatchScanExec> scans(SparkPlan plan) {
    List<BatchScanExec> scans = new ArrayList<>();
    for (SparkPlan leaf : JavaConverters.seqAsJavaList(plan.collectLeaves())) {
      if (leaf instanceof BatchScanExec scan) {
        scans.add(scan);
      } else if (leaf instanceof AdaptiveSparkPlanExec adaptive) {
        scans.addAll(scans(adaptive.executedPlan()));
      }
    }
    return scans;
  }

  private static Map<String, Long> metrics(BatchScanExec scan) {
    Map<String, Long> values = new java.util.TreeMap<>();
    JavaConverters.mapAsJavaMap(scan.metrics()).forEach((name, metric) -> values.put(name, metric.value()));
    return values;
  }
}
