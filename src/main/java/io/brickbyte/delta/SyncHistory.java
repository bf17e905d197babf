package io.brickbyte.delta;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code _airbyte_syncs} Delta table of a target schema: one row per stream of every sync,
 * appended when the sync ends, successful or not, so that syncs can be charted and alerted on
 * with SQL. Its columns are the sync result's ({@link SyncResult#SCHEMA}); no config is in it.
 */
final class SyncHistory {

  static final String TABLE = "_airbyte_syncs";

  /** {@code ==1.2.3} of a pip or registry name, or the tag of a Docker image. */
  private static final Pattern VERSION = Pattern.compile("==\\s*([^\\s,;]+)\\s*$|^docker:[^\\s]*:([^/:\\s]+)$");

  private final SparkSession spark;
  private final String table;

  SyncHistory(SparkSession spark, SyncOptions options) {
    this.spark = spark;
    this.table = options.qualifiedSchema() + "." + SyncOptions.quote(TABLE);
  }

  void ensureExists() {
    spark.sql("CREATE TABLE IF NOT EXISTS " + table + " (" + SyncResult.SCHEMA.toDDL() + ") USING delta");
  }

  /** Appends a sync's rows; {@link #ensureExists} ran when the sync started. */
  void append(List<Row> rows) {
    spark.createDataFrame(rows, SyncResult.SCHEMA).write().format("delta").mode("append").saveAsTable(table);
  }

  /** The version the connector's name pins, or null (an {@code exec:} one, a registry default). */
  static String versionOf(String connector) {
    Matcher matcher = VERSION.matcher(connector.strip());
    if (!matcher.find()) {
      return null;
    }
    return matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
  }
}
