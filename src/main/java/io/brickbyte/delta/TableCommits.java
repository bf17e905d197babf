package io.brickbyte.delta;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Tags every data commit of a sync with its sync id and checkpoint (Delta's commit user metadata)
 * and makes it idempotent (Delta's {@code txnAppId}/{@code txnVersion}), so that a later run can
 * tell whether a checkpoint's data landed, and a retried write is not applied twice. They are
 * session settings (MERGE takes no write options), so {@code spark} must be the sync's own session.
 */
final class TableCommits {

  static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
  static final String TXN_APP_ID = "spark.databricks.delta.write.txnAppId";
  static final String TXN_VERSION = "spark.databricks.delta.write.txnVersion";
  /**
   * Part of every txnAppId: sync ids are unique in one JVM only, and Delta skips a write whose
   * txnAppId and txnVersion a table has seen, so two drivers' syncs must never share one.
   */
  private static final String JVM_NONCE = UUID.randomUUID().toString();
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
    ScopedConf.with(spark, Map.of(
        USER_METADATA, tag(syncId, checkpoint),
        TXN_APP_ID, "brickbyte-" + syncId + "-" + JVM_NONCE,
        TXN_VERSION, Long.toString(checkpoint)), write);
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

  /**
   * The operation metrics of that checkpoint's commit, found by its tag (another writer may have
   * committed since), or empty if the table has none (a write Delta skipped as already done).
   */
  Map<String, String> metrics(String table, long syncId, long checkpoint) {
    // The commit was just made, so it is nearly always the newest: one commit file read, not 100.
    List<Row> commits = taggedMetrics(table, syncId, checkpoint, 1);
    if (commits.isEmpty()) {
      commits = taggedMetrics(table, syncId, checkpoint, HISTORY_DEPTH);
    }
    if (commits.isEmpty() || commits.get(0).isNullAt(0)) {
      return Map.of();
    }
    return commits.get(0).getJavaMap(0);
  }

  private List<Row> taggedMetrics(String table, long syncId, long checkpoint, int depth) {
    return history(table, depth)
        .filter(functions.col("userMetadata").equalTo(tag(syncId, checkpoint)))
        .select("operationMetrics")
        .collectAsList();
  }
}
