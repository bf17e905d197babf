package io.brickbyte.delta;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** The outcome of a sync: per stream counts and state, and a config update the source asked for. */
public final class SyncResult {

  private static final StructType SCHEMA =
      StructType.fromDDL(
          "stream STRING, namespace STRING, table STRING, write_mode STRING, records_read BIGINT, "
              + "records_written BIGINT, inserted BIGINT, updated BIGINT, deleted BIGINT, "
              + "seconds DOUBLE, state STRING, renames ARRAY<STRING>");

  private final SparkSession spark;
  private final List<StreamSyncResult> streams;
  private final String newConfig;

  SyncResult(SparkSession spark, List<StreamSyncResult> streams, String newConfig) {
    this.spark = spark;
    this.streams = List.copyOf(streams);
    this.newConfig = newConfig;
  }

  public List<StreamSyncResult> streams() {
    return streams;
  }

  /** One row per stream, for {@code display()}. */
  public Dataset<Row> toDataFrame() {
    List<Row> rows = new ArrayList<>();
    for (StreamSyncResult s : streams) {
      rows.add(RowFactory.create(s.stream(), s.namespace(), s.table(),
          s.writeMode().name().toLowerCase(Locale.ROOT), s.recordsRead(), s.recordsWritten(),
          s.inserted(), s.updated(), s.deleted(), s.seconds(), s.state(), s.renames()));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  /**
   * The latest config the connector sent in a CONTROL message (e.g. rotated OAuth tokens), which
   * the next sync must use. It holds secrets: store it as such.
   */
  public Optional<String> newConfig() {
    return Optional.ofNullable(newConfig);
  }

  @Override
  public String toString() {
    return "SyncResult(" + streams.size() + " streams" + (newConfig == null ? "" : ", new config") + ")";
  }
}
