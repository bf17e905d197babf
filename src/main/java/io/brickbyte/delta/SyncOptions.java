package io.brickbyte.delta;

import io.brickbyte.AirbyteConfigException;
import io.brickbyte.protocol.SyncMode;
import io.brickbyte.spark.ReadConf;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The options of one sync, checked once. The source side (connector, config, conversion, install)
 * is the data source's own {@link ReadConf}.
 *
 * @param writeModes per-stream overrides of the write mode, keyed by stream name
 */
public record SyncOptions(
    ReadConf source,
    String catalog,
    String schema,
    List<String> streams,
    SyncMode syncMode,
    String tablePrefix,
    Map<String, WriteMode> writeModes,
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
  public static final String DELETE_MODE = "deleteMode";
  public static final String CHECKPOINT_RECORDS = "checkpointRecords";
  public static final String CHECKPOINT_INTERVAL = "checkpointInterval";
  public static final String CONTROL_CONFIG_FILE = "controlConfigFile";

  public static final long DEFAULT_CHECKPOINT_RECORDS = 1_000_000;
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofMinutes(15);

  public SyncOptions {
    streams = List.copyOf(streams);
    writeModes = Map.copyOf(writeModes);
  }

  public static SyncOptions parse(Map<String, String> raw) {
    CaseInsensitiveStringMap options = new CaseInsensitiveStringMap(raw);
    String schema = options.get(SCHEMA);
    if (schema == null || schema.isBlank()) {
      throw new AirbyteConfigException(
          "Option 'schema' is required to sync. Accepted: the target schema (database) name, "
              + "e.g. bronze; with option 'catalog' for Unity Catalog");
    }
    Map<String, WriteMode> writeModes = new HashMap<>();
    raw.forEach((key, value) -> {
      if (key.toLowerCase(Locale.ROOT).startsWith(WRITE_MODE_PREFIX.toLowerCase(Locale.ROOT))) {
        writeModes.put(key.substring(WRITE_MODE_PREFIX.length()),
            choice(key, value, WriteMode.class, null));
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
        choice(DELETE_MODE, options.get(DELETE_MODE), DeleteMode.class, DeleteMode.HARD),
        positive(options, CHECKPOINT_RECORDS, DEFAULT_CHECKPOINT_RECORDS),
        ReadConf.duration(options, CHECKPOINT_INTERVAL, DEFAULT_CHECKPOINT_INTERVAL),
        blankToNull(options.get(CONTROL_CONFIG_FILE)));
  }

  /** The target schema as SQL: {@code `catalog`.`schema`} or {@code `schema`}. */
  public String qualifiedSchema() {
    return (catalog == null ? "" : quote(catalog) + ".") + quote(schema);
  }

  /** The Delta table of a stream, as SQL. */
  public String tableOf(String stream) {
    return qualifiedSchema() + "." + quote(tablePrefix + stream);
  }

  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
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
