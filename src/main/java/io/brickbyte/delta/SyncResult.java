package io.brickbyte.delta;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The outcome of a sync: per stream counts, state and status, and a config update the source
 * asked for. Its rows are the ones the sync appended to {@code _airbyte_syncs}.
 */
public final class SyncResult {

  /** The result's columns, and the sync history's: the first twelve are those of earlier versions. */
  static final StructType SCHEMA =
      StructType.fromDDL(
          "stream STRING, namespace STRING, table STRING, write_mode STRING, records_read BIGINT, "
              + "records_written BIGINT, inserted BIGINT, updated BIGINT, deleted BIGINT, "
              + "seconds DOUBLE, state STRING, renames ARRAY<STRING>, sync_id BIGINT, "
              + "connector STRING, connector_version STRING, started_at TIMESTAMP, "
              + "ended_at TIMESTAMP, status STRING, reported_complete BOOLEAN, bytes_read BIGINT, "
              + "error STRING");

  /** Who ran and when: the same for every stream of a sync. */
  record Run(long syncId, String connector, String connectorVersion, Instant started, Instant ended) {}

  private final SparkSession spark;
  private final Run run;
  private final List<StreamSyncResult> streams;
  private final String newConfig;

  SyncResult(SparkSession spark, Run run, List<StreamSyncResult> streams, String newConfig) {
    this.spark = spark;
    this.run = run;
    this.streams = List.copyOf(streams);
    this.newConfig = newConfig;
  }

  public List<StreamSyncResult> streams() {
    return streams;
  }

  public long syncId() {
    return run.syncId();
  }

  /** One row per stream, for {@code display()}: the sync's rows of {@code _airbyte_syncs}. */
  public Dataset<Row> toDataFrame() {
    return spark.createDataFrame(rows(), SCHEMA);
  }

  List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (StreamSyncResult s : streams) {
      rows.add(RowFactory.create(s.stream(), s.namespace(), s.table(),
          s.writeMode().name().toLowerCase(Locale.ROOT), s.recordsRead(), s.recordsWritten(),
          s.inserted(), s.updated(), s.deleted(), s.seconds(), s.state(), s.renames(),
          run.syncId(), run.connector(), run.connectorVersion(), Timestamp.from(run.started()),
          Timestamp.from(run.ended()), s.status(), s.reportedComplete(), s.bytesRead(), s.error()));
    }
    return rows;
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
