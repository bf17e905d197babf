package io.brickbyte.delta;

import io.brickbyte.AirbyteConfigException;
import io.brickbyte.options.AirbyteOptions;
import io.brickbyte.options.SourceConf;
import io.brickbyte.protocol.AirbyteCatalog;
import io.brickbyte.protocol.AirbyteStream;
import io.brickbyte.protocol.ConfiguredCatalog.ConfiguredStream;
import io.brickbyte.protocol.SyncMode;
import io.brickbyte.schema.AirbyteColumns;
import io.brickbyte.schema.ColumnNames;
import io.brickbyte.schema.JsonSchemaMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the discovered catalog and the options into one {@link StreamPlan} per selected stream. */
final class SyncPlanner {

  private static final Logger LOG = LoggerFactory.getLogger(SyncPlanner.class);

  private final SparkSession spark;
  private final SyncOptions options;

  SyncPlanner(SparkSession spark, SyncOptions options) {
    this.spark = spark;
    this.options = options;
  }

  List<StreamPlan> plan(AirbyteCatalog catalog) {
    List<String> names = options.streams().isEmpty() ? catalog.names() : options.streams();
    refuseUnsynced(AirbyteOptions.WRITE_MODE_PREFIX, options.writeModes().keySet(), names);
    refuseUnsynced(AirbyteOptions.TABLE_NAME_PREFIX, options.tableNames().keySet(), names);
    List<AirbyteStream> streams = new ArrayList<>();
    for (String name : names) {
      streams.add(catalog.find(name, null).orElseThrow(() -> new AirbyteConfigException(
          "Option 'streams' names '" + name + "', which is not a stream of "
              + options.source().connector().name() + ". Accepted: " + String.join(", ", catalog.names()))));
    }
    Map<String, String> tables = TableNames.of(names, options.tablePrefix(), options.tableNames());
    List<StreamPlan> plans = new ArrayList<>();
    for (AirbyteStream stream : streams) {
      StreamPlan plan = plan(stream, tables.get(stream.name()));
      if (!plan.renames().isEmpty()) {
        LOG.warn("Stream {} is synced under other names: {}", stream.name(), String.join("; ", plan.renames()));
      }
      plans.add(plan);
    }
    return plans;
  }

  private static void refuseUnsynced(String prefix, Set<String> overridden, List<String> synced) {
    for (String stream : overridden) {
      if (!synced.contains(stream)) {
        throw new AirbyteConfigException("Option '" + prefix + stream + "' names a stream that "
            + "is not synced. Accepted: " + prefix + "<stream> for one of " + String.join(", ", synced));
      }
    }
  }

  private StreamPlan plan(AirbyteStream stream, String tableName) {
    SourceConf source = options.source();
    StructType discovered = AirbyteColumns.append(
        new JsonSchemaMapper(source.numberType(), source.nested()).toStructType(stream.jsonSchema()));
    boolean wantsIncremental = options.syncMode() == SyncMode.INCREMENTAL;
    boolean incremental = wantsIncremental && stream.supportedSyncModes().contains("incremental");
    SyncMode mode = incremental ? SyncMode.INCREMENTAL : SyncMode.FULL_REFRESH;
    List<String> cursor = incremental ? stream.defaultCursorField() : List.of();
    List<List<String>> key = stream.sourceDefinedPrimaryKey();
    List<String> keyColumns = new ArrayList<>();
    for (List<String> path : key) {
      keyColumns.add(ColumnNames.columnPath(discovered, path));
    }
    WriteMode writeMode = options.writeModes().getOrDefault(stream.name(),
        !incremental ? WriteMode.OVERWRITE : keyColumns.isEmpty() ? WriteMode.APPEND : WriteMode.MERGE);
    if (writeMode == WriteMode.MERGE && keyColumns.isEmpty()) {
      throw new AirbyteConfigException("Option 'writeMode." + stream.name() + "' = 'merge' needs a "
          + "primary key, and stream '" + stream.name() + "' declares none. Accepted: overwrite, append");
    }
    if (key.stream().anyMatch(path -> path.size() != 1) && writeMode == WriteMode.MERGE) {
      throw new AirbyteConfigException("Stream '" + stream.name() + "' has a nested primary key "
          + key + ", which MERGE does not support yet. Accepted: writeMode." + stream.name() + "=append");
    }
    String table = options.qualifiedTable(tableName);
    StructType schema = writeMode == WriteMode.OVERWRITE ? discovered : withTableTypes(table, discovered);
    // MERGE orders versions by the cursor even when the stream is read in full.
    List<String> ordering = cursor.isEmpty() ? stream.defaultCursorField() : cursor;
    String orderingColumn = ordering.size() == 1 ? ColumnNames.columnPath(discovered, ordering) : null;
    String cursorColumn = orderingColumn != null && hasColumn(schema, orderingColumn) ? orderingColumn : null;
    ConfiguredStream configured = new ConfiguredStream(stream, mode, cursor, key);
    return new StreamPlan(configured, table, writeMode, schema, cursorColumn, keyColumns,
        wantsIncremental && !incremental, renames(stream.name(), tableName, discovered));
  }

  /** The names that differ from the source's; a change of case alone is none, catalogs ignore it. */
  private List<String> renames(String stream, String tableName, StructType columns) {
    List<String> renames = new ArrayList<>();
    if (!tableName.equalsIgnoreCase(options.tablePrefix() + stream)) {
      renames.add("table " + options.tablePrefix() + stream + " -> " + tableName);
    }
    for (String column : ColumnNames.renames(columns)) {
      renames.add("column " + column);
    }
    return List.copyOf(renames);
  }

  /** The table's columns with their types, then the discovered columns it lacks (added on write). */
  private StructType withTableTypes(String table, StructType discovered) {
    if (!spark.catalog().tableExists(table)) {
      return discovered;
    }
    StructType existing = (StructType) ColumnNames.withProperties(spark.table(table).schema(), discovered);
    Set<String> known = java.util.Arrays.stream(existing.fieldNames())
        .map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    StructType merged = existing;
    for (StructField field : discovered.fields()) {
      if (!known.contains(field.name().toLowerCase(Locale.ROOT))) {
        merged = merged.add(field);
      }
    }
    return merged;
  }

  private static boolean hasColumn(StructType schema, String name) {
    return java.util.Arrays.asList(schema.fieldNames()).contains(name);
  }
}
