package io.brickbyte.delta;

import static org.apache.spark.sql.functions.col;

import io.brickbyte.schema.AirbyteColumns;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Writes one checkpoint of one stream into its Delta table, the way its plan says. */
final class DeltaWriter {

  static final String CDC_DELETED_AT = "_ab_cdc_deleted_at";
  /** Lets MERGE add the columns the source added (schema evolution). */
  private static final String AUTO_MERGE = "spark.databricks.delta.schema.autoMerge.enabled";

  /** Rows inserted, updated and deleted by one write, from Delta's operation metrics. */
  record Counts(long written, long inserted, long updated, long deleted) {
    static final Counts NONE = new Counts(0, 0, 0, 0);

    Counts plus(Counts other) {
      return new Counts(written + other.written, inserted + other.inserted,
          updated + other.updated, deleted + other.deleted);
    }
  }

  private static final Pattern NEEDS_MAPPING = Pattern.compile("[ ,;{}()\\n\\t=]");
  /** Table properties of a column-mapped table; Delta takes them as writer options too. */
  private static final Map<String, String> COLUMN_MAPPING = Map.of("delta.columnMapping.mode", "name",
      "delta.minReaderVersion", "2", "delta.minWriterVersion", "5");

  private static final String CHANGE_DATA_FEED = "delta.enableChangeDataFeed";
  /**
   * A MERGE stream's new table: deletion vectors, so a MERGE marks the rows it replaces instead of
   * rewriting every file a batch touches; with keys spread over the table that is every file, and
   * the MERGE would cost what the table holds (bench/README.md, "MERGE at scale"). They need the
   * table-features protocol (reader 3, writer 7), which column mapping then lives in too.
   */
  private static final Map<String, String> DELETION_VECTORS = Map.of("delta.enableDeletionVectors", "true",
      "delta.minReaderVersion", "3", "delta.minWriterVersion", "7");

  private final SparkSession spark;
  private final DeleteMode deleteMode;
  private final boolean changeDataFeed;

  DeltaWriter(SparkSession spark, DeleteMode deleteMode, boolean changeDataFeed) {
    this.spark = spark;
    this.deleteMode = deleteMode;
    this.changeDataFeed = changeDataFeed;
  }

  /**
   * Creates the table from the plan's schema if it does not exist yet; with {@code
   * changeDataFeed}, an existing table that does not record it yet starts to.
   */
  void createIfMissing(StreamPlan plan) {
    Map<String, String> properties = newTableProperties(plan);
    // SQL, not DeltaTable.createIfNotExists: its builder takes two-part names only.
    spark.sql("CREATE TABLE IF NOT EXISTS " + plan.table() + " (" + plan.schema().toDDL()
        + ") USING delta" + (properties.isEmpty() ? "" : tblProperties(properties)));
    turnOnChangeDataFeed(plan.table());
  }

  /**
   * What a new table of the plan is created with: column mapping if its names need it, deletion
   * vectors for a MERGE stream, the feed.
   */
  private Map<String, String> newTableProperties(StreamPlan plan) {
    Map<String, String> properties = new TreeMap<>();
    if (needsColumnMapping(plan.schema())) {
      properties.putAll(COLUMN_MAPPING);
    }
    if (plan.writeMode() == WriteMode.MERGE) {
      properties.putAll(DELETION_VECTORS);
    }
    if (changeDataFeed) {
      properties.put(CHANGE_DATA_FEED, "true");
    }
    return properties;
  }

  /** With {@code changeDataFeed}, an existing table that does not record it yet starts to. */
  private void turnOnChangeDataFeed(String table) {
    if (changeDataFeed && !recordsChangeDataFeed(table)) {
      spark.sql("ALTER TABLE " + table + " SET" + tblProperties(Map.of(CHANGE_DATA_FEED, "true")));
    }
  }

  private static String tblProperties(Map<String, String> properties) {
    return properties.entrySet().stream()
        .map(p -> "'" + p.getKey() + "' = '" + p.getValue() + "'")
        .collect(Collectors.joining(", ", " TBLPROPERTIES (", ")"));
  }

  private boolean recordsChangeDataFeed(String table) {
    Map<String, String> properties =
        spark.sql("DESCRIBE DETAIL " + table).select("properties").first().getJavaMap(0);
    return "true".equalsIgnoreCase(properties.get(CHANGE_DATA_FEED));
  }

  /**
   * Whether a column name (at any depth) has a character Delta stores only with column mapping;
   * such tables are created with {@code delta.columnMapping.mode = name}, so names stay the source's.
   */
  static boolean needsColumnMapping(DataType type) {
    if (type instanceof StructType struct) {
      for (StructField field : struct.fields()) {
        if (NEEDS_MAPPING.matcher(field.name()).find() || needsColumnMapping(field.dataType())) {
          return true;
        }
      }
    } else if (type instanceof ArrayType array) {
      return needsColumnMapping(array.elementType());
    } else if (type instanceof MapType map) {
      return needsColumnMapping(map.valueType());
    }
    return false;
  }

