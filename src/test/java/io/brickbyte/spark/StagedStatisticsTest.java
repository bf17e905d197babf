package io.brickbyte.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.brickbyte.convert.ConversionMode;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.staging.StagedSegment;
import io.brickbyte.staging.StagingWork;
import io.brickbyte.testing.SparkTestBase;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.Statistics;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** A sync's staged read tells Spark its size, so a join with a large table broadcasts it. */
class StagedStatisticsTest extends SparkTestBase {

  private static Dataset<Row> staged(long bytes, long records) {
    StructType schema = new StructType().add("id", DataTypes.LongType);
    // Planning only: nothing reads the file.
    return new StagedRecords(new StreamDescriptor("s", null), schema, ConversionMode.FAILFAST, 1L,
        List.of(new StagedSegment("/nonexistent/staged", 0, bytes)),
        new StagingWork(records, bytes, Duration.ZERO)).read(spark);
  }

  @Test
  void aStagedReadReportsItsStagedBytesAndRecords() {
    Statistics stats = staged(123_456, 789).queryExecution().optimizedPlan().stats();
    assertEquals(123_456L, stats.sizeInBytes().longValue());
    assertEquals(789L, stats.rowCount().get().longValue());
  }

  @Test
  void aSmallCheckpointIsBroadcastInAJoinWithALargeTable() {
    Dataset<Row> table = spark.range(1_000_000_000L).toDF("id");
    String plan = staged(2_000_000, 10_000).join(table, "id").queryExecution().executedPlan().toString();
    assertTrue(plan.contains("BroadcastHashJoin") && !plan.contains("SortMergeJoin"), plan);
  }
}
