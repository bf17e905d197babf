package io.brickbyte.spark;

import io.brickbyte.staging.StagedSegment;
import io.brickbyte.staging.StagingWriter;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Reads of staged records for the stream package: its batches are staged segments, converted by
 * the same partitions and readers as a driver read's. The files are the caller's to delete.
 */
public final class StagedReads {

  private StagedReads() {}

  public static InputPartition[] plan(List<StagedSegment> segments, ReadConf conf, StructType readSchema) {
    return StagedPartition.plan(segments, SparkSession.active().sparkContext().defaultParallelism(),
        StagingWriter.ROLL_BYTES, conf.stream(), readSchema, conf.mode(), null, null);
  }

  public static PartitionReaderFactory readerFactory() {
    return new StagedReaderFactory();
  }
}
