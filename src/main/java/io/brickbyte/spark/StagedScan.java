package io.brickbyte.spark;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.Statistics;
import org.apache.spark.sql.connector.read.SupportsReportStatistics;
import org.apache.spark.sql.types.StructType;

/**
 * A scan of a sync's staged records, with the driver's staging work as its driver metrics and its
 * size ({@link StagedStatistics}).
 */
final class StagedScan implements SupportsReportStatistics {

  private final String tableName;
  private final StagedRecords records;

  StagedScan(String tableName, StagedRecords records) {
    this.tableName = tableName;
    this.records = records;
  }

  @Override
  public StructType readSchema() {
    return records.schema();
  }

  @Override
  public String description() {
    return tableName + " (" + records.segments().size() + " staged segments)";
  }

  @Override
  public Statistics estimateStatistics() {
    return StagedStatistics.of(records.work());
  }

  @Override
  public Batch toBatch() {
    return new StagedBatch(records);
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return StagingMetrics.withTaskMetrics();
  }

  @Override
  public CustomTaskMetric[] reportDriverMetrics() {
    return StagingMetrics.of(records.work());
  }
}
