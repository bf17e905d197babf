package io.brickbyte.delta;

import io.brickbyte.AirbyteConfigException;
import io.brickbyte.protocol.SyncMode;
import io.brickbyte.spark.AirbyteOptions;
import io.brickbyte.spark.OptionNames;
import io.brickbyte.spark.ReadConf;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import scala.collection.JavaConverters;

/**
 * The options of one sync, checked once. The source side (connector, config, conversion, install)
 * is the data source's own {@link ReadConf}.
 *
 * @param writeModes per-stream overrides of the write mode, keyed by stream name
 * @param tableNames per-stream table names (one identifier, unquoted), keyed by stream name
 */
public record SyncOptions(
    ReadConf source,
    String catalog,
    String schema,
    List<String> streams,
    SyncMode syncMode,
    String tablePrefix,
    Map<String, WriteMode> writeModes,
    Map<String, String> tableNames,
    DeleteMode deleteMode,
    long checkpointRecords,
    Duration checkpointInterval,
    String controlConfigFile)
    implements Serializable {

  public static final String CATALOG = "catalog";
  public static final String SCHEMA = "schema";
  public static final String STREAMS = "streams";
  public static final String SYNC_MODE = "syncMode";
  public static final String TABLE_PREFIX = "tablePrefix";
  public static final String WRITE_MODE_PREFIX = "writeMode.";
  /** {@code tableName.<stream>}: the stream's table in the target schema, instead of the rule's. */
  public static final String TABLE_NAME_PREFIX = "tableName.";
  public static final String DELETE_MODE = "deleteMode";
  public static final String CHECKPOINT_RECORDS = "checkpointRecords";
  public static final String CHECKPOINT_INTERVAL = "checkpointInterval";
  public static final String CONTROL_CONFIG_FILE = "controlConfigFile";

  public static final long DEFAULT_CHECKPOINT_RECORDS = 1_000_000;
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofMinutes(15);

  public SyncOptions {
    streams = List.copyOf(streams);
    writeModes = Map.copyOf(writeModes);
    tableNames = Map.copyOf(tableNames);
  }

  /** The read options that mean nothing to a sync are refused, as a misspelled one is. */
  private static final OptionNames NAMES = OptionNames.of(
      List.of(AirbyteOptions.class, SyncOptions.class),
      Set.of(AirbyteOptions.STREAM, AirbyteOptions.NAMESPACE, AirbyteOptions.CURSOR_FIELD,
          AirbyteOptions.STATE, AirbyteOptions.EXECUTION, AirbyteOptions.ACTION));

  public static SyncOptions parse(Map<String, String> raw) {
    NAMES.check(raw, "a sync");
    CaseInsensitiveStringMap options = new CaseInsensitiveStringMap(raw);
    String schema = options.get(SCHEMA);
    if (schema == null || schema.isBlank()) {
      throw new AirbyteConfigException(
          "Option 'schema' is required to sync. Accepted: the target schema (database) name, "
              + "e.g. bronze; with option 'catalog' for Unity Catalog");
    }
    Map<String, WriteMode> writeModes = new HashMap<>();
    Map<String, String> tableNames = new HashMap<>();
    raw.forEach((key, value) -> {
      if (hasPrefix(key, WRITE_MODE_PREFIX)) {
        writeModes.put(key.substring(WRITE_MODE_PREFIX.length()),
            choice(key, value, WriteMode.class, null));
      } else if (hasPrefix(key, TABLE_NAME_PREFIX)) {
        tableNames.put(key.substring(TABLE_NAME_PREFIX.length()), tableName(key, value));
      }
    });
    return new SyncOptions(
        ReadConf.parseSource(options),
        blankToNull(options.get(CATALOG)),
        schema.strip(),
        streams(options.get(STREAMS)),
        choice(SYNC_MODE, options.get(SYNC_MODE), SyncMode.class, SyncMode.FULL_REFRESH),
        options.getOrDefault(TABLE_PREFIX, ""),
        writeModes,
        tableNames,
        choice(DELETE_MODE, options.get(DELETE_MODE), DeleteMode.class, DeleteMode.HARD),
        positive(options, CHECKPOINT_RECORDS, DEFAULT_CHECKPOINT_RECORDS),
        ReadConf.duration(options, CHECKPOINT_INTERVAL, DEFAULT_CHECKPOINT_INTERVAL),
        blankToNull(options.get(CONTROL_CONFIG_FILE)));
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

  private static boolean hasPrefix(String key, String prefix) {
    return key.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT));
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
      throw new AirbyteConfigException("Option '" + option + "' = '" + value + "' is not accepted. "
          + "Accepted: one table name of the target schema, e.g. orders, or `my orders` backquoted "
          + "(the schema comes from option 'schema')");
    }
    return parts.get(0);
  }

  private static List<String> streams(String value) {
    List<String> names = new ArrayList<>();
    if (value != null) {
      for (String name : value.split(",")) {
        if (!name.isBlank()) {
          names.add(name.strip());
        }
      }
    }
    return names;
  }

  private static long positive(CaseInsensitiveStringMap options, String option, long fallback) {
    String value = options.get(option);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long number = Long.parseLong(value.strip());
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException fallThrough) {
      // reported below
    }
    throw new AirbyteConfigException(
        "Option '" + option + "' = '" + value + "' is not accepted. Accepted: a positive whole number");
  }

  private static <E extends Enum<E>> E choice(String option, String value, Class<E> type, E fallback) {
    if (value == null || value.isBlank()) {
      if (fallback == null) {
        throw new AirbyteConfigException("Option '" + option + "' is empty. Accepted: " + accepted(type));
      }
      return fallback;
    }
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new AirbyteConfigException(
          "Option '" + option + "' = '" + value + "' is not accepted. Accepted: " + accepted(type));
    }
  }

  private static String accepted(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  @Override
  public String toString() {
    return "SyncOptions(connector=" + source.connector().name() + ", target=" + qualifiedSchema()
        + ", streams=" + streams + ", syncMode=" + syncMode + ")";
  }
}
