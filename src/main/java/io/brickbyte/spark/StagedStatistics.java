package io.brickbyte.spark;

import io.brickbyte.staging.StagingWork;
import java.util.OptionalLong;
import org.apache.spark.sql.connector.read.Statistics;

/**
 * What a staged read knows of its size before it runs: the staged bytes and the records in them.
 * Without it Spark takes a scan's size as {@code spark.sql.defaultSizeInBytes} (unbounded), so a
 * join of a small checkpoint with a large table (a MERGE's) shuffles the whole table instead of
 * broadcasting the checkpoint. Protocol lines are larger than the rows they convert to, so the
 * bytes overstate the rows' size, as a file's bytes do for Spark's file sources.
 */
record StagedStatistics(long bytes, long records) implements Statistics {

  static StagedStatistics of(StagingWork work) {
    return new StagedStatistics(work.bytes(), work.records());
  }

  @Override
  public OptionalLong sizeInBytes() {
    return OptionalLong.of(bytes);
  }

  @Override
  public OptionalLong numRows() {
    return OptionalLong.of(records);
  }
}
