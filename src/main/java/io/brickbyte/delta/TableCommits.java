package io.brickbyte.delta;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Tags every data commit of a sync with its sync id and checkpoint (Delta's commit user metadata)
 * and makes it idempotent (Delta's {@code txnAppId}/{@code txnVersion}), so that a later run can
 * tell whether a checkpoint's data landed, and a retried write is not applied twice.
 */
final class TableCommits {

  private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
  private static final String TXN_APP_ID = "spark.databricks.delta.write.txnAppId";
  private static final String TXN_VERSION = "spark.databricks.delta.write.txnVersion";
  /** How far back in a table's history a checkpoint's commit is looked for. */
  private static final int HISTORY_DEPTH = 100;

  private final SparkSession spark;

  TableCommits(SparkSession spark) {
    this.spark = spark;
  }

  static String tag(long syncId, long checkpoint) {
    return "brickbyte sync " + syncId + " checkpoint " + checkpoint;
  }

  /** Runs {@code write} as the commit of {@code checkpoint} of {@code syncId}. */
  void commit(long syncId, long checkpoint, Runnable write) {
    RuntimeConfig conf = spark.conf();
    conf.set(USER_METADATA, tag(syncId, checkpoint));
    conf.set(TXN_APP_ID, "brickbyte-" + syncId);
    conf.set(TXN_VERSION, Long.toString(checkpoint));
    try {
      write.run();
    } finally {
      conf.unset(USER_METADATA);
      conf.unset(TXN_APP_ID);
      conf.unset(TXN_VERSION);
    }
  }

  // SQL rather than DeltaTable.forName, whose open-source parser takes two-part names only.
  private Dataset<Row> history(String table, int depth) {
    return spark.sql("DESCRIBE HISTORY " + table + " LIMIT " + depth);
  }

  /** Whether the table's history holds the commit of {@code checkpoint} of {@code syncId}. */
  boolean landed(String table, long syncId, long checkpoint) {
    if (!spark.catalog().tableExists(table)) {
      return false;
    }
    return !history(table, HISTORY_DEPTH)
        .filter(functions.col("userMetadata").equalTo(tag(syncId, checkpoint)))
        .isEmpty();
  }

  /** The operation metrics of the table's latest commit if it is that checkpoint's, else empty. */
  Map<String, String> metrics(String table, long syncId, long checkpoint) {
    Row last = history(table, 1).select("userMetadata", "operationMetrics").first();
    if (!tag(syncId, checkpoint).equals(last.getString(0)) || last.isNullAt(1)) {
      return Map.of();
    }
    return last.getJavaMap(1);
  }
}
