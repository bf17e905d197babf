package io.brickbyte.spark;

import io.brickbyte.staging.StagingWriter;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/** The staged segments split into about one partition per core, converted by the tasks. */
final class StagedBatch implements Batch {

  private final StagedRecords records;

  StagedBatch(StagedRecords records) {
    this.records = records;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    SparkContext context = SparkSession.active().sparkContext();
    // No staged dir to keep alive: the sync deletes its own files once written.
    return StagedPartition.plan(records.segments(), context.defaultParallelism(),
        StagingWriter.ROLL_BYTES, records.stream(), records.schema(), records.mode(),
        records.syncId(), null);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new StagedReaderFactory();
  }
}
