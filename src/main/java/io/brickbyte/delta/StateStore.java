package io.brickbyte.delta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.brickbyte.protocol.AirbyteMessage;
import io.brickbyte.protocol.Json;
import io.brickbyte.protocol.StateKey;
import io.brickbyte.protocol.StreamDescriptor;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code _airbyte_state} Delta table of a target schema: an append-only log of the sources'
 * STATE messages, verbatim. A checkpoint first logs its states as {@code pending} (with the tables
 * its data goes to), then writes the data, then logs them {@code committed}. The current state of
 * a key is its latest committed row, so state never runs ahead of the data; a pending entry left by
 * a killed sync is resolved at the next start by asking its tables whether the data landed.
 */
final class StateStore {

  static final String TABLE = "_airbyte_state";
  private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
  private static final StructType SCHEMA =
      StructType.fromDDL(
          "kind STRING, stream STRING, namespace STRING, state STRING, sync_id BIGINT, "
              + "checkpoint BIGINT, status STRING, tables STRING, updated_at TIMESTAMP");
  private static final String PENDING = "pending";
  private static final String COMMITTED = "committed";
  private static final String DISCARDED = "discarded";

  /** One state to persist: the message and the tables whose data it covers. */
  record Entry(AirbyteMessage.State state, List<String> tables) {}

  private record Logged(
      String kind, String stream, String namespace, String state, long syncId, long checkpoint,
      String status, List<String> tables, Timestamp updatedAt) {
    StateKey key() {
      return new StateKey(kind, stream == null ? null : new StreamDescriptor(stream, namespace));
    }
  }

  /**
   * Rows beyond one per key at which a start rewrites the log: every sync adds rows, and each
   * start reads them all.
   */
  static final int COMPACT_AFTER = 1000;

  private final SparkSession spark;
  private final String table;
  private final int compactAfter;

  StateStore(SparkSession spark, SyncOptions options) {
    this(spark, options.qualifiedSchema() + "." + SyncOptions.quote(TABLE), COMPACT_AFTER);
  }

  StateStore(SparkSession spark, String table, int compactAfter) {
    this.spark = spark;
    this.table = table;
    this.compactAfter = compactAfter;
  }

  String table() {
    return table;
  }

  /** Creates the log if it is missing; true if it did (then it is empty: nothing to read). */
  boolean ensureExists() {
    if (spark.catalog().tableExists(table)) {
      return false;
    }
    spark.sql("CREATE TABLE IF NOT EXISTS " + table + " (" + SCHEMA.toDDL() + ") USING delta");
    return true;
  }

  /** Settles what a killed sync left pending, then returns the current state of every key. */
  List<AirbyteMessage.State> current(TableCommits commits) {
    List<Logged> log = readLog();
    for (Settled settled : settle(log, commits)) {
      LOG.warn("Sync {} stopped after writing checkpoint {}: {} of its states are committed now "
          + "(their data had landed), {} are dropped", settled.syncId(), settled.checkpoint(),
          settled.promoted().size(), settled.discarded().size());
      append(settled.syncId(), settled.checkpoint(), COMMITTED, settled.promoted());
      append(settled.syncId(), settled.checkpoint(), DISCARDED, settled.discarded());
    }
    Map<StateKey, Logged> latest = latestCommitted(log);
    if (log.size() - latest.size() > compactAfter) {
      compact(latest.values(), log.size());
    }
    return statesOf(latest);
  }

  /**
   * The states {@link #current} would return, read only: for a reader beside the syncs (a
   * stream's {@code startingState=latest}), which must not settle the pending checkpoint of a sync
   * that may still be running. A pending state whose data landed counts, as the next sync counts it.
   */
  List<AirbyteMessage.State> committed(TableCommits commits) {
    List<Logged> log = readLog();
    settle(log, commits);
    return statesOf(latestCommitted(log));
  }

  void logPending(long syncId, long checkpoint, Collection<Entry> entries) {
    append(syncId, checkpoint, PENDING, entries);
  }

  void logCommitted(long syncId, long checkpoint, Collection<Entry> entries) {
    append(syncId, checkpoint, COMMITTED, entries);
  }

  /** A checkpoint a killed sync left pending: its states whose data landed, and the others. */
  private record Settled(long syncId, long checkpoint, List<Entry> promoted, List<Entry> discarded) {}