  /**
   * Writes {@code records}, the staged read of one checkpoint as it comes (MERGE breaks ties by the
   * order of its rows, see {@link ArrivalOrder}). A full refresh creates or replaces the table with
   * its rows in one commit, column-mapped if its names need it, so no reader sees it empty.
   */
  void write(StreamPlan plan, Dataset<Row> records) {
    switch (plan.writeMode()) {
      case OVERWRITE -> {
        if (changeDataFeed && spark.catalog().tableExists(plan.table())) {
          turnOnChangeDataFeed(plan.table());
        }
        // Delta takes a new table's properties as writer options.
        records.write().format("delta").mode("overwrite").options(newTableProperties(plan))
            .option("overwriteSchema", "true").saveAsTable(plan.table());
      }
      case APPEND -> records.write().format("delta").mode("append")
          .option("mergeSchema", "true").saveAsTable(plan.table());
      case MERGE -> merge(plan, records);
    }
  }

  /** The counts in a commit's metrics: a MERGE's, or an append's or overwrite's. */
  static Counts counts(Map<String, String> metrics) {
    if (metrics.containsKey("numTargetRowsInserted")) {
      long inserted = number(metrics, "numTargetRowsInserted");
      long updated = number(metrics, "numTargetRowsUpdated");
      long deleted = number(metrics, "numTargetRowsDeleted");
      return new Counts(inserted + updated + deleted, inserted, updated, deleted);
    }
    long rows = number(metrics, "numOutputRows");
    return new Counts(rows, rows, 0, 0);
  }

  private void merge(StreamPlan plan, Dataset<Row> records) {
    List<String> keys = plan.keyColumns();
    Dataset<Row> newest = MergeSource.newest(records, keys, plan.cursorColumn());
    String onKeys = keys.stream()
        .map(k -> "t." + SyncOptions.quote(k) + " <=> s." + SyncOptions.quote(k))
        .collect(Collectors.joining(" AND "));
    String extracted = SyncOptions.quote(AirbyteColumns.EXTRACTED_AT);
    String sameOrNewer = "s." + extracted + " >= t." + extracted;
    String newer = sameOrNewer;
    if (plan.cursorColumn() != null) {
      String c = SyncOptions.quote(plan.cursorColumn());
      newer = "(t." + c + " IS NULL AND s." + c + " IS NOT NULL OR s." + c + " > t." + c
          + " OR (s." + c + " <=> t." + c + " AND " + sameOrNewer + "))";
    }
    boolean hardDeletes = deleteMode == DeleteMode.HARD
        && Arrays.asList(newest.columns()).contains(CDC_DELETED_AT);
    if (isEmpty(plan.table())) {
      // Nothing to match (a first sync, a backfill): a MERGE would only insert, at the price of
      // two joins. The newest version of each key goes in as an append.
      Dataset<Row> inserts = hardDeletes ? newest.filter(col(CDC_DELETED_AT).isNull()) : newest;
      inserts.write().format("delta").mode("append").option("mergeSchema", "true").saveAsTable(plan.table());
      return;
    }
    // Records no newer than their row are dropped from the source, so the MATCHED clauses need no
    // condition on the row (see MergeSource: with one, Delta reads every column of the table).
    Dataset<Row> source = MergeSource.withoutStale(spark, newest, plan.table(), keys, onKeys, newer);
    String deleted = "s." + SyncOptions.quote(CDC_DELETED_AT) + " IS NOT NULL";
    String view = "brickbyte_merge_source_" + Math.abs(System.nanoTime());
    // SQL rather than DeltaTable.forName, whose open-source parser takes two-part names only.
    StringBuilder sql = new StringBuilder("MERGE INTO " + plan.table() + " t USING " + view
        + " s ON " + onKeys);
    if (hardDeletes) {
      sql.append(" WHEN MATCHED AND ").append(deleted).append(" THEN DELETE");
    }
    sql.append(" WHEN MATCHED THEN UPDATE SET *");
    sql.append(" WHEN NOT MATCHED").append(hardDeletes ? " AND NOT (" + deleted + ")" : "").append(" THEN INSERT *");
    source.createOrReplaceTempView(view);
    try {
      ScopedConf.with(spark, Map.of(AUTO_MERGE, "true"), () -> spark.sql(sql.toString()));
    } finally {
      spark.catalog().dropTempView(view);
    }
  }

  private boolean isEmpty(String table) {
    return spark.sql("DESCRIBE DETAIL " + table).select("numFiles").first().getLong(0) == 0;
  }

  private static long number(Map<String, String> metrics, String name) {
    String value = metrics.get(name);
    return value == null ? 0 : Long.parseLong(value);
  }
}
