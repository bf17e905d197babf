package io.brickbyte.delta;

import io.brickbyte.options.AirbyteOptions;
import io.brickbyte.options.OptionNames;
import io.brickbyte.options.OptionValues;
import io.brickbyte.options.SourceConf;
import io.brickbyte.protocol.SyncMode;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import scala.collection.JavaConverters;

/**
 * The options of one sync, checked once. The source side (connector, config, conversion, install)
 * is the data source's own {@link ReadConf}.
 *
 * @param writeModes per-stream overrides of the write mode, keyed by stream name
 * @param tableNames per-stream table names (one identifier, unquoted), keyed by stream name
 * @param changeDataFeed whether the tables record Delta's change data feed
 * @param parallelism how many connector runs may run at once, each for a group of the streams
 */
public record SyncOptions(
    SourceConf source,
    String catalog,
    String schema,
    List<String> streams,
    SyncMode syncMode,
    String tablePrefix,
    Map<String, WriteMode> writeModes,
    Map<String, String> tableNames,
    DeleteMode deleteMode,
    boolean changeDataFeed,
    long checkpointRecords,
    Duration checkpointInterval,
    String controlConfigFile,
    Duration progressInterval,
    int parallelism)
    implements Serializable {

  public static final long DEFAULT_CHECKPOINT_RECORDS = 1_000_000;
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofMinutes(15);
  public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(10);
  /** A bound on connector processes (and driver threads) one sync may start at once. */
  public static final int MAX_PARALLELISM = 64;

  public SyncOptions {
    streams = List.copyOf(streams);
    writeModes = Map.copyOf(writeModes);
    tableNames = Map.copyOf(tableNames);
  }

  /** Checks and parses a sync's options, where {@code hadoop} finds {@code stagingDir}'s file system. */
  public static SyncOptions parse(OptionValues options, Configuration hadoop) {
    OptionNames.SYNC.check(options.asMap());
    String schema = options.required(AirbyteOptions.SCHEMA,
        "the target schema (database) name, e.g. bronze; with option 'catalog' for Unity Catalog");
    Map<String, WriteMode> writeModes = new HashMap<>();
    options.withPrefix(AirbyteOptions.WRITE_MODE_PREFIX).forEach((stream, value) -> writeModes.put(
        stream, OptionValues.choice(AirbyteOptions.WRITE_MODE_PREFIX + stream, value, WriteMode.class)));
    Map<String, String> tableNames = new HashMap<>();
    options.withPrefix(AirbyteOptions.TABLE_NAME_PREFIX).forEach((stream, value) -> tableNames.put(
        stream, tableName(AirbyteOptions.TABLE_NAME_PREFIX + stream, value)));
    String catalog = options.get(AirbyteOptions.CATALOG);
    String controlConfigFile = options.get(AirbyteOptions.CONTROL_CONFIG_FILE);
    return new SyncOptions(
        SourceConf.parse(options, true, hadoop),
        catalog == null ? null : catalog.strip(),
        schema,
        options.names(AirbyteOptions.STREAMS),
        options.choice(AirbyteOptions.SYNC_MODE, SyncMode.class, SyncMode.FULL_REFRESH),
        options.get(AirbyteOptions.TABLE_PREFIX, ""),
        writeModes,
        tableNames,
        options.choice(AirbyteOptions.DELETE_MODE, DeleteMode.class, DeleteMode.HARD),
        options.bool(AirbyteOptions.CHANGE_DATA_FEED, false),
        options.positiveLong(AirbyteOptions.CHECKPOINT_RECORDS, DEFAULT_CHECKPOINT_RECORDS),
        options.duration(AirbyteOptions.CHECKPOINT_INTERVAL, DEFAULT_CHECKPOINT_INTERVAL),
        controlConfigFile == null ? null : controlConfigFile.strip(),
        options.duration(AirbyteOptions.PROGRESS_INTERVAL, DEFAULT_PROGRESS_INTERVAL),
        parallelism(options));
  }

  /** Option 'parallelism': a positive int, at most {@link #MAX_PARALLELISM}. */
  private static int parallelism(OptionValues options) {
    long parallelism = options.positiveLong(AirbyteOptions.PARALLELISM, 1);
    if (parallelism > MAX_PARALLELISM) {
      throw OptionValues.refused(AirbyteOptions.PARALLELISM, options.get(AirbyteOptions.PARALLELISM),
          null, "a whole number from 1 to " + MAX_PARALLELISM);
    }
    return (int) parallelism;
  }

  /** The target schema as SQL: {@code `catalog`.`schema`} or {@code `schema`}. */
  public String qualifiedSchema() {
    return (catalog == null ? "" : quote(catalog) + ".") + quote(schema);
  }

  /** A table of the target schema, as SQL. */
  public String qualifiedTable(String table) {
    return qualifiedSchema() + "." + quote(table);
  }

  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  /** One identifier as Spark SQL reads it: {@code orders}, or backquoted {@code `my orders`}. */
  private static String tableName(String option, String value) {
    List<String> parts;
    try {
      parts = value == null ? List.of()
          : JavaConverters.seqAsJavaList(CatalystSqlParser$.MODULE$.parseMultipartIdentifier(value));
    } catch (Exception e) { // Spark's ParseException, which javac cannot see declared
      parts = List.of();
    }
    if (parts.size() != 1 || parts.get(0).isBlank()) {
      throw OptionValues.refused(option, value, null, "one table name of the target schema, e.g. "
          + "orders, or `my orders` backquoted (the schema comes from option 'schema')");
    }
    return parts.get(0);
  }

  @Override
  public String toString() {
    return "SyncOptions(connector=" + source.connector().name() + ", target=" + qualifiedSchema()
        + ", streams=" + streams + ", syncMode=" + syncMode + ", parallelism=" + parallelism + ")";
  }
}