  /**
   * Decides each checkpoint whose states are all pending by asking its tables whether its data
   * landed, and adds to {@code log} the rows that decision logs; writes nothing.
   */
  private List<Settled> settle(List<Logged> log, TableCommits commits) {
    Map<String, List<Logged>> groups = new HashMap<>();
    for (Logged row : log) {
      groups.computeIfAbsent(row.syncId() + "/" + row.checkpoint(), g -> new ArrayList<>()).add(row);
    }
    List<Settled> settled = new ArrayList<>();
    for (List<Logged> group : groups.values()) {
      if (group.stream().anyMatch(row -> !PENDING.equals(row.status()))) {
        continue;
      }
      long syncId = group.get(0).syncId();
      long checkpoint = group.get(0).checkpoint();
      // Each lookup reads a table's history: once per table of the checkpoint.
      Map<String, Boolean> landedByTable = new HashMap<>();
      Predicate<String> landed =
          t -> landedByTable.computeIfAbsent(t, table -> commits.landed(table, syncId, checkpoint));
      List<Entry> promoted = new ArrayList<>();
      List<Entry> discarded = new ArrayList<>();
      for (Logged row : group) {
        boolean dataLanded = row.tables().stream().allMatch(landed);
        (dataLanded ? promoted : discarded).add(new Entry(stateOf(row.state()), row.tables()));
        log.add(new Logged(row.kind(), row.stream(), row.namespace(), row.state(), syncId, checkpoint,
            dataLanded ? COMMITTED : DISCARDED, row.tables(), row.updatedAt()));
      }
      settled.add(new Settled(syncId, checkpoint, promoted, discarded));
    }
    return settled;
  }

  /** Each key's latest committed row: its current state. */
  private static Map<StateKey, Logged> latestCommitted(List<Logged> log) {
    Map<StateKey, Logged> latest = new LinkedHashMap<>();
    log.stream()
        .filter(row -> COMMITTED.equals(row.status()))
        .sorted(Comparator.comparing(Logged::updatedAt).thenComparingLong(Logged::syncId)
            .thenComparingLong(Logged::checkpoint))
        .forEach(row -> latest.put(row.key(), row));
    return latest;
  }

  private static List<AirbyteMessage.State> statesOf(Map<StateKey, Logged> latest) {
    List<AirbyteMessage.State> states = new ArrayList<>();
    for (Logged row : latest.values()) {
      states.add(stateOf(row.state()));
    }
    return states;
  }

  /**
   * Rewrites the log as the current row of each key, in one commit that replaces only the files
   * it read (a row another sync logs meanwhile survives it). The rows it drops stay readable with
   * time travel ({@code VERSION AS OF}) until the table is vacuumed; if it fails, nothing changed.
   */
  private void compact(Collection<Logged> current, int logged) {
    try {
      write(current, "overwrite");
      LOG.info("Compacted {}: {} rows to the {} current ones", table, logged, current.size());
    } catch (RuntimeException e) {
      LOG.warn("Could not compact {}; it stays as it was: {}", table, e.toString());
    }
  }

  private List<Logged> readLog() {
    List<Logged> rows = new ArrayList<>();
    for (Row row : spark.table(table).collectAsList()) {
      List<String> tables = new ArrayList<>();
      if (row.getString(7) != null) {
        parse(row.getString(7)).forEach(t -> tables.add(t.asText()));
      }
      rows.add(new Logged(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
          row.getLong(4), row.getLong(5), row.getString(6), tables, row.getTimestamp(8)));
    }
    return rows;
  }

  private void append(long syncId, long checkpoint, String status, Collection<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    Timestamp now = new Timestamp(System.currentTimeMillis());
    List<Logged> rows = new ArrayList<>();
    for (Entry entry : entries) {
      AirbyteMessage.State state = entry.state();
      StreamDescriptor stream = state.stream();
      rows.add(new Logged(state.type(), stream == null ? null : stream.name(),
          stream == null ? null : stream.namespace(), state.json().toString(), syncId, checkpoint,
          status, entry.tables(), now));
    }
    write(rows, "append");
  }

  private void write(Collection<Logged> logged, String mode) {
    List<Row> rows = new ArrayList<>();
    for (Logged row : logged) {
      ArrayNode tables = Json.MAPPER.createArrayNode();
      row.tables().forEach(tables::add);
      rows.add(RowFactory.create(row.kind(), row.stream(), row.namespace(), row.state(), row.syncId(),
          row.checkpoint(), row.status(), tables.toString(), row.updatedAt()));
    }
    spark.createDataFrame(rows, SCHEMA).write().format("delta").mode(mode).saveAsTable(table);
  }

  private static AirbyteMessage.State stateOf(String json) {
    return new AirbyteMessage.State((ObjectNode) parse(json));
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(Objects.requireNonNull(json));
    } catch (Exception e) {
      throw new IllegalStateException("the state table holds JSON this library wrote", e);
    }
  }
}
