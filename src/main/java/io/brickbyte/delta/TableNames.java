package io.brickbyte.delta;

import io.brickbyte.AirbyteConfigException;
import io.brickbyte.options.AirbyteOptions;
import io.brickbyte.schema.NameSuffix;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table of each synced stream. By default {@code tablePrefix + stream}, normalized as Airbyte's
 * destinations do: lower case, every character outside {@code [a-z0-9_]} replaced by {@code _}, a
 * leading digit prefixed by {@code _}. Where streams normalize to one name, each whose name was
 * not already that exact name gets {@link NameSuffix} of the stream name. A {@code
 * tableName.<stream>} option replaces the rule for its stream. A collision left after that is
 * refused, naming both streams, before any table is touched.
 */
final class TableNames {

  private TableNames() {}

  static String normalize(String name) {
    StringBuilder out = new StringBuilder();
    for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
      out.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
    }
    if (out.isEmpty() || Character.isDigit(out.charAt(0))) {
      out.insert(0, '_');
    }
    return out.toString();
  }

  /**
   * @param overrides table names by stream, as the options give them
   * @return the table name of each stream, in the order of {@code streams}
   */
  static Map<String, String> of(List<String> streams, String prefix, Map<String, String> overrides) {
    Map<String, Integer> sameNormalized = new HashMap<>();
    for (String stream : streams) {
      if (!overrides.containsKey(stream)) {
        sameNormalized.merge(normalize(prefix + stream), 1, Integer::sum);
      }
    }
    Map<String, String> tables = new LinkedHashMap<>();
    Map<String, String> streamOfTable = new HashMap<>();
    streamOfTable.put(StateStore.TABLE, null);
    streamOfTable.put(SyncHistory.TABLE, null);
    for (String stream : streams) {
      String table = overrides.containsKey(stream) ? overrides.get(stream) : ruleName(stream, prefix,
          sameNormalized.get(normalize(prefix + stream)) > 1);
      String key = table.toLowerCase(Locale.ROOT);
      if (streamOfTable.containsKey(key)) {
        throw collision(stream, table, streamOfTable.get(key));
      }
      streamOfTable.put(key, stream);
      tables.put(stream, table);
    }
    return tables;
  }

  private static String ruleName(String stream, String prefix, boolean collides) {
    String normalized = normalize(prefix + stream);
    boolean keeps = !collides || normalized.equals(prefix + stream);
    return keeps ? normalized : normalized + NameSuffix.of(stream);
  }

  private static AirbyteConfigException collision(String stream, String table, String other) {
    String what = other != null ? "stream '" + other + "'"
        : table.equalsIgnoreCase(SyncHistory.TABLE) ? "the sync history table" : "the sync's state table";
    return new AirbyteConfigException("Stream '" + stream + "' and " + what + " would both be "
        + "table '" + table + "' (table names ignore case). Accepted: option '"
        + AirbyteOptions.TABLE_NAME_PREFIX + stream + "' = another table name");
  }
}
