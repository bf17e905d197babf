package io.brickbyte.delta;

import io.brickbyte.AirbyteConfigException;
import io.brickbyte.protocol.AirbyteCatalog;
import io.brickbyte.protocol.AirbyteStream;
import io.brickbyte.protocol.ConfiguredCatalog.ConfiguredStream;
import io.brickbyte.protocol.SyncMode;
import io.brickbyte.schema.AirbyteColumns;
import io.brickbyte.schema.JsonSchemaMapper;
import io.brickbyte.spark.ReadConf;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Turns the discovered catalog and the options into one {@link StreamPlan} per selected stream. */
final class SyncPlanner {

  private final SparkSession spark;
  private final SyncOptions options;

  SyncPlanner(SparkSession spark, SyncOptions options) {
    this.spark = spark;
    this.options = options;
  }

  List<StreamPlan> plan(AirbyteCatalog catalog) {
    List<String> names = options.streams().isEmpty() ? catalog.names() : options.streams();
    for (String override : options.writeModes().keySet()) {
      if (!names.contains(override)) {
        throw new AirbyteConfigException("Option 'writeMode." + override + "' names a stream that "
            + "is not synced. Accepted: writeMode.<stream> for one of " + String.join(", ", names));
      }
    }
    List<StreamPlan> plans = new ArrayList<>();
    for (String name : names) {
      AirbyteStream stream = catalog.find(name, null).orElseThrow(() -> new AirbyteConfigException(
          "Option 'streams' names '" + name + "', which is not a stream of "
              + options.source().connector().name() + ". Accepted: " + String.join(", ", catalog.names())));
      plans.add(plan(stream));
    }
    return plans;
  }

  private StreamPlan plan(AirbyteStream stream) {
    boolean wantsIncremental = options.syncMode() == SyncMode.INCREMENTAL;
    boolean incremental = wantsIncremental && stream.supportedSyncModes().contains("incremental");
    SyncMode mode = incremental ? SyncMode.INCREMENTAL : SyncMode.FULL_REFRESH;
    List<String> cursor = incremental ? stream.defaultCursorField() : List.of();
    List<List<String>> key = stream.sourceDefinedPrimaryKey();
    List<String> keyColumns = new ArrayList<>();
    for (List<String> path : key) {
      keyColumns.add(String.join(".", path));
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
    String table = options.tableOf(stream.name());
    ReadConf source = options.source();
    StructType discovered = AirbyteColumns.append(
        new JsonSchemaMapper(source.numberType(), source.nested()).toStructType(stream.jsonSchema()));
    StructType schema = writeMode == WriteMode.OVERWRITE ? discovered : withTableTypes(table, discovered);
    // MERGE orders versions by the cursor even when the stream is read in full.
    List<String> ordering = cursor.isEmpty() ? stream.defaultCursorField() : cursor;
    String cursorColumn = ordering.size() == 1 && hasColumn(schema, ordering.get(0)) ? ordering.get(0) : null;
    ConfiguredStream configured = new ConfiguredStream(stream, mode, cursor, key);
    return new StreamPlan(configured, table, writeMode, schema, cursorColumn, keyColumns,
        wantsIncremental && !incremental);
  }

  /** The table's columns with their types, then the discovered columns it lacks (added on write). */
  private StructType withTableTypes(String table, StructType discovered) {
    if (!spark.catalog().tableExists(table)) {
      return discovered;
    }
    StructType existing = spark.table(table).schema();
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
