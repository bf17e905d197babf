package io.brickbyte.spark;

import io.brickbyte.compat.SparkInternals;
import io.brickbyte.convert.ConversionMode;
import io.brickbyte.protocol.StreamDescriptor;
import io.brickbyte.staging.StagedSegment;
import io.brickbyte.staging.StagingWork;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A stream's records that a sync's driver staged, to be converted by tasks into {@code schema}
 * with {@code _airbyte_meta.sync_id} = {@code syncId}; {@code work} is what staging them took.
 */
public record StagedRecords(
    StreamDescriptor stream,
    StructType schema,
    ConversionMode mode,
    long syncId,
    List<StagedSegment> segments,
    StagingWork work) {

  public StagedRecords {
    segments = List.copyOf(segments);
  }

  /**
   * The records as a Dataset over a table of their own ({@link StagedTable}), built as Spark's
   * own {@code load()} builds one: the public {@code airbyte} format takes no staged files.
   */
  public Dataset<Row> read(SparkSession spark) {
    return SparkInternals.read(spark, new StagedTable(this));
  }
}
